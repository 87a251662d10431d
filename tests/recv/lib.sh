# SPDX-License-Identifier: GPL-2.0-only
# The recv suite's layer over tests/lib/common.sh (sourced, bash), which
# gives the namespaces, verdicts, requirements and clean-up.  setup makes
# the test's pair of namespaces (NS_A sender, NS_B receiver; see ns_pair)
# joined by veth pzra <-> pzrb, addressed from 198.18.0.0/24 and
# 2001:db8:1::/64; the exit trap removes them with every temporary file.
# What is recv's own: starting 'pktgen-zc recv' and waiting for its
# "recv: ready on" line, waiting for it to end, and reading its JSON.
#
# PKTGEN_ZC comes from meson (env).

set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../lib/common.sh"

DEV_A=pzra
DEV_B=pzrb
IP4_A=198.18.0.1
IP4_B=198.18.0.2
IP6_A=2001:db8:1::1
IP6_B=2001:db8:1::2
PORT=9000
RECV_PID=

# The namespaces, the veth pair, addresses; the link is up on return.
setup() {
	require_root
	require_cmd ip python3
	require_exe PKTGEN_ZC
	# The system interpreter when there is one: a version-manager shim
	# in PATH can cost seconds per call on a loaded machine.
	if [ -x /usr/bin/python3 ]; then PYTHON=/usr/bin/python3; else PYTHON=python3; fi
	ns_pair
	ns_addr "$NS_A" "$DEV_A" "$IP4_A/24" "$IP6_A/64"
	ns_addr "$NS_B" "$DEV_B" "$IP4_B/24" "$IP6_B/64"
}

pzc_a() { ip netns exec "$NS_A" "$PKTGEN_ZC" "$@"; }

# At exit, before the namespaces go: a recv still running is let go
# (kdrops stops it with SIGSTOP, and a stopped process would keep
# SIGTERM pending and the wait for ever), then stopped.  Not `track`:
# that sends SIGTERM alone.
_recv_exit() {
	[ -n "$RECV_PID" ] || return 0
	kill -CONT "$RECV_PID" 2>/dev/null &&
		kill -TERM "$RECV_PID" 2>/dev/null && wait "$RECV_PID" 2>/dev/null
	RECV_PID=
}
at_exit _recv_exit

# recv_start NAME ARGS...: 'pktgen-zc recv --dev pzrb --json ARGS' in
# the receiver's namespace, JSON into $TMP/NAME.json; returns once it
# says it is ready (the ring is bound), so a sender may start.
recv_start() {
	local name=$1 i
	shift
	# --duration 60 first: a safety net that the test's own options
	# override (no 'timeout' wrapper: the pid must be recv's own).
	ip netns exec "$NS_B" "$PKTGEN_ZC" recv --dev "$DEV_B" --duration 60 \
		--json "$@" >"$TMP/$name.json" 2>"$TMP/$name.err" &
	RECV_PID=$!
	for i in $(seq 400); do
		grep -q "recv: ready on" "$TMP/$name.err" 2>/dev/null && return 0
		kill -0 "$RECV_PID" 2>/dev/null || break
		sleep 0.025
	done
	cat "$TMP/$name.err" >&2
	fatal "$name: recv did not become ready"
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
