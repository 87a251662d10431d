# SPDX-License-Identifier: GPL-2.0-only
# tests/lib/common.sh: what every shell test shares (sourced, bash).
#
# Verdicts: a test counts its failed checks (fail) and goes on; finish
# exits 0 (all passed) or 1; skip exits 77 at once with a loud banner
# that says why (CI installs everything, so a skip there is a bug in the
# CI image); fatal exits 1 at once when the test cannot go on.
#
# Clean-up: sourcing installs an EXIT trap (and INT/TERM/HUP traps that
# exit through it) that stops the capture and every tracked process,
# deletes every namespace made with ns_new, runs what at_exit registered
# (last first) and removes $TMP, keeping the test's exit status.  A test
# must not set its own EXIT trap; it registers with at_exit instead.
#
# Namespaces are named pzc-TEST-PID-TAG: the pid of the test's shell is
# unique among live processes, so tests never collide when they run in
# parallel, and a name that exists already is a leftover of a dead run
# with the same pid (deleted first).
#
# Sourcing changes no shell option (set -e and the like are the suite's
# choice).  The executables come from the environment (meson sets them):
# PKTGEN_ZC, PZC_CAPTURE, PZC_PCAPCMP.  PZC_PROBE_JSON, if set, is a file
# read instead of running `pktgen-zc probe --json` (to check that a test
# follows the probe: hand it a probe that lies, and it must fail).

[ -n "${PZC_COMMON_SH:-}" ] && return 0
PZC_COMMON_SH=1

PZC_TESTS_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SKIP=77
FAILS=0
TEST_NAME=${TEST_NAME:-$(basename "$0" .sh)}
TMP=
CAP_PID=
CAP_COUNT=0
# Extra pzc-capture options, before the filter (e.g. (-f "" -t 60)).
CAP_OPTS=()
_T_NS=()
_T_PIDS=()
_T_AT_EXIT=()
_T_PROBE=
NS_A=
NS_B=

# --- verdicts -----------------------------------------------------------

log() { echo "[$TEST_NAME] $*"; }

pass() { echo "[$TEST_NAME] ok: $*"; }

# A failed check: counted; the test goes on and fails at finish.
fail() {
	echo "[$TEST_NAME] FAIL: $*" >&2
	FAILS=$((FAILS + 1))
}

# The test cannot go on (its set-up broke): exit 1 now.
fatal() {
	echo "[$TEST_NAME] FATAL: $*" >&2
	exit 1
}

skip() {
	echo "###################################################################" >&2
	echo "### SKIP $TEST_NAME: $*" >&2
	echo "###################################################################" >&2
	exit $SKIP
}

finish() {
	log "ran for ${SECONDS}s"
	if [ "$FAILS" -ne 0 ]; then
		echo "[$TEST_NAME] $FAILS check(s) FAILED" >&2
		exit 1
	fi
	echo "[$TEST_NAME] all checks passed"
	exit 0
}

# --- requirements (each skips, saying what is missing and how to fix it) --

require_root() {
	[ "$(id -u)" -eq 0 ] ||
		skip "needs root (${1:-network namespaces, veth, packet sockets}); run 'sudo meson test -C build --suite netns'"
}

# require_cmd CMD...: each in PATH.
require_cmd() {
	local t
	for t in "$@"; do
		command -v "$t" >/dev/null 2>&1 ||
			skip "needs '$t' in PATH (scripts/deps.sh installs it; CI has it)"
	done
}

# require_exe VAR...: each environment variable names an executable.
require_exe() {
	local v
	for v in "$@"; do
		[ -n "${!v:-}" ] && [ -x "${!v}" ] ||
			skip "\$$v ('${!v:-}') is not an executable (run through 'meson test', which sets it)"
	done
}

# require_file PATH WHAT: PATH exists; WHAT says what it is.
require_file() {
	[ -e "$1" ] || skip "$2 is missing: '$1'"
}

# --- temporary files and clean-up -------------------------------------------

# tmpdir: make $TMP (removed at exit).
tmpdir() {
	[ -n "$TMP" ] && return 0
	TMP=$(mktemp -d "${TMPDIR:-/tmp}/pzc-$TEST_NAME.XXXXXX") ||
		fatal "cannot make a temporary directory"
}

# at_exit 'COMMAND': run COMMAND (eval'd) at exit, the last registered
# first, before the namespaces go.
at_exit() { _T_AT_EXIT+=("$1"); }

# track PID: a background process to stop (SIGTERM) at exit.
track() { _T_PIDS+=("$1"); }

_t_exit() {
	local rc=$? i
	set +e
	trap - EXIT
	if [ -n "$CAP_PID" ]; then
		kill -TERM "$CAP_PID" 2>/dev/null
		wait "$CAP_PID" 2>/dev/null
	fi
	for i in "${_T_PIDS[@]}"; do
		kill -TERM "$i" 2>/dev/null && wait "$i" 2>/dev/null
	done
	for ((i = ${#_T_AT_EXIT[@]} - 1; i >= 0; i--)); do
		eval "${_T_AT_EXIT[i]}"
	done
	for i in "${_T_NS[@]}"; do
		ip netns del "$i" 2>/dev/null
	done
	[ -n "$TMP" ] && rm -rf "$TMP"
	exit $rc
}
trap _t_exit EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

# --- network namespaces -------------------------------------------------------

# ns_new VAR TAG: a new namespace, lo up, deleted at exit; its name in VAR.
ns_new() {
	local tag=$2 name err
	name="pzc-${TEST_NAME//[^A-Za-z0-9_.-]/_}-$$-$tag"
	require_root
	require_cmd ip
	# Our pid in the name: an existing one is a dead run's leftover.
	ip netns del "$name" 2>/dev/null || true
	if ! err=$(ip netns add "$name" 2>&1); then
		[ ${#_T_NS[@]} -eq 0 ] &&
			skip "cannot create network namespaces (ip netns add: $err)"
		fatal "ip netns add $name: $err"
	fi
	_T_NS+=("$name")
	ip -n "$name" link set lo up
	printf -v "$1" %s "$name"
}

ns_exec() {
	local ns=$1
	shift
	ip netns exec "$ns" "$@"
}

# /sys/class/net shows the namespace of whoever mounted sysfs: read it
# from inside.
ns_cat() { ip netns exec "$1" cat "$2"; }

ns_mac() { ns_cat "$1" "/sys/class/net/$2/address"; }

# ns_veth NS1 DEV1 NS2 DEV2: a veth pair between two namespaces, both up.
ns_veth() {
	ip -n "$1" link add "$2" type veth peer name "$4" netns "$3" ||
		skip "cannot create a veth pair (CONFIG_VETH?)"
	ip -n "$1" link set "$2" up
	ip -n "$3" link set "$4" up
}

# ns_addr NS DEV CIDR...: addresses (IPv6 without duplicate detection).
ns_addr() {
	local ns=$1 dev=$2 a
	shift 2
	for a in "$@"; do
		case "$a" in
		*:*) ip -n "$ns" addr add "$a" dev "$dev" nodad ;;
		*) ip -n "$ns" addr add "$a" dev "$dev" ;;
		esac
	done
}

# ns_ipv6_off NS: no IPv6 at all, so the kernel sends nothing of its own
# (router solicitations, MLD); with no IPv4 address, no ARP either.
ns_ipv6_off() {
	ip netns exec "$1" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 \
		net.ipv6.conf.default.disable_ipv6=1
}

# ns_wait_up NS DEV: wait (at most 5 s) for the link's carrier.
ns_wait_up() {
	local i
	for i in $(seq 100); do
		[ "$(ns_cat "$1" "/sys/class/net/$2/operstate")" = up ] &&
			return 0
		sleep 0.05
	done
	fatal "$2 in $1 did not come up"
}

# ns_pair: the usual topology, namespace NS_A (sender) and NS_B (peer)
# joined by veth DEV_A <-> DEV_B (defaults pzca, pzcb), both up; sets
# MAC_A, MAC_B and MTU.  No addresses (ns_addr).  NS_A and NS_B are
# made unless ns_new made them already (to set them up first).
ns_pair() {
	tmpdir
	DEV_A=${DEV_A:-pzca}
	DEV_B=${DEV_B:-pzcb}
	[ -n "$NS_A" ] || ns_new NS_A a
	[ -n "$NS_B" ] || ns_new NS_B b
	ns_veth "$NS_A" "$DEV_A" "$NS_B" "$DEV_B"
	MAC_A=$(ns_mac "$NS_A" "$DEV_A")
	MAC_B=$(ns_mac "$NS_B" "$DEV_B")
	MTU=$(ns_cat "$NS_A" "/sys/class/net/$DEV_A/mtu")
	ns_wait_up "$NS_A" "$DEV_A"
	ns_wait_up "$NS_B" "$DEV_B"
}

# --- sanitizers --------------------------------------------------------------

# no_sanitizer FILE WHAT: a sanitizer report in FILE fails the test
# whatever else it expects (CI runs the suites under ASan+UBSan).
no_sanitizer() {
	if grep -Eq 'runtime error:|AddressSanitizer|LeakSanitizer|UndefinedBehaviorSanitizer' "$1"; then
		cat "$1" >&2
		fail "$2: a sanitizer report"
		return 1
	fi
	return 0
}

# --- the peer's capture (pzc-capture) ------------------------------------------

# cap_start NAME [COUNT [FILTER]]: capture on CAP_DEV in CAP_NS (default
# DEV_B in NS_B) into $TMP/NAME.cap.pcap (its output NAME.cap.out and
# .cap.err); it stops itself after COUNT frames and a grace.  FILTER
# empty: pzc-capture's default (UDP to port 9000), or what CAP_OPTS says.
# Returns once the capture says it is ready.
cap_start() {
	local name=$1 count=${2:-0} filter=${3:-} i
	local args=(-i "${CAP_DEV:-$DEV_B}" -w "$TMP/$name.cap.pcap")
	require_exe PZC_CAPTURE
	CAP_COUNT=$count
	[ "$count" -gt 0 ] && args+=(-c "$count")
	args+=("${CAP_OPTS[@]}")
	[ -n "$filter" ] && args+=(-f "$filter")
	ip netns exec "${CAP_NS:-$NS_B}" "$PZC_CAPTURE" "${args[@]}" \
		>"$TMP/$name.cap.out" 2>"$TMP/$name.cap.err" &
	CAP_PID=$!
	for i in $(seq 200); do
		grep -q '^ready$' "$TMP/$name.cap.out" 2>/dev/null && return 0
		kill -0 "$CAP_PID" 2>/dev/null || break
		sleep 0.025
	done
	cat "$TMP/$name.cap.err" >&2
	fatal "the capture on ${CAP_DEV:-$DEV_B} did not become ready"
}

# cap_stop NAME [SECONDS]: with a COUNT, give the capture SECONDS
# (default 5) to reach it; without, wait SECONDS if given, else 200 ms
# (veth hands a frame to the peer's packet socket within the send call
# or the softirq right after it).  Then stop it.  A capture error or a
# kernel drop fails the test (a drop would look like a sender bug).
cap_stop() {
	local name=$1 secs=${2:-} i rc=0 summary
	if [ "$CAP_COUNT" -gt 0 ]; then
		secs=${secs:-5}
	elif [ -z "$secs" ]; then
		sleep 0.2
		secs=0
	fi
	for i in $(seq $((secs * 20))); do
		kill -0 "$CAP_PID" 2>/dev/null || break
		sleep 0.05
	done
	kill -TERM "$CAP_PID" 2>/dev/null || true
	wait "$CAP_PID" || rc=$?
	CAP_PID=
	if [ "$rc" -ne 0 ]; then
		cat "$TMP/$name.cap.err" >&2
		fail "$name: the capture failed (exit $rc)"
		return 0
	fi
	summary=$(tail -n1 "$TMP/$name.cap.out")
	case "$summary" in
	"frames "*" drops 0 ifdrops 0") ;;
	*) fail "$name: the capture reports drops: $summary" ;;
	esac
}

# cap_frames NAME: how many frames the capture wrote.
cap_frames() { tail -n1 "$TMP/$1.cap.out" | awk '{print $2}'; }

# --- what the running kernel supports (pktgen-zc probe --json) -----------------

# probe_load: run the probe once (in the test's own shell, not in a
# command substitution, so that the result is kept).
probe_load() {
	[ -n "$_T_PROBE" ] && return 0
	require_cmd jq
	if [ -n "${PZC_PROBE_JSON:-}" ]; then
		_T_PROBE=$(cat "$PZC_PROBE_JSON") ||
			fatal "\$PZC_PROBE_JSON '$PZC_PROBE_JSON' cannot be read"
	else
		require_exe PKTGEN_ZC
		_T_PROBE=$("$PKTGEN_ZC" probe --json) ||
			fatal "pktgen-zc probe --json failed"
	fi
	jq -e . >/dev/null 2>&1 <<<"$_T_PROBE" ||
		fatal "probe --json is not JSON: $(head -c 300 <<<"$_T_PROBE")"
}

# probe_get JQ-EXPR: one value of the probe (jq -r).  A field the probe
# does not have is fatal: a test must not guess what the kernel does.
probe_get() {
	local v
	probe_load
	v=$(jq -r "$1" <<<"$_T_PROBE")
	[ -n "$v" ] && [ "$v" != null ] ||
		fatal "probe --json has no $1 (a renamed field?): $(head -c 300 <<<"$_T_PROBE")"
	printf '%s\n' "$v"
}

# probe_zc KIND: true when the kernel accepts SO_ZEROCOPY on KIND
# (packet, packet-dgram, raw, raw6, udp, udp6).
probe_zc() {
	local v
	probe_load
	v=$(probe_get ".zerocopy[\"$1\"].supported") || exit 1
	[ "$v" = true ]
}

# probe_ring: true when packet sockets get a TX ring.
probe_ring() {
	local v
	probe_load
	v=$(probe_get .tx_ring.supported) || exit 1
	[ "$v" = true ]
}

# probe_log: one line of what the kernel supports, for the test's log.
probe_log() {
	local k s=
	probe_load
	for k in packet packet-dgram raw raw6 udp udp6; do
		if probe_zc "$k"; then s="$s $k=yes"; else s="$s $k=no"; fi
	done
	log "probe: kernel $(probe_get .kernel || exit 1): SO_ZEROCOPY$s;" \
		"tx ring $(probe_ring && echo yes || echo no)"
}
