#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# Two senders that start at the same instant, in two namespaces of their
# own, towards one receiver namespace (a capture counts what arrived from
# each): the pattern for runs on many hosts, where an orchestrator
# (pdsh, Ansible, a Kubernetes Job) starts every sender with the same
# --start-at, and the JSON documents (start.host, start.timestamp) are
# merged afterwards.  On many hosts, synchronise the clocks (chrony or
# PTP) first; --start-at is as good as they are.
# Usage: start-together.sh [SECONDS_FROM_NOW]   (root; makes and removes
# the namespaces pzc-s1, pzc-s2 and pzc-rx)
set -eu
PKTGEN=${PKTGEN:-$(command -v pktgen-zc || echo "$(dirname "$0")/../build/pktgen-zc/pktgen-zc")}
delay=${1:-2}
cleanup() { for n in pzc-s1 pzc-s2 pzc-rx; do ip netns del $n 2>/dev/null || true; done; }
trap cleanup EXIT
cleanup
for n in pzc-s1 pzc-s2 pzc-rx; do ip netns add $n; done
ip -n pzc-rx link add br0 type bridge
ip -n pzc-rx link set br0 up
ip -n pzc-rx addr add 198.18.7.254/24 dev br0
for i in 1 2; do
	ip -n pzc-rx link add p$i type veth peer name eth0 netns pzc-s$i
	ip -n pzc-rx link set p$i master br0 up
	ip -n pzc-s$i addr add 198.18.7.$i/24 dev eth0
	ip -n pzc-s$i link set eth0 up
done
at=$(python3 -c "import time; print(f'{time.time() + $delay:.3f}')")
ip netns exec pzc-rx timeout $((delay + 5)) tcpdump -i br0 -n -c 2000 \
	-w /tmp/start-together.pcap udp 2>/dev/null &
sleep 1
set -x
for i in 1 2; do
	ip netns exec pzc-s$i "$PKTGEN" --dev eth0 --dst-ip 198.18.7.254 \
		--count 1000 --rate 10k --start-at "$at" --json --quiet \
		>/tmp/start-together-$i.json &
done
wait
set +x
for i in 1 2; do
	python3 -c "import json,sys; s=json.load(open(sys.argv[1]))['start']; print(s['host'], 'began', round((s['timestamp'] - s['start_at']) * 1000, 3), 'ms after --start-at')" /tmp/start-together-$i.json
done
