# SPDX-License-Identifier: GPL-2.0-only
# Shared by the recv tests (sourced, bash).  Each test makes its own pair
# of network namespaces, pzr-<test>-<pid>-a (sender) and -b (receiver),
# joined by a veth pair pzra <-> pzrb (198.18.0.0/24, 2001:db8:1::/64),
# so tests may run side by side; an EXIT trap removes them and every
# temporary file.  PKTGEN_ZC comes from meson.  A test that cannot run
# (not root, a tool missing) exits 77 and says why, loudly.

set -euo pipefail

SKIP=77
TEST_NAME=$(basename "$0" .sh)
NS_A="pzr-$TEST_NAME-$$-a"
NS_B="pzr-$TEST_NAME-$$-b"
DEV_A=pzra
DEV_B=pzrb
IP4_A=198.18.0.1
IP4_B=198.18.0.2
IP6_A=2001:db8:1::1
IP6_B=2001:db8:1::2
PORT=9000
FAILS=0
RECV_PID=

skip() {
	echo "###################################################################" >&2
	echo "### SKIP $TEST_NAME: $*" >&2
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
	if [ "$FAILS" -ne 0 ]; then
		echo "[$TEST_NAME] $FAILS check(s) FAILED" >&2
		exit 1
	fi
	echo "[$TEST_NAME] all checks passed"
	exit 0
}

require_exe() {
	[ -n "${PKTGEN_ZC:-}" ] && [ -x "$PKTGEN_ZC" ] ||
		skip "\$PKTGEN_ZC is not set to an executable (run through 'meson test', which sets it)"
}

require_tools() {
	local t
	for t in "$@"; do
		command -v "$t" >/dev/null 2>&1 ||
			skip "needs '$t' in PATH (scripts/deps.sh installs it; CI has it)"
	done
}

cleanup() {
	local rc=$?
	set +e
	[ -n "$RECV_PID" ] && kill -CONT "$RECV_PID" 2>/dev/null &&
		kill -TERM "$RECV_PID" 2>/dev/null && wait "$RECV_PID" 2>/dev/null
	ip netns del "$NS_A" 2>/dev/null
	ip netns del "$NS_B" 2>/dev/null
	[ -n "${TMP:-}" ] && rm -rf "$TMP"
	exit $rc
}

setup() {
	[ "$(id -u)" -eq 0 ] ||
		skip "needs root (network namespaces, veth, packet sockets); run 'sudo meson test -C build --suite recv'"
	require_tools ip timeout python3
	require_exe
	if [ -x /usr/bin/python3 ]; then PYTHON=/usr/bin/python3; else PYTHON=python3; fi
	TMP=$(mktemp -d "/tmp/pzr-$TEST_NAME.XXXXXX")
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
	MAC_B=$(ip netns exec "$NS_B" cat "/sys/class/net/$DEV_B/address")
	local i
	for i in $(seq 100); do
		[ "$(ip netns exec "$NS_A" cat "/sys/class/net/$DEV_A/operstate")" = up ] &&
			[ "$(ip netns exec "$NS_B" cat "/sys/class/net/$DEV_B/operstate")" = up ] &&
			return 0
		sleep 0.05
	done
	echo "[$TEST_NAME] the veth pair did not come up" >&2
	exit 1
}

pzc_a() { ip netns exec "$NS_A" "$PKTGEN_ZC" "$@"; }

# recv_start NAME ARGS...: 'pktgen-zc recv --dev pzrb --json ARGS' in
# the receiver's namespace, JSON into $TMP/NAME.json; returns once it
# says it is ready (the ring is bound), so a sender may start.
recv_start() {
	local name=$1
	shift
	# --duration 60 first: a safety net that the test's own options
	# override (no 'timeout' wrapper: the pid must be recv's own).
	ip netns exec "$NS_B" "$PKTGEN_ZC" recv --dev "$DEV_B" --duration 60 \
		--json "$@" >"$TMP/$name.json" 2>"$TMP/$name.err" &
	RECV_PID=$!
	local i
	for i in $(seq 400); do
		grep -q "recv: ready on" "$TMP/$name.err" 2>/dev/null && return 0
		kill -0 "$RECV_PID" 2>/dev/null || break
		sleep 0.025
	done
	cat "$TMP/$name.err" >&2
	echo "[$TEST_NAME] recv did not become ready" >&2
	exit 1
}

# recv_wait NAME: wait for recv to end by itself (its --count or --idle).
recv_wait() {
	local name=$1 rc=0
	wait "$RECV_PID" || rc=$?
	RECV_PID=
	if [ "$rc" -ne 0 ]; then
		cat "$TMP/$name.err" >&2
		fail "$name: recv exited $rc"
	fi
}

# jget NAME EXPR: a Python expression over the end object (e) and the
# whole document (d) of $TMP/NAME.json.
jget() {
	"$PYTHON" -c 'import json, sys
d = json.load(open(sys.argv[1])); e = d["end"]
print(eval(sys.argv[2]))' "$TMP/$1.json" "$2"
}

# expect NAME WHAT EXPR WANT: one check of the end object.
expect() {
	local name=$1 what=$2 expr=$3 want=$4 got
	got=$(jget "$name" "$expr" 2>&1) || got="(unreadable: $got)"
	if [ "$got" = "$want" ]; then
		pass "$name: $what = $want"
	else
		fail "$name: $what is $got, expected $want"
	fi
}
