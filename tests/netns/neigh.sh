#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Destination MAC resolution: without --dst-mac, packet and packet-dgram
# modes find the next hop's MAC through the route and neighbour tables
# (libnl), poking the neighbour with one empty datagram when the entry is
# missing.  Starts from empty neighbour tables on both sides, so the
# kernel must really resolve; the frames must reach the peer's MAC and
# match the record.  The poke must not show up among the counted frames.
source "$(dirname "$0")/lib.sh"
setup
N=500

no_entry() {
	ip -n "$NS_A" neigh flush dev "$DEV_A"
	ip -n "$NS_B" neigh flush dev "$DEV_B"
	if ip -n "$NS_A" neigh show dev "$DEV_A" | grep -q "^$1 .*lladdr"; then
		fail "cannot start without a neighbour entry for $1"
	fi
}

dst_is_peer() {
	local macs
	macs=$(tcpdump -enr "$TMP/$1.cap.pcap" 2>/dev/null |
		awk '{print $4}' | sort -u | tr '\n' ' ')
	if [ "$macs" = "$MAC_B, " ]; then
		pass "$1: every frame went to the peer's MAC $MAC_B"
	else
		fail "$1: destination MACs seen '$macs', expected $MAC_B"
	fi
}

# The kernel's table now holds the peer: the resolution went through it.
entry_is_peer() {
	if ip -n "$NS_A" neigh show "$1" dev "$DEV_A" | grep -q "lladdr $MAC_B"; then
		pass "the neighbour table of $NS_A now maps $1 to $MAC_B"
	else
		fail "no neighbour entry $1 -> $MAC_B after the run: $(ip -n "$NS_A" neigh show dev "$DEV_A")"
	fi
}

no_entry "$IP4_B"
send_case ip4-resolve $N "--level l2 --verify" \
	--mode packet --dst-ip "$IP4_B" --size 60-1514
dst_is_peer ip4-resolve
entry_is_peer "$IP4_B"

no_entry "$IP6_B"
send_case ip6-resolve $N "--level l2 --verify" \
	--mode packet --dst-ip "$IP6_B" --size 78-1514
dst_is_peer ip6-resolve
entry_is_peer "$IP6_B"

no_entry "$IP4_B"
send_case dgram4-resolve $N "--level l2 --verify" \
	--mode packet-dgram --dst-ip "$IP4_B" --size 60-1514
dst_is_peer dgram4-resolve

# Via a gateway: the next hop is the router (the peer), not the
# destination, which lies beyond it.
ip -n "$NS_A" route add 203.0.113.0/24 via "$IP4_B"
no_entry "$IP4_B"
CAP_FILTER="udp dst port $PORT and dst host 203.0.113.9" \
send_case gw4-resolve $N "--level l2 --verify" \
	--mode packet --dst-ip 203.0.113.9 --size 60-1514
dst_is_peer gw4-resolve
finish
