#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# bench/recv.sh: does 'pktgen-zc recv' keep up with the sender (issue 11)?
#
# A veth pair between two private namespaces; pktgen-zc sends 60-byte
# frames (64 on the wire with the FCS) in packet mode (the TX ring) at
# each rate for SECONDS, and on the peer either 'pktgen-zc recv' (its
# TPACKET_V3 ring) or 'tcpdump -w /dev/null' (libpcap's TPACKET_V3 ring,
# -B of the same size) reads them, one after the other at every rate, in
# one run.  Per rate and reader: what the sender achieved, what the reader
# got, what its socket dropped (recv: PACKET_STATISTICS tp_drops; tcpdump:
# "dropped by kernel", the same counter), and the frames that never
# reached the socket (sent - got - dropped: the veth peer's backlog,
# netdev_max_backlog; not the reader's doing).  Then the highest rate at
# which each reader's socket dropped nothing, and each reader's CPU time
# per frame received (ns/fr: recv's getrusage, tcpdump's /proc stat).
#
# The sender runs on CPU 0 (with the veth's receive softirq, which runs
# where the frame was sent) and the reader on CPU 1 (-C).  A benchmark, not a
# test: exit 0 when it ran, 1 when it could not.
set -euo pipefail

usage() {
	cat <<USAGE
Usage: ${0##*/} [-d SECONDS] [-r RATES] [-R RING] [-C CPU]
  -d SECONDS  sending time per rate and reader (default 5)
  -r RATES    pps, comma separated, or 'max' (default
              100000,200000,400000,600000,800000,1000000,max)
  -R RING     ring size for both readers (default 64M; k, M, G)
  -C CPU      the readers' CPU (default 1; 0 shares the sender's CPU, so
              that the reader's cost per frame costs the sender rate)
Environment: PKTGEN=/path/to/pktgen-zc (default: build/pktgen-zc/pktgen-zc;
a release build, meson setup --buildtype=release, is what to measure)
USAGE
}

DURATION=5 RATES=100000,200000,400000,600000,800000,1000000,max RING=64M
RCPU=1
while getopts "d:r:R:C:h" o; do
	case $o in
	d) DURATION=$OPTARG ;;
	r) RATES=$OPTARG ;;
	R) RING=$OPTARG ;;
	C) RCPU=$OPTARG ;;
	h) usage; exit 0 ;;
	*) usage >&2; exit 2 ;;
	esac
done
shift $((OPTIND - 1))
[ $# -eq 0 ] || { usage >&2; exit 2; }

. "$(dirname "$0")/lib.sh"
bench_check
command -v tcpdump >/dev/null || bench_die "needs tcpdump (scripts/deps.sh)"
command -v taskset >/dev/null || bench_die "needs taskset (util-linux)"

NS_A=pzcb-recv-$$-a NS_B=pzcb-recv-$$-b
OUT=$(mktemp -d /tmp/pzc-bench-recv.XXXXXX)
cleanup() {
	ip netns del "$NS_A" 2>/dev/null || true
	ip netns del "$NS_B" 2>/dev/null || true
	rm -rf "$OUT"
}
trap cleanup EXIT
ip netns add "$NS_A" || bench_die "cannot create namespaces"
ip netns add "$NS_B"
ip -n "$NS_A" link add va type veth peer name vb netns "$NS_B"
ip -n "$NS_A" addr add 198.18.2.1/24 dev va
ip -n "$NS_B" addr add 198.18.2.2/24 dev vb
ip -n "$NS_A" link set va up
ip -n "$NS_B" link set vb up
MAC_B=$(ip netns exec "$NS_B" cat /sys/class/net/vb/address)
sleep 1
RING_KIB=$(python3 -c "
import sys; s = sys.argv[1]; m = {'k': 1, 'M': 1 << 10, 'G': 1 << 20}
print(int(float(s[:-1]) * m[s[-1]]) if s[-1] in m else int(s) >> 10)" "$RING")

send() {	# send RATE: 60-byte frames for DURATION s; prints "frames pps"
	local rate=$1 args=(--duration "$DURATION")
	[ "$rate" = max ] || args+=(--rate "$rate")
	ip netns exec "$NS_A" "$PKTGEN" --dev va --mode packet --dst-mac "$MAC_B" \
		--dst-ip 198.18.2.2 --dst-port 9000 --size 60 --cpu 0 --quiet \
		--json "${args[@]}" >"$OUT/send.json" 2>"$OUT/send.err" ||
		{ cat "$OUT/send.err" >&2; bench_die "the sender failed"; }
	python3 -c 'import json, sys; e = json.load(open(sys.argv[1]))["end"]
print(e["frames"], round(e["pps"]))' "$OUT/send.json"
}

wait_ready() {	# wait_ready FILE PATTERN
	local i
	for i in $(seq 400); do
		grep -q "$2" "$1" 2>/dev/null && return 0
		sleep 0.025
	done
	cat "$1" >&2
	bench_die "the reader did not start"
}

run_recv() {	# prints "sent pps got drops not-seen cpu-seconds"
	local rate=$1 sent pps
	ip netns exec "$NS_B" taskset -c "$RCPU" "$PKTGEN" recv --dev vb \
		--dst-port 9000 --ring-size "$RING" --idle 2 --json \
		>"$OUT/recv.json" 2>"$OUT/recv.err" &
	local pid=$!
	wait_ready "$OUT/recv.err" 'recv: ready on'
	read -r sent pps < <(send "$rate")
	wait "$pid" || bench_die "recv failed: $(cat "$OUT/recv.err")"
	python3 -c 'import json, sys
e = json.load(open(sys.argv[1]))["end"]
sent = int(sys.argv[2]); got = e["received"]; drops = e["kernel"]["drops"]
print(sent, sys.argv[3], got, drops, sent - got - drops,
      "%.0f" % (e["cpu_seconds"] * 1e9 / max(got, 1)))' \
		"$OUT/recv.json" "$sent" "$pps"
}

run_tcpdump() {
	local rate=$1 sent pps got drops
	ip netns exec "$NS_B" taskset -c "$RCPU" tcpdump -i vb -n -B "$RING_KIB" \
		-w /dev/null udp dst port 9000 >"$OUT/td.out" 2>"$OUT/td.err" &
	local pid=$!
	wait_ready "$OUT/td.err" 'listening on'
	read -r sent pps < <(send "$rate")
	# tcpdump's blocks retire after its 1 s timeout and SIGINT does not
	# drain the ring: give the last block time to reach it.
	sleep 2.5
	# utime + stime of tcpdump (ip netns exec and taskset exec it).
	local ticks
	ticks=$(awk '{ print $14 + $15 }' "/proc/$pid/stat")
	kill -INT "$pid"
	wait "$pid" || true
	got=$(sed -n 's/^\([0-9]*\) packets captured.*/\1/p' "$OUT/td.err")
	drops=$(sed -n 's/^\([0-9]*\) packets dropped by kernel.*/\1/p' "$OUT/td.err")
	echo "$sent $pps $got $drops $((sent - got - drops))" \
		"$(python3 -c 'import sys; print("%.0f" % (int(sys.argv[1]) * 1e9 /
	int(sys.argv[2]) / max(int(sys.argv[3]), 1)))' "$ticks" "$(getconf CLK_TCK)" "$got")"
}

bench_env
echo "# veth, 60-byte frames (64 B on the wire), packet mode ring sender on" \
	"CPU 0, reader on CPU $RCPU, ring $RING each, $DURATION s per rate"
echo "# PKTGEN=$PKTGEN ${0##*/} -d $DURATION -r $RATES -R $RING -C $RCPU"
printf '%-8s | %-9s %8s %9s %8s %8s %6s | %-12s %8s %9s %8s %8s %6s\n' \
	rate recv:sent pps got drops not-seen ns/fr tcpdump:sent pps got \
	drops not-seen ns/fr
best_r=none best_t=none
IFS=, read -ra rates <<<"$RATES"
for r in "${rates[@]}"; do
	read -r rs rp rg rd rn rc < <(run_recv "$r")
	read -r ts tp tg td tn tc < <(run_tcpdump "$r")
	printf '%-8s | %-9s %8s %9s %8s %8s %6s | %-12s %8s %9s %8s %8s %6s\n' \
		"$r" "$rs" "$rp" "$rg" "$rd" "$rn" "$rc" "$ts" "$tp" "$tg" "$td" \
		"$tn" "$tc"
	[ "$rd" = 0 ] && best_r="$r ($rp pps achieved)"
	[ "$td" = 0 ] && best_t="$r ($tp pps achieved)"
done
echo "# highest rate with no drop at the reader's socket: recv $best_r;" \
	"tcpdump $best_t"
