#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# bench/zc-cpu.sh: CPU cost of zerocopy against copy (issue 3).
#
# udp mode to an ifb discard sink (MTU 9200) in a private namespace; copy
# (--zerocopy off) and zerocopy (--zerocopy on) interleaved in one run,
# for three send sizes (1400 B and 9000 B datagrams, and 65000 B
# UDP_SEGMENT sends cut at 1400 B) and two buffer working sets (the pool is
# used round-robin, so --pool-size is the working set): cache-hot 1M and
# cold 512M.  Payload 'inc' (written once when the pool is built, never per
# send; the default 'stamp' writes 24 bytes per datagram).  Each cell is
# the median of REPS runs of SECONDS each; the order of copy and zerocopy
# alternates between repetitions.
#
# CPU is the sender's user+sys while sending: end.cpu_seconds less the CPU
# used before the send loop started (building and filling a 512 MB pool
# costs seconds; see cpuwin.py).  ifb frees frames in the sender's context,
# so the figure includes the kernel's whole transmit path.
#
# A benchmark, not a test: exit status 0 when it ran, whatever the figures.
set -euo pipefail

usage() {
	cat <<EOF
Usage: ${0##*/} [-d SECONDS] [-n REPS] [-c CPU|none] [-P KIND] [-o DIR]
        [-C CASES] [-S POOLS]
  -d SECONDS  each run (default 5)
  -n REPS     repetitions; the table shows medians (default 5)
  -c CPU      pin the sender with --cpu (default 0; 'none' = not pinned)
  -P KIND     --payload zeros|inc|stamp|random (default inc)
  -o DIR      keep the JSON there (default: a temporary directory)
  -C CASES    comma separated, of 1400,9000,gso64k (default all three)
  -S POOLS    comma separated, of hot,cold (default both)
Environment: PKTGEN=/path/to/pktgen-zc (default: build/pktgen-zc/pktgen-zc)
EOF
}

SECS=5 REPS=5 CPU=0 PAYLOAD=inc OUT= CASES=1400,9000,gso64k POOLS=hot,cold
while getopts "d:n:c:P:o:C:S:h" o; do
	case $o in
	d) SECS=$OPTARG ;;
	n) REPS=$OPTARG ;;
	c) CPU=$OPTARG ;;
	P) PAYLOAD=$OPTARG ;;
	o) OUT=$OPTARG ;;
	C) CASES=$OPTARG ;;
	S) POOLS=$OPTARG ;;
	h) usage; exit 0 ;;
	*) usage >&2; exit 2 ;;
	esac
done
shift $((OPTIND - 1))
[ $# -eq 0 ] || { usage >&2; exit 2; }

. "$(dirname "$0")/lib.sh"
bench_check

NS=pzcb-zc-$$
[ -n "$OUT" ] || OUT=$(mktemp -d /tmp/pzc-bench-zc.XXXXXX)
mkdir -p "$OUT"
trap 'bench_sink_del "$NS"' EXIT
bench_sink "$NS" 9200

case_opts() {
	case $1 in
	1400)	echo --payload-size 1400 ;;
	9000)	echo --payload-size 9000 ;;
	# 47 datagrams of 1400 B per send (UDP_SEGMENT allows 64 KB and,
	# on 6.x kernels, 128 segments); 1428-byte IP packets fit any MTU.
	gso64k)	echo --payload-size 65000 --gso 1400 ;;
	*)	bench_die "unknown case $1" ;;
	esac
}
pool_size() {
	case $1 in
	hot)	echo 1M ;;
	cold)	echo 512M ;;
	*)	bench_die "unknown pool $1" ;;
	esac
}

COMMON=(--dev ifb0 --mode udp --dst-ip "$SINK_DST" --payload "$PAYLOAD"
	--duration "$SECS" --json --quiet)
[ "$CPU" != none ] && COMMON+=(--cpu "$CPU")

bench_env | tee "$OUT/env.txt"
echo "# sink: ifb0 (MTU 9200) in namespace $NS; udp mode; payload" \
	"$PAYLOAD; ${SECS}s x $REPS; pinned: $CPU; JSON in $OUT"
IFS=, read -ra cases <<<"$CASES"
IFS=, read -ra pools <<<"$POOLS"
for ((rep = 1; rep <= REPS; rep++)); do
	if ((rep % 2)); then order="off on"; else order="on off"; fi
	for c in "${cases[@]}"; do
		for p in "${pools[@]}"; do
			for z in $order; do
				name="${c}__${p}__zc${z}__${rep}"
				printf '# rep %d/%d: %-6s %-4s zerocopy %-3s\n' \
					"$rep" "$REPS" "$c" "$p" "$z"
				: >"$OUT/$name.cpustat"
				bench_cpustat "$OUT/$name.cpustat"
				# shellcheck disable=SC2046
				python3 "$BENCH_DIR/cpuwin.py" "$OUT/$name.json" -- \
					ip netns exec "$NS" "$PKTGEN" "${COMMON[@]}" \
					--zerocopy "$z" --pool-size "$(pool_size "$p")" \
					$(case_opts "$c") ||
					bench_die "run $name failed"
				bench_cpustat "$OUT/$name.cpustat"
			done
		done
	done
done

python3 "$BENCH_DIR/report.py" zc --dir "$OUT" | tee "$OUT/report.txt"
