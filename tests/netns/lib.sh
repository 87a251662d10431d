# SPDX-License-Identifier: GPL-2.0-only
# The netns suite's layer over tests/lib/common.sh (sourced, bash; also
# by tests/rel).  setup makes the test's pair of namespaces (NS_A sender,
# NS_B peer; see ns_pair) joined by veth pzca <-> pzcb, addressed from
# 198.18.0.0/24 and 2001:db8:1::/64; nothing leaves them, and the exit
# trap removes them with every temporary file.  send_case is the suite's
# check: capture on the peer, send, compare with pzc-pcapcmp.
#
# The executables come from meson (env): PKTGEN_ZC, PZC_CAPTURE,
# PZC_PCAPCMP.

set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../lib/common.sh"

IP4_A=198.18.0.1
IP4_B=198.18.0.2
IP6_A=2001:db8:1::1
IP6_B=2001:db8:1::2
PORT=9000

# The namespaces, the veth pair, addresses; the link is up on return.
setup() {
	require_root
	require_cmd ip timeout python3
	require_exe PKTGEN_ZC PZC_CAPTURE PZC_PCAPCMP
	# The system interpreter when there is one: a version-manager shim
	# in PATH can cost seconds per call on a loaded machine.
	if [ -x /usr/bin/python3 ]; then PYTHON=/usr/bin/python3; else PYTHON=python3; fi
	ns_pair
	ns_addr "$NS_A" "$DEV_A" "$IP4_A/24" "$IP6_A/64"
	ns_addr "$NS_B" "$DEV_B" "$IP4_B/24" "$IP6_B/64"
}

pzc_a() { ip netns exec "$NS_A" "$PKTGEN_ZC" "$@"; }

# PZC_PATH (set by meson per test): the transmit path send_case asks for
# with --path, and checks in the summary; unset, the automatic choice.

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
	pzc_a --dev "$DEV_A" --count "$n" --rate 20kpps --quiet \
		--dst-port "$PORT" --write-pcap "$TMP/$name.sent.pcap" \
		${PZC_PATH:+--path "$PZC_PATH"} "$@" \
		>"$TMP/$name.out" 2>"$TMP/$name.err" || rc=$?
	cap_stop "$name" 3
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

# zc_refused KIND: the running kernel refuses SO_ZEROCOPY on KIND
# sockets (a stock kernel on packet and raw ones; the kernel/ series adds
# it and the vm suite sends with it).  What a user of --path zerocopy
# gets here is then the thing to check: exit status 1, one line naming
# the refusal and the way out, and no frame on the wire.  Ends the test.
zc_refused() {
	local k=$1 mode rc=0 frames
	case $k in
	packet) mode=packet ;;
	packet-dgram) mode=packet-dgram ;;
	raw|raw6) mode=raw ;;
	*) fatal "zc_refused: no mode for socket kind $k" ;;
	esac
	log "this kernel ($(probe_get .kernel)) refuses SO_ZEROCOPY on $k sockets (probe --json: $(probe_get ".zerocopy[\"$k\"].error")): checking the refusal"
	cap_start zc-refused 0 "udp dst port 9000"
	local mac=(--dst-mac "$MAC_B")
	[ "$mode" = raw ] && mac=()
	pzc_a --dev "$DEV_A" --mode "$mode" --path zerocopy --dst-ip "$IP4_B" \
		"${mac[@]}" --dst-port 9000 --count 10 --quiet \
		>"$TMP/zc-refused.out" 2>"$TMP/zc-refused.err" || rc=$?
	cap_stop zc-refused 1
	frames=$(cap_frames zc-refused)
	if [ "$rc" = 1 ] && [ "$(wc -l <"$TMP/zc-refused.err")" = 1 ] &&
	   grep -q "SO_ZEROCOPY refused by the kernel.*--path auto or copy" \
		"$TMP/zc-refused.err" && [ "$frames" = 0 ]; then
		pass "--path zerocopy in $mode mode: exit 1, one line: $(cat "$TMP/zc-refused.err"); nothing sent"
	else
		fail "--path zerocopy in $mode mode on a kernel without it: exit $rc, $frames frames on the wire, stderr: $(cat "$TMP/zc-refused.err")"
	fi
	finish
}

# path_needs KIND...: the path PZC_PATH asks for must be one the running
# kernel has (pktgen-zc probe --json): zerocopy needs SO_ZEROCOPY on each
# socket KIND the test uses (the kernel/ series adds it to packet and raw
# sockets), ring the packet TX ring.  Else the test skips, saying so.
path_needs() {
	local k
	probe_log
	case "${PZC_PATH:-}" in
	zerocopy)
		for k in "$@"; do
			probe_zc "$k" || zc_refused "$k"
		done ;;
	ring)
		probe_ring ||
			skip "--path ring: no packet TX ring on this kernel (probe --json: $(probe_get .tx_ring.error))" ;;
	esac
}
