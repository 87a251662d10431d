#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Rewrites: a generated capture of UDP and TCP over IPv4 and IPv6 (valid
# checksums; one IPv4 UDP datagram without a checksum; one address outside
# every map; two UDP datagrams whose rewritten checksum computes to 0)
# replayed with --map-ip A=B, --map-ip A/P=B/P and --map-dport, then with
# an IPv4 prefix map and --map-sport.  The peer must receive the new
# addresses and ports, valid IPv4 header and L4 checksums, the rest
# unchanged (pcaputil check-rewrite), and tshark, where installed, must
# find no bad or illegal checksum.
source "$(dirname "$0")/lib.sh"
setup

util gen-udptcp "$TMP/orig.pcap"
N=20

# tshark_check NAME: no checksum tshark calls bad (0) or illegal (4), and
# exactly one UDP datagram without one (3: the one sent without).
tshark_check() {
	local name=$1
	command -v tshark >/dev/null 2>&1 || {
		log "$name: tshark not installed: its second opinion skipped"
		return 0
	}
	tshark -r "$TMP/$name.cap.pcap" -o ip.check_checksum:TRUE \
		-o udp.check_checksum:TRUE -o tcp.check_checksum:TRUE \
		-T fields -e ip.checksum.status -e udp.checksum.status \
		-e tcp.checksum.status 2>/dev/null >"$TMP/$name.tshark" || {
		fail "$name: tshark could not read the capture"
		return 0
	}
	local bad none
	bad=$(tr '\t' '\n' <"$TMP/$name.tshark" | grep -c '^[04]$' || true)
	none=$(cut -f2 "$TMP/$name.tshark" | grep -c '^3$' || true)
	if [ "$bad" -eq 0 ] && [ "$none" -eq 1 ]; then
		pass "$name: tshark: no bad or illegal checksum, one UDP without"
	else
		fail "$name: tshark: $bad bad/illegal checksums, $none UDP datagrams without one (want 0 and 1)"
	fi
}

run() {
	local name=$1 sport=$2 dport=$3
	shift 3
	local maps=() args=() m
	for m in "$@"; do
		maps+=("$m")
		args+=(--map-ip "$m")
	done
	[ "$sport" = - ] || args+=(--map-sport "$sport")
	[ "$dport" = - ] || args+=(--map-dport "$dport")
	cap_start "$name" "$N"
	replay_ok "$name" --topspeed "${args[@]}" "$TMP/orig.pcap" || { cap_stop "$name"; return 0; }
	cap_stop "$name"
	if util check-rewrite "$TMP/$name.cap.pcap" "$TMP/orig.pcap" "$sport" "$dport" \
		"${maps[@]}" >"$TMP/$name.chk"; then
		pass "$name (${args[*]}): $(tail -n1 "$TMP/$name.chk")"
	else
		cat "$TMP/$name.chk" >&2
		fail "$name (${args[*]}): the received packets are not what was asked"
	fi
	tshark_check "$name"
}

# pcaputil's REWRITE_* constants build the zero-checksum cases for this one.
run dport - 4242 10.1.0.2=198.51.100.7 2001:db8:a::/64=2001:db8:ff::/64
run sport 7777 - 10.1.0.0/16=172.16.0.0/16
# An IPv6 prefix shorter than /64 (refused, for the wrong reason, before).
run v6-48 - - 2001:db8:a::/48=2001:db8:77::/48
finish
