#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Known losses: an nftables netdev egress chain on the sender's veth drops
# one frame in 20 at random (numgen random mod 20 0 counter drop); recv
# must report exactly the rule's counter as lost, none of it as its own
# drops, in udp mode, IPv4 and IPv6.  In raw and packet modes the socket
# gets the egress drop back as ENOBUFS (pktgen-zc sets IP_RECVERR on raw
# sockets; packet sockets always report it) and pktgen-zc sends the frame
# again: there recv must report nothing lost, and the sender at least as
# many ENOBUFS retries as the rule dropped.  A UDP socket without
# IP_RECVERR swallows the drop (udp(7)), so the frame is lost.
# With --count N the tail counts too: a frame dropped after the last one
# received is still lost.
source "$(dirname "$0")/lib.sh"
require_cmd nft
setup
N=5000

nft_load() {
	ip netns exec "$NS_A" nft delete table netdev pzrloss 2>/dev/null || true
	ip netns exec "$NS_A" nft -f - <<NFT ||
table netdev pzrloss {
	chain eg {
		type filter hook egress device $DEV_A priority 0;
		udp dport $PORT numgen random mod 20 0 counter drop
	}
}
NFT
		skip "nft refuses a netdev egress chain here (needs Linux 5.16+ and nftables 1.0.1+)"
}

nft_count() {
	ip netns exec "$NS_A" nft list chain netdev pzrloss eg |
		sed -n 's/.*counter packets \([0-9]*\) .*/\1/p'
}

run_case() {
	local name=$1 dst=$2 retried=$3
	shift 3
	nft_load
	recv_start "$name" --dst-port "$PORT" --count "$N" --idle 2
	pzc_a --dev "$DEV_A" --dst-ip "$dst" --dst-port "$PORT" --count "$N" \
		--size 100 --rate 20kpps --quiet --json "$@" \
		>"$TMP/$name.send" 2>"$TMP/$name.send.err" ||
		fail "$name: pktgen-zc send exited $?"
	recv_wait "$name"
	local dropped
	dropped=$(nft_count)
	log "$name: the egress rule dropped $dropped of $N"
	if [ -z "$dropped" ] || [ "$dropped" -lt 50 ]; then
		fail "$name: the rule dropped '$dropped' frames: expected about $((N / 20))"
		return 0
	fi
	if [ "$retried" = yes ]; then
		expect "$name" "lost (the sender retried)" 'e["lost"]' 0
		expect "$name" "distinct received" 'e["unique"]' "$N"
		local retries
		retries=$("$PYTHON" -c 'import json, sys; print(json.load(open(sys.argv[1]))["end"]["zerocopy"]["enobufs_retries"])' "$TMP/$name.send")
		if [ "$retries" -ge "$dropped" ]; then
			pass "$name: the sender retried $retries times (>= $dropped)"
		else
			fail "$name: the sender retried $retries times, fewer than the $dropped drops"
		fi
		return 0
	fi
	expect "$name" lost 'e["lost"]' "$dropped"
	expect "$name" "distinct received" 'e["unique"]' $((N - dropped))
	expect "$name" "kernel drops at recv's socket" 'e["kernel"]["drops"]' 0
	expect "$name" "lost on the path" 'e["lost_on_path_at_least"]' "$dropped"
	expect "$name" "duplicated, reordered" \
		'(e["duplicated"], e["reordered"]["frames"])' "(0, 0)"
	expect "$name" "stop reason (the count is never reached)" \
		'e["stop_reason"]' idle
	expect "$name" "the flow's own loss" 'e["flows"][0]["lost"]' "$dropped"
}

run_case udp-v4 "$IP4_B" no --mode udp
run_case udp-v6 "$IP6_B" no --mode udp
run_case raw-v4 "$IP4_B" yes --mode raw
run_case raw-v6 "$IP6_B" yes --mode raw
run_case packet-v4 "$IP4_B" yes --mode packet --dst-mac "$MAC_B"
finish
