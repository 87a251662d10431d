#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# Two senders that start at the same instant, in two namespaces of their
# own, towards one receiver namespace, where 'pktgen-zc recv' counts what
# arrived of each run (told apart by --run-id): the pattern for runs on
# many hosts, where an orchestrator starts every sender with the same
# --start-at, and the JSON documents (start.host, start.timestamp) are
# merged afterwards.  On many hosts, synchronise the clocks (chrony or
# PTP) first; --start-at is as good as they are.  With pdsh, say:
#
#   at=$(date -d '+30 sec' +%s.%N)
#   pdsh -w rx1 'pktgen-zc recv --dev eth1 --run-id 7 --count 1000000 --json' >rx.json &
#   pdsh -w 'tx[1-8]' "pktgen-zc --dev eth1 --dst-ip 10.0.0.2 --run-id 7 \
#       --count 125000 --start-at $at --json" >tx.json
#
# (one run id for all senders makes their frames one run to recv only if
# their sequence numbers do not overlap: give each sender its own run id
# and one recv each, as below, to count each sender apart).
# Usage: start-together.sh [SECONDS_FROM_NOW]   (root, python3; makes and
# removes the namespaces pzc-stPID-s1, -s2 and -rx)
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
# One receiver per run, both on the receiver's bridge; each ends once it
# has its 1000 frames (or 2 s after the last one).
for i in 1 2; do
	ip netns exec "$ns-rx" "$PKTGEN_ZC" recv --dev br0 --run-id "$i" \
		--count 1000 --duration $((delay + 10)) --json \
		>"$out/rx$i.json" 2>"$out/rx$i.err" &
done
for i in 1 2; do
	for _ in $(seq 100); do
		grep -q 'recv: ready on' "$out/rx$i.err" 2>/dev/null && break
		sleep 0.05
	done
done
at=$(python3 -c "import time; print(f'{time.time() + $delay:.3f}')")
set -x
for i in 1 2; do
	ip netns exec "$ns-s$i" "$PKTGEN_ZC" --dev eth0 --dst-ip 198.18.7.254 \
		--count 1000 --rate 10kpps --start-at "$at" --run-id "$i" \
		--size 100 --json --quiet >"$out/$i.json" &
done
wait
set +x
for i in 1 2; do
	python3 -c "import json,sys; s=json.load(open(sys.argv[1]))['start']; print(s['host'], 'began', round((s['timestamp'] - s['start_at']) * 1000, 3), 'ms after --start-at')" "$out/$i.json"
	python3 -c "import json,sys; e=json.load(open(sys.argv[1]))['end']; print('the receiver got', e['unique'], 'of 1000 frames of run', e['run_id'], '(lost', str(e['lost']) + ', duplicated', e['duplicated'], ')')" "$out/rx$i.json"
done
