# SPDX-License-Identifier: GPL-2.0-only
# Shared by the netns tests (sourced, bash).  Each test gets its own pair
# of network namespaces, pzc-<pid>-a (sender) and pzc-<pid>-b (peer),
# joined by a veth pair pzca <-> pzcb, addressed from 198.18.0.0/24 and
# 2001:db8:1::/64; nothing leaves them, and an EXIT trap removes them with
# every temporary file.
#
# The executables come from meson (env): PKTGEN_ZC, PZC_CAPTURE,
# PZC_PCAPCMP.  A test that cannot run (not root, a tool missing) exits 77
# and says why, loudly: CI runs as root with everything installed, so a
# skip there is a bug in the CI image.

set -euo pipefail

SKIP=77
NS_A="pzc-$$-a"
NS_B="pzc-$$-b"
DEV_A=pzca
DEV_B=pzcb
IP4_A=198.18.0.1
IP4_B=198.18.0.2
IP6_A=2001:db8:1::1
IP6_B=2001:db8:1::2
PORT=9000
FAILS=0
CAP_PID=
TEST_NAME=$(basename "$0" .sh)

skip() {
	echo "###################################################################" >&2
	echo "### SKIP $TEST_NAME: $*" >&2
	echo "###################################################################" >&2
	exit $SKIP
}

log() { echo "[$TEST_NAME] $*"; }

# A failed check: counted, the test goes on and fails at the end.
fail() {
	echo "[$TEST_NAME] FAIL: $*" >&2
	FAILS=$((FAILS + 1))
}

pass() { echo "[$TEST_NAME] ok: $*"; }

finish() {
	if [ "$FAILS" -ne 0 ]; then
		echo "[$TEST_NAME] $FAILS check(s) FAILED" >&2
		exit 1
	fi
	echo "[$TEST_NAME] all checks passed"
	exit 0
}

require_root() {
	[ "$(id -u)" -eq 0 ] ||
		skip "needs root (network namespaces, veth, raw sockets); run 'sudo meson test -C build --suite netns'"
}

require_tools() {
	local t
	for t in "$@"; do
		command -v "$t" >/dev/null 2>&1 ||
			skip "needs '$t' in PATH (install it; CI has it)"
	done
}

require_exes() {
	local v
	for v in PKTGEN_ZC PZC_CAPTURE PZC_PCAPCMP; do
		[ -n "${!v:-}" ] && [ -x "${!v}" ] ||
			skip "\$$v is not set to an executable (run through 'meson test', which sets it)"
	done
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

# The namespaces, the veth pair, addresses; waits until the link is up.
setup() {
	require_root
	require_tools ip timeout python3
	require_exes
	# The system interpreter when there is one: a version-manager shim
	# in PATH can cost seconds per call on a loaded machine.
	if [ -x /usr/bin/python3 ]; then PYTHON=/usr/bin/python3; else PYTHON=python3; fi
	TMP=$(mktemp -d "/tmp/pzc-netns-$TEST_NAME.XXXXXX")
	trap cleanup EXIT
	trap 'exit 130' INT TERM
	ip netns add "$NS_A" || skip "cannot create network namespaces (ip netns add)"
	ip netns add "$NS_B"
	ip -n "$NS_A" link set lo up
	ip -n "$NS_B" link set lo up
	ip -n "$NS_A" link add "$DEV_A" type veth peer name "$DEV_B" netns "$NS_B"
	ip -n "$NS_A" addr add "$IP4_A/24" dev "$DEV_A"
	ip -n "$NS_A" addr add "$IP6_A/64" dev "$DEV_A" nodad
	ip -n "$NS_B" addr add "$IP4_B/24" dev "$DEV_B"
	ip -n "$NS_B" addr add "$IP6_B/64" dev "$DEV_B" nodad
	ip -n "$NS_A" link set "$DEV_A" up
	ip -n "$NS_B" link set "$DEV_B" up
	MAC_A=$(cat_ns "$NS_A" "/sys/class/net/$DEV_A/address")
	MAC_B=$(cat_ns "$NS_B" "/sys/class/net/$DEV_B/address")
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

# /sys/class/net shows the namespace of whoever mounted sysfs: read it
# from inside.
cat_ns() { ip netns exec "$1" cat "$2"; }

pzc_a() { ip netns exec "$NS_A" "$PKTGEN_ZC" "$@"; }

# PZC_PATH (set by meson per test): the transmit path send_case asks for
# with --path, and checks in the summary; unset, the automatic choice.

# cap_start NAME [COUNT [FILTER]]: a capture on the peer into
# $TMP/NAME.cap.pcap; returns once it says "ready".
cap_start() {
	local name=$1 count=${2:-0} filter=${3:-}
	local args=(-i "$DEV_B" -w "$TMP/$name.cap.pcap" -t 30 -g 300)
	[ "$count" -gt 0 ] && args+=(-c "$count")
	[ -n "$filter" ] && args+=(-f "$filter")
	ip netns exec "$NS_B" "$PZC_CAPTURE" "${args[@]}" \
		>"$TMP/$name.cap.out" 2>"$TMP/$name.cap.err" &
	CAP_PID=$!
	local i
	for i in $(seq 200); do
		grep -q '^ready$' "$TMP/$name.cap.out" 2>/dev/null && return 0
		kill -0 "$CAP_PID" 2>/dev/null || break
		sleep 0.025
	done
	cat "$TMP/$name.cap.err" >&2
	echo "[$TEST_NAME] the capture on $DEV_B did not become ready" >&2
	exit 1
}

# cap_stop NAME [SECONDS]: give the capture SECONDS (default 3) to reach
# its count, then stop it; prints its summary line.  Fails the test on a
# capture error or on kernel drops (a drop would make a count mismatch
# look like a sender bug).
cap_stop() {
	local name=$1 secs=${2:-3} i rc=0
	for i in $(seq $((secs * 20))); do
		kill -0 "$CAP_PID" 2>/dev/null || break
		sleep 0.05
	done
	kill -TERM "$CAP_PID" 2>/dev/null || true
	wait "$CAP_PID" || rc=$?
	CAP_PID=
	cat "$TMP/$name.cap.err" >&2
	if [ "$rc" -ne 0 ]; then
		fail "$name: the capture failed (exit $rc)"
		return 0
	fi
	local summary
	summary=$(tail -n1 "$TMP/$name.cap.out")
	log "$name: capture: $summary"
	case "$summary" in
	"frames "*" drops 0 ifdrops 0") ;;
	*) fail "$name: the capture reports drops: $summary" ;;
	esac
}

# send_case NAME N "CMP OPTIONS" PKTGEN-ZC ARGS...: capture on the peer,
# send N stamped frames to port 9000 at 20 kpps with --write-pcap, then
# compare the record with the capture (pzc-pcapcmp CMP OPTIONS plus
# --count N --stamps).  $CAP_FILTER, if set, replaces the capture filter
# (a later --dst-port in ARGS overrides port 9000).
send_case() {
	local name=$1 n=$2 cmpopts=$3
	shift 3
	local rc=0
	cap_start "$name" "$n" "${CAP_FILTER:-}"
	pzc_a --dev "$DEV_A" --count "$n" --rate 20k --quiet \
		--dst-port "$PORT" --write-pcap "$TMP/$name.sent.pcap" \
		${PZC_PATH:+--path "$PZC_PATH"} "$@" \
		>"$TMP/$name.out" 2>"$TMP/$name.err" || rc=$?
	cap_stop "$name"
	if [ "$rc" -ne 0 ]; then
		cat "$TMP/$name.out" "$TMP/$name.err" >&2
		fail "$name: pktgen-zc $* exited $rc"
		return 0
	fi
	if [ -n "${PZC_PATH:-}" ] &&
	   ! grep -q "^  path $PZC_PATH," "$TMP/$name.out"; then
		fail "$name: not sent on the $PZC_PATH path: $(grep '^  path' "$TMP/$name.out")"
		return 0
	fi
	# shellcheck disable=SC2086
	if "$PZC_PCAPCMP" $cmpopts --count "$n" --stamps \
		"$TMP/$name.sent.pcap" "$TMP/$name.cap.pcap" \
		>"$TMP/$name.cmp" 2>&1; then
		pass "$name: $n frames ($*): $(head -n1 "$TMP/$name.cmp")"
	else
		cat "$TMP/$name.cmp" >&2
		fail "$name: the capture differs from what pktgen-zc recorded ($*)"
	fi
}
