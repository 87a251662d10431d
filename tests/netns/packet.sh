#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# --mode packet (AF_PACKET SOCK_RAW): we write the whole frame, so the peer
# must capture exactly the bytes pktgen-zc recorded with --write-pcap, in
# order, none lost or added: IPv4 and IPv6, several sizes and a size
# range, untagged and in 802.1Q VLAN 7 with priority 3.
source "$(dirname "$0")/lib.sh"
require_cmd tcpdump
setup
path_needs packet
N=500
base=(--mode packet --dst-mac "$MAC_B")

for size in 60 61 1000 1514 60-1514; do
	send_case "ip4-$size" $N "--level l2 --verify" "${base[@]}" \
		--dst-ip "$IP4_B" --size "$size"
done
for size in 78 79 1000 1514 78-1514; do
	send_case "ip6-$size" $N "--level l2 --verify" "${base[@]}" \
		--dst-ip "$IP6_B" --size "$size"
done
for size in 62 1518 62-1518; do
	send_case "ip4-vlan-$size" $N "--level l2 --verify" "${base[@]}" \
		--dst-ip "$IP4_B" --size "$size" --vlan 7 --vlan-prio 3
done
for size in 82 1518 82-1518; do
	send_case "ip6-vlan-$size" $N "--level l2 --verify" "${base[@]}" \
		--dst-ip "$IP6_B" --size "$size" --vlan 7 --vlan-prio 3
done

# The tag itself, decoded by an independent dissector: VLAN 7, PCP 3.
for name in ip4-vlan-62 ip6-vlan-82-1518; do
	tags=$(tcpdump -enr "$TMP/$name.cap.pcap" 2>/dev/null |
		grep -c 'vlan 7, p 3,' || true)
	if [ "$tags" -eq $N ]; then
		pass "$name: tcpdump sees 'vlan 7, p 3' on all $N frames"
	else
		fail "$name: tcpdump sees 'vlan 7, p 3' on $tags of $N frames"
	fi
done
finish
