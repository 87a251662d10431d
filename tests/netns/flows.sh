#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Per-packet flows: addresses and ports that change from frame to frame
# (in sequence or at random) must still give frames with valid IP and UDP
# checksums (check_frame(), recomputed per frame), inside the ranges
# asked for, and actually varied; and, in packet mode, byte-identical to
# the record.
source "$(dirname "$0")/lib.sh"
setup
N=500
CAP_FILTER='udp dst portrange 1000-1009 or (vlan and udp dst portrange 1000-1009)'

# varied NAME WANT_SRC WANT_DPORT: the capture took WANT_SRC distinct
# source addresses and WANT_DPORT destination ports.
varied() {
	local line
	line=$(grep 'distinct' "$TMP/$1.cmp" || true)
	case "$line" in
	*"distinct src-ip $2, "*"dst-port $3, "*)
		pass "$1: $2 source addresses and $3 ports seen" ;;
	*) fail "$1: expected $2 distinct source addresses and $3 ports: $line" ;;
	esac
}

send_case ip4-random-src $N "--level l2 --verify \
	--src-range 198.18.0.10-198.18.0.20 --dport-range 1000-1009" \
	--mode packet --dst-mac "$MAC_B" --dst-ip "$IP4_B" \
	--src-ip 198.18.0.10-198.18.0.20 --dst-port 1000-1009 \
	--random src-ip --size 60-1514
varied ip4-random-src 11 10

send_case ip6-random-src $N "--level l2 --verify \
	--src-range 2001:db8:1::10-2001:db8:1::20 --dport-range 1000-1009" \
	--mode packet --dst-mac "$MAC_B" --dst-ip "$IP6_B" \
	--src-ip 2001:db8:1::10-2001:db8:1::20 --dst-port 1000-1009 \
	--random src-ip --size 78-1514
varied ip6-random-src 17 10

send_case ip4-vlan-random-all $N "--level l2 --verify \
	--src-range 198.18.0.10-198.18.0.20 --dport-range 1000-1009 \
	--sport-range 2000-2099" \
	--mode packet --dst-mac "$MAC_B" --dst-ip "$IP4_B" --vlan 7 \
	--src-ip 198.18.0.10-198.18.0.20 --dst-port 1000-1009 \
	--src-port 2000-2099 --random all --size 62-1518
varied ip4-vlan-random-all 11 10

# The kernel routes each raw packet by its own destination; the sources
# are spoofed and the checksums ours.
send_case raw4-random-src $N "--level l3 --ignore-zero-ipid --verify \
	--src-range 198.18.0.10-198.18.0.20 --dport-range 1000-1009" \
	--mode raw --dst-ip "$IP4_B" \
	--src-ip 198.18.0.10-198.18.0.20 --dst-port 1000-1009 \
	--random src-ip --size 60-1514
varied raw4-random-src 11 10

# udp mode: destination ports vary per datagram (sendmsg names them).
send_case udp4-dports $N "--level payload --verify --no-udp-csum \
	--dport-range 1000-1009" \
	--mode udp --dst-ip "$IP4_B" --dst-port 1000-1009 --size 60-1514
varied udp4-dports 1 10
finish
