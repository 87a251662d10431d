# SPDX-License-Identifier: GPL-2.0-only
# Shared by the replay tests (sourced, bash).  Each test gets its own pair
# of network namespaces, pzcr-<pid>-a (sender) and pzcr-<pid>-b (peer),
# joined by a veth pair rpa <-> rpb.  Neither end has an address and both
# have IPv6 disabled, so neither kernel sends anything of its own (no
# router solicitations, MLD, ARP): a capture on rpb without a filter holds
# exactly what pktgen-zc sent, which is what replaying arbitrary captures
# (STP, IPX, DECnet, ...) needs.  An EXIT trap removes the namespaces and
# every temporary file.
#
# The executables come from meson (env): PKTGEN_ZC, PZC_CAPTURE; PZC_PCAPS
# is the shared capture directory.  pcaputil.py (next to this file) is the
# independent oracle.  A test that cannot run (not root, a tool missing)
# exits 77 and says why, loudly: CI runs as root with everything
# installed, so a skip there is a bug in the CI image.

set -euo pipefail

SKIP=77
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
NS_A="pzcr-$$-a"
NS_B="pzcr-$$-b"
DEV_A=rpa
DEV_B=rpb
FAILS=0
CAP_PID=
TEST_NAME=$(basename "$0" .sh)

skip() {
	echo "###################################################################" >&2
	echo "### SKIP replay/$TEST_NAME: $*" >&2
	echo "###################################################################" >&2
	exit $SKIP
}

log() { echo "[$TEST_NAME] $*"; }

fail() {
	echo "[$TEST_NAME] FAIL: $*" >&2
	FAILS=$((FAILS + 1))
}

pass() { echo "[$TEST_NAME] ok: $*"; }

finish() {
	log "ran for ${SECONDS}s"
	if [ "$FAILS" -ne 0 ]; then
		echo "[$TEST_NAME] $FAILS check(s) FAILED" >&2
		exit 1
	fi
	echo "[$TEST_NAME] all checks passed"
	exit 0
}

require_tools() {
	local t
	for t in "$@"; do
		command -v "$t" >/dev/null 2>&1 ||
			skip "needs '$t' in PATH (install it; CI has it)"
	done
}

require_pcaps() {
	[ -n "${PZC_PCAPS:-}" ] && [ -d "$PZC_PCAPS" ] &&
		[ -f "$PZC_PCAPS/INDEX.tsv" ] ||
		skip "the shared captures are missing: \$PZC_PCAPS='${PZC_PCAPS:-}' (the repository's ../shared/pcaps; CI has it)"
}

cleanup() {
	local rc=$?
	set +e
	if [ -n "$CAP_PID" ]; then
		kill -TERM "$CAP_PID" 2>/dev/null
		wait "$CAP_PID" 2>/dev/null
	fi
	ip netns del "$NS_A" 2>/dev/null
	ip netns del "$NS_B" 2>/dev/null
	[ -n "${TMP:-}" ] && rm -rf "$TMP"
	exit $rc
}

cat_ns() { ip netns exec "$1" cat "$2"; }

setup() {
	[ "$(id -u)" -eq 0 ] ||
		skip "needs root (network namespaces, veth, packet sockets); run 'sudo meson test -C build --suite netns'"
	require_tools ip python3
	PY=$(python3 -c 'import sys; print(sys.executable)')
	local v
	for v in PKTGEN_ZC PZC_CAPTURE; do
		[ -n "${!v:-}" ] && [ -x "${!v}" ] ||
			skip "\$$v is not set to an executable (run through 'meson test', which sets it)"
	done
	TMP=$(mktemp -d "/tmp/pzc-replay-$TEST_NAME.XXXXXX")
	trap cleanup EXIT
	trap 'exit 130' INT TERM
	ip netns add "$NS_A" || skip "cannot create network namespaces (ip netns add)"
	ip netns add "$NS_B"
	local ns
	for ns in "$NS_A" "$NS_B"; do
		ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 \
			net.ipv6.conf.default.disable_ipv6=1
		ip -n "$ns" link set lo up
	done
	ip -n "$NS_A" link add "$DEV_A" type veth peer name "$DEV_B" netns "$NS_B"
	ip -n "$NS_A" link set "$DEV_A" up
	ip -n "$NS_B" link set "$DEV_B" up
	MAC_A=$(cat_ns "$NS_A" "/sys/class/net/$DEV_A/address")
	MAC_B=$(cat_ns "$NS_B" "/sys/class/net/$DEV_B/address")
	MTU=$(cat_ns "$NS_A" "/sys/class/net/$DEV_A/mtu")
	local i
	for i in $(seq 100); do
		[ "$(cat_ns "$NS_A" "/sys/class/net/$DEV_A/operstate")" = up ] &&
			[ "$(cat_ns "$NS_B" "/sys/class/net/$DEV_B/operstate")" = up ] &&
			return 0
		sleep 0.05
	done
	echo "[$TEST_NAME] the veth pair did not come up" >&2
	exit 1
}

# The interpreter itself, not a version manager's shim in front of it
# (pyenv's costs seconds a call on a loaded machine).
# Set by setup().
PY=python3
util() { "$PY" "$HERE/pcaputil.py" "$@"; }

# cap_start NAME [COUNT]: capture everything arriving on rpb into
# $TMP/NAME.cap; stops itself 200 ms after COUNT frames (so that surplus
# frames are caught too), or at cap_stop.  Returns once it is ready.
CAP_COUNT=0
cap_start() {
	local name=$1 count=${2:-0}
	local args=(-i "$DEV_B" -w "$TMP/$name.cap" -f "" -t 60 -g 200)
	CAP_COUNT=$count
	[ "$count" -gt 0 ] && args+=(-c "$count")
	ip netns exec "$NS_B" "$PZC_CAPTURE" "${args[@]}" \
		>"$TMP/$name.capout" 2>"$TMP/$name.caperr" &
	CAP_PID=$!
	local i
	for i in $(seq 200); do
		grep -q '^ready$' "$TMP/$name.capout" 2>/dev/null && return 0
		kill -0 "$CAP_PID" 2>/dev/null || break
		sleep 0.025
	done
	cat "$TMP/$name.caperr" >&2
	echo "[$TEST_NAME] the capture on $DEV_B did not become ready" >&2
	exit 1
}

# cap_stop NAME [SECONDS]: let the capture reach its count (at most
# SECONDS, default 5), stop it; fails the test on a capture error or on
# kernel drops (a drop would look like a sender bug).  Without a count,
# 200 ms: veth hands a frame to the peer's packet socket within the send
# call (or the softirq right after it), so by the time the sender has
# exited everything it sent is in the capture ring or just behind it.
cap_stop() {
	local name=$1 secs=${2:-5} i rc=0
	[ "$CAP_COUNT" -gt 0 ] || secs=0
	[ "$CAP_COUNT" -gt 0 ] || sleep 0.2
	for i in $(seq $((secs * 20))); do
		kill -0 "$CAP_PID" 2>/dev/null || break
		sleep 0.05
	done
	kill -TERM "$CAP_PID" 2>/dev/null || true
	wait "$CAP_PID" || rc=$?
	CAP_PID=
	if [ "$rc" -ne 0 ]; then
		cat "$TMP/$name.caperr" >&2
		fail "$name: the capture failed (exit $rc)"
		return 0
	fi
	local summary
	summary=$(tail -n1 "$TMP/$name.capout")
	case "$summary" in
	"frames "*" drops 0 ifdrops 0") ;;
	*) fail "$name: the capture reports drops: $summary" ;;
	esac
}

# replay NAME ARGS...: pktgen-zc replay ARGS --dev rpa --json in the
# sender namespace; stdout to $TMP/NAME.json, stderr to $TMP/NAME.err,
# the exit status in RC.  A sanitizer report or a death by signal is a
# failure whatever the test expects (CI runs this suite under ASan+UBSan).
replay() {
	local name=$1
	shift
	RC=0
	ip netns exec "$NS_A" "$PKTGEN_ZC" replay "$@" --dev "$DEV_A" --json \
		>"$TMP/$name.json" 2>"$TMP/$name.err" || RC=$?
	if grep -Eq 'runtime error:|AddressSanitizer|LeakSanitizer|UndefinedBehaviorSanitizer' \
		"$TMP/$name.err"; then
		cat "$TMP/$name.err" >&2
		fail "$name: a sanitizer report from pktgen-zc replay $*"
	fi
	if [ "$RC" -ge 128 ]; then
		cat "$TMP/$name.err" >&2
		fail "$name: pktgen-zc replay $* died by signal $((RC - 128))"
	fi
}

# jget NAME EXPR: a value from the end object of $TMP/NAME.json, EXPR a
# python expression over `e` (json.dumps'd unless a str).
jget() {
	"$PY" - "$TMP/$1.json" "$2" <<'EOF'
import json, sys
e = json.load(open(sys.argv[1]))["end"]
v = eval(sys.argv[2])
print(v if isinstance(v, str) else json.dumps(v, sort_keys=True))
EOF
}

# replay_ok NAME ARGS...: replay, which must exit 0 with "error": null
# (grep, not python: this runs often and python starts slowly).
replay_ok() {
	local name=$1
	replay "$@"
	if [ "$RC" -ne 0 ]; then
		cat "$TMP/$name.err" >&2
		fail "$name: pktgen-zc replay ${*:2} exited $RC"
		return 1
	fi
	grep -q '"error": null' "$TMP/$name.json" || {
		fail "$name: the JSON reports an error or has no end: $(grep -o '"error": .*' "$TMP/$name.json")"
		return 1
	}
	return 0
}
