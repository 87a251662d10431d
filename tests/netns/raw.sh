#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# --mode raw (IP_HDRINCL / IPV6_HDRINCL): the kernel routes our IP packet
# and adds the link header, so the L3 bytes must arrive as recorded.  The
# one field the kernel may write is the IPv4 ID when ours is 0 (it picks
# one, and recomputes the header checksum): --ignore-zero-ipid masks those
# bytes for such packets only, and still checks the received checksum.
source "$(dirname "$0")/lib.sh"
setup
path_needs raw raw6
N=500

for size in 60 61 1000 1514 60-1514; do
	send_case "ip4-$size" $N "--level l3 --ignore-zero-ipid --verify" \
		--mode raw --dst-ip "$IP4_B" --size "$size"
done
# IDs that start at 1000 are never 0 within N frames: then every byte,
# the ID included, must be ours.
send_case "ip4-id1000" $N "--level l3 --verify" \
	--mode raw --dst-ip "$IP4_B" --size 60-1514 --ip-id 1000 --df
for size in 78 79 1000 1514 78-1514; do
	send_case "ip6-$size" $N "--level l3 --verify" \
		--mode raw --dst-ip "$IP6_B" --size "$size"
done
finish
