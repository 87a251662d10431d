#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# The same frames as tcpreplay: shared Ethernet captures (pcap, and
# pcapng, which Debian's tcpreplay 4.4 reads through libpcap) replayed at
# top speed by tcpreplay and by pktgen-zc to the same veth; the peer's
# capture of the two runs must match byte for byte, in order.  One capture
# holds both runs of every file, each run behind a marker frame.
source "$(dirname "$0")/lib.sh"
require_pcaps
require_cmd tcpreplay
setup

files=()
for b in DECnet_Phone.pcap ipx.pcap mptcp-fclose.pcap nhrp.pcapng; do
	[ -f "$PZC_PCAPS/$b" ] && files+=("$b")
done
[ "${#files[@]}" -ge 2 ] || skip "fewer than two of the chosen shared captures are present"

names=() pairs=()
for b in "${files[@]}"; do
	names+=("tcpreplay-$b" "pktgen-zc-$b")
	pairs+=("tcpreplay-$b:pktgen-zc-$b")
done
util gen-markers "$TMP" "${names[@]}"

cap_start both 0
for b in "${files[@]}"; do
	replay_ok "m1-$b" --topspeed "$TMP/tcpreplay-$b.mark" || true
	rc=0
	ip netns exec "$NS_A" tcpreplay -q -t -i "$DEV_A" "$PZC_PCAPS/$b" \
		>"$TMP/tcpreplay-$b.out" 2>&1 || rc=$?
	[ "$rc" -eq 0 ] || {
		cat "$TMP/tcpreplay-$b.out" >&2
		fail "$b: tcpreplay exited $rc"
	}
	replay_ok "m2-$b" --topspeed "$TMP/pktgen-zc-$b.mark" || true
	replay_ok "pktgen-zc-$b" --topspeed "$PZC_PCAPS/$b" || true
done
cap_stop both
if util cmp-marked "$TMP/both.cap.pcap" "${pairs[@]}" >"$TMP/cmp.out"; then
	sed "s/^/[$TEST_NAME] /" "$TMP/cmp.out"
else
	sed "s/^/[$TEST_NAME] /" "$TMP/cmp.out" >&2
	fail "pktgen-zc and tcpreplay sent different frames (above)"
fi
finish
