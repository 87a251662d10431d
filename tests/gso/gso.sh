#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# --gso SEG in packet and packet-dgram modes: one UDP super-frame a send
# behind a virtio_net_hdr (PACKET_VNET_HDR), cut by the kernel into
# SEG-byte datagrams.  The sending veth's UDP segmentation and checksum
# offloads are off, so the stack segments and sums each datagram itself
# before it leaves (veth would otherwise carry the super-frame, with a
# partial checksum, to the peer): the capture on the peer then shows the
# real segments.  For every case the capture must hold exactly the
# number of datagrams the test computes, each of the length the test
# computes, with good IP and UDP checksums and in-order stamps
# (pzc-pcapcmp --verify --stamps), byte for byte what --write-pcap
# recorded.  PZC_PATH (meson) is the transmit path.
source "$(dirname "$0")/../netns/lib.sh"
require_cmd ethtool tshark
setup
path_needs packet
# The kernel must take UDP GSO from a virtio_net_hdr (Linux 6.2 on).
[ "$(probe_get .vnet_hdr.gso_udp_l4)" = true ] ||
	skip "this kernel ($(probe_get .kernel)) takes no UDP GSO through PACKET_VNET_HDR (probe --json: vnet_hdr $(probe_get .vnet_hdr))"

# Segmentation before the capture: no UDP GSO and no checksum offload
# on the sending end.
ip netns exec "$NS_A" ethtool -K "$DEV_A" tx off tx-udp-segmentation off \
	>/dev/null 2>&1 || true
feat=$(ip netns exec "$NS_A" ethtool -k "$DEV_A")
for f in tx-udp-segmentation tx-checksum-ip-generic; do
	grep -q "^[[:space:]]*$f: off" <<<"$feat" ||
		skip "cannot turn $f off on veth (ethtool -K): the capture would show super-frames"
done

# gso_case NAME SENDS SEG PAYLOAD PKTGEN-ZC ARGS...
gso_case() {
	local name=$1 n=$2 seg=$3 pay=$4
	shift 4
	local nseg=$(((pay + seg - 1) / seg)) rc=0 want got k
	local frames=$((n * nseg))
	cap_start "$name" "$frames"
	pzc_a --dev "$DEV_A" --count "$n" --rate 5kpps --quiet \
		--dst-port "$PORT" --payload-size "$pay" --gso "$seg" \
		--write-pcap "$TMP/$name.sent.pcap" --path "$PZC_PATH" "$@" \
		>"$TMP/$name.out" 2>"$TMP/$name.err" || rc=$?
	cap_stop "$name"
	if [ "$rc" -ne 0 ]; then
		cat "$TMP/$name.out" "$TMP/$name.err" >&2
		fail "$name: pktgen-zc $* exited $rc"
		return 0
	fi
	if ! grep -q "^  path $PZC_PATH," "$TMP/$name.out"; then
		fail "$name: not sent on the $PZC_PATH path: $(grep '^  path' "$TMP/$name.out")"
		return 0
	fi
	grep -q ": $frames frames, " "$TMP/$name.out" ||
		fail "$name: the summary does not count $frames frames: $(grep '^sent' "$TMP/$name.out")"
	# The lengths the kernel must cut, computed here, not by the tool.
	want=$(for ((k = 0; k < frames; k++)); do
		r=$((k % nseg))
		if [ "$r" -lt $((nseg - 1)) ]; then
			echo $((seg + 8))
		else
			echo $((pay - (nseg - 1) * seg + 8))
		fi
	done | tr '\n' ' ')
	got=$(tshark -r "$TMP/$name.cap.pcap" -T fields -e udp.length \
		2>/dev/null | tr '\n' ' ')
	if [ "$got" != "$want" ]; then
		fail "$name: captured UDP lengths differ from the $frames expected segments (${want:0:60}...): ${got:0:60}..."
		return 0
	fi
	if "$PZC_PCAPCMP" --level "${LEVEL:-l2}" --verify --stamps \
		--count "$frames" \
		"$TMP/$name.sent.pcap" "$TMP/$name.cap.pcap" \
		>"$TMP/$name.cmp" 2>&1; then
		pass "$name: $n sends = $frames segments ($*): $(head -n1 "$TMP/$name.cmp")"
	else
		cat "$TMP/$name.cmp" >&2
		fail "$name: the capture differs from what pktgen-zc recorded ($*)"
	fi
}

for mode in packet packet-dgram; do
	base=(--mode "$mode" --dst-mac "$MAC_B")
	# IPv4: 1472-byte segments fill a 1500-byte MTU
	gso_case "$mode-ip4-short" 20 1472 3000 "${base[@]}" --dst-ip "$IP4_B"
	gso_case "$mode-ip4-exact" 20 1472 2944 "${base[@]}" --dst-ip "$IP4_B"
	gso_case "$mode-ip4-one" 20 1472 1472 "${base[@]}" --dst-ip "$IP4_B"
	gso_case "$mode-ip4-64k" 10 1472 65507 "${base[@]}" --dst-ip "$IP4_B"
	# DF kept in every segment; the IPv4 ids wrap within a super-frame
	gso_case "$mode-ip4-df" 10 1000 7777 "${base[@]}" --dst-ip "$IP4_B" \
		--df --ip-id 65530
	# IPv6: 1452 bytes (40-byte header)
	gso_case "$mode-ip6-short" 20 1452 3000 "${base[@]}" --dst-ip "$IP6_B"
	gso_case "$mode-ip6-64k" 10 1452 65507 "${base[@]}" --dst-ip "$IP6_B"
done
# Several flows: every super-frame its own addresses and ports.
gso_case "packet-ip4-flows" 30 1400 5000 --mode packet --dst-mac "$MAC_B" \
	--dst-ip 198.18.0.2-198.18.0.5 --src-port 1000-1009
# An 802.1Q tag: the kernel finds the IP header behind it.
gso_case "packet-ip4-vlan" 10 1472 5000 --mode packet --dst-mac "$MAC_B" \
	--dst-ip "$IP4_B" --vlan 5 --vlan-prio 3
gso_case "packet-ip6-vlan" 10 1452 5000 --mode packet --dst-mac "$MAC_B" \
	--dst-ip "$IP6_B" --vlan 5
# Behind a shaper the ring's frames come back slowly, one super-frame
# every few milliseconds: the run must wait for them (more sends than
# the 32 slots of a 1 MB pool), not call the queue stalled.
ip netns exec "$NS_A" tc qdisc add dev "$DEV_A" root tbf rate 20mbit \
	burst 64kb limit 10mb
gso_case "packet-ip4-tbf" 100 1472 30000 --mode packet --dst-mac "$MAC_B" \
	--dst-ip "$IP4_B" --pool-size 1M
ip netns exec "$NS_A" tc qdisc del dev "$DEV_A" root
# udp mode (UDP_SEGMENT, the copy path): the record holds the datagrams
# too; the kernel writes their headers, so only payloads compare.
if [ "$PZC_PATH" = copy ]; then
	LEVEL=payload gso_case "udp-ip4-short" 20 1472 3000 --mode udp \
		--dst-ip "$IP4_B"
	LEVEL=payload gso_case "udp-ip6-64k" 10 1452 64000 --mode udp \
		--dst-ip "$IP6_B"
fi
finish
