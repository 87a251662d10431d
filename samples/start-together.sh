#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# Two senders that start at the same instant, in two namespaces of their
# own, towards one receiver namespace (a capture counts what arrived): the
# pattern for runs on many hosts, where an orchestrator (pdsh, Ansible, a
# Kubernetes Job) starts every sender with the same --start-at, and the
# JSON documents (start.host, start.timestamp) are merged afterwards.  On
# many hosts, synchronise the clocks (chrony or PTP) first; --start-at is
# as good as they are.
# Usage: start-together.sh [SECONDS_FROM_NOW]   (root, tcpdump, python3;
# makes and removes the namespaces pzc-stPID-s1, -s2 and -rx)
set -eu
. "$(dirname "$0")/find-pktgen-zc.sh"
delay=${1:-2}
case "$delay" in
"" | *[!0-9]*)
	echo "$0: SECONDS_FROM_NOW '$delay': a whole number of seconds" >&2
	exit 2 ;;
esac
ns=pzc-st$$
out=$(mktemp -d "${TMPDIR:-/tmp}/start-together.XXXXXX")
cleanup() {
	for n in s1 s2 rx; do ip netns del "$ns-$n" 2>/dev/null || true; done
	rm -rf "$out"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
for n in s1 s2 rx; do ip netns add "$ns-$n"; done
ip -n "$ns-rx" link add br0 type bridge
ip -n "$ns-rx" link set br0 up
ip -n "$ns-rx" addr add 198.18.7.254/24 dev br0
for i in 1 2; do
	ip -n "$ns-rx" link add p$i type veth peer name eth0 netns "$ns-s$i"
	ip -n "$ns-rx" link set p$i master br0 up
	ip -n "$ns-s$i" addr add 198.18.7.$i/24 dev eth0
	ip -n "$ns-s$i" link set eth0 up
done
at=$(python3 -c "import time; print(f'{time.time() + $delay:.3f}')")
ip netns exec "$ns-rx" timeout $((delay + 5)) tcpdump -i br0 -n -c 2000 \
	-w "$out/rx.pcap" udp 2>/dev/null &
sleep 1
set -x
for i in 1 2; do
	ip netns exec "$ns-s$i" "$PKTGEN_ZC" --dev eth0 --dst-ip 198.18.7.254 \
		--count 1000 --rate 10kpps --start-at "$at" --json --quiet \
		>"$out/$i.json" &
done
wait
set +x
for i in 1 2; do
	python3 -c "import json,sys; s=json.load(open(sys.argv[1]))['start']; print(s['host'], 'began', round((s['timestamp'] - s['start_at']) * 1000, 3), 'ms after --start-at')" "$out/$i.json"
done
echo "the receiver captured $(tcpdump -r "$out/rx.pcap" -n 2>/dev/null | wc -l) of 2000 frames"
