#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# --mode packet-dgram (AF_PACKET SOCK_DGRAM): we hand the kernel the L3
# packet and the destination MAC in sockaddr_ll; it writes the Ethernet
# header, which must be the one pktgen-zc recorded, so the peer's capture
# is byte-identical at L2 to the --write-pcap record.
source "$(dirname "$0")/lib.sh"
setup
path_needs packet-dgram
N=500
base=(--mode packet-dgram --dst-mac "$MAC_B")

for size in 60 61 1000 1514 60-1514; do
	send_case "ip4-$size" $N "--level l2 --verify" "${base[@]}" \
		--dst-ip "$IP4_B" --size "$size"
done
for size in 78 79 1000 1514 78-1514; do
	send_case "ip6-$size" $N "--level l2 --verify" "${base[@]}" \
		--dst-ip "$IP6_B" --size "$size"
done
finish
