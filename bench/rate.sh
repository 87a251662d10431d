#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# bench/rate.sh: rate accuracy of --rate (issue 2).
#
# Sends minimum-size UDP frames (udp mode, 60-byte frames, default stamp
# payload) to an ifb discard sink in a private namespace (see lib.sh for
# why ifb and not veth), first unpaced for PROBE seconds to learn the top
# speed, then for DURATION seconds each at 10 kpps, 100 kpps, 90% of the
# top speed and unpaced, with --json --interval 1.  Prints, per run, the
# achieved rate against the requested one and the per-second spread, and
# whether it meets the target: within 0.5% over the run and no full second
# off by more than 2%, wherever the machine can reach the rate.
#
# A benchmark, not a test: it reports, it does not gate.  Exit status is 0
# when it ran (whatever the verdicts), 1 when it could not run.
set -euo pipefail

usage() {
	cat <<EOF
Usage: ${0##*/} [-d SECONDS] [-p SECONDS] [-c CPU] [-m MODE] [-o DIR]
        [-r RATES] [-N NICE]
  -d SECONDS  duration of each paced/unpaced run (default 30)
  -p SECONDS  duration of the top-speed probe (default 10)
  -c CPU      pin the sender with --cpu CPU (default: not pinned)
  -m MODE     transmit mode (default udp)
  -o DIR      keep each run's JSON there (default: a temporary directory)
  -r RATES    requested rates, comma separated pps numbers or 'top90'
              or 'max' (default 10000,100000,top90,max)
  -N NICE     run the sender under 'nice -n NICE' (e.g. -20), to tell
              pacing errors from CPU starvation on a shared machine
Environment: PKTGEN=/path/to/pktgen-zc (default: build/pktgen-zc/pktgen-zc)
EOF
}

DURATION=30 PROBE=10 CPU= MODE=udp OUT= RATES=10000,100000,top90,max NICE=
while getopts "d:p:c:m:o:r:N:h" o; do
	case $o in
	d) DURATION=$OPTARG ;;
	p) PROBE=$OPTARG ;;
	c) CPU=$OPTARG ;;
	m) MODE=$OPTARG ;;
	o) OUT=$OPTARG ;;
	r) RATES=$OPTARG ;;
	N) NICE=$OPTARG ;;
	h) usage; exit 0 ;;
	*) usage >&2; exit 2 ;;
	esac
done
shift $((OPTIND - 1))
[ $# -eq 0 ] || { usage >&2; exit 2; }

. "$(dirname "$0")/lib.sh"
bench_check

NS=pzcb-rate-$$
if [ -z "$OUT" ]; then
	OUT=$(mktemp -d /tmp/pzc-bench-rate.XXXXXX)
fi
mkdir -p "$OUT"
trap 'bench_sink_del "$NS"' EXIT
bench_sink "$NS" 1500

# 60-byte frames: 14 Ethernet + 20 IPv4 + 8 UDP + 18 payload.
COMMON=(--dev ifb0 --mode "$MODE" --dst-ip "$SINK_DST" --size 60
	--json --interval 1)
[ -n "$CPU" ] && COMMON+=(--cpu "$CPU")
PREFIX=()
[ -n "$NICE" ] && PREFIX=(nice -n "$NICE")

run() {			# run NAME SECONDS [extra options...]
	local name=$1 secs=$2
	shift 2
	: >"$OUT/$name.cpustat"
	bench_cpustat "$OUT/$name.cpustat"
	ip netns exec "$NS" "${PREFIX[@]}" "$PKTGEN" "${COMMON[@]}" --duration "$secs" "$@" \
		>"$OUT/$name.json" 2>"$OUT/$name.err" ||
		bench_die "pktgen-zc failed for $name: $(cat "$OUT/$name.err")"
	bench_cpustat "$OUT/$name.cpustat"
}

bench_env | tee "$OUT/env.txt"
echo "# sink: ifb0 in namespace $NS; mode $MODE; 60-byte frames;" \
	"runs of ${DURATION}s; nice ${NICE:-0}; pinned: ${CPU:-no};" \
	"JSON in $OUT"

echo "# probing top speed (${PROBE}s, no --rate) ..."
run probe "$PROBE"
TOP=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["end"]["pps"])' \
	"$OUT/probe.json")
echo "# top speed: $TOP pps"

names=()
IFS=, read -ra want <<<"$RATES"
for r in "${want[@]}"; do
	case $r in
	max)	echo "# run: unpaced (${DURATION}s) ..."
		run max "$DURATION"; names+=("max:0") ;;
	top*)	pct=${r#top}
		pps=$(python3 -c "print(int(float('$TOP') * $pct / 100))")
		echo "# run: $pct% of top = $pps pps (${DURATION}s) ..."
		run "top$pct" "$DURATION" --rate "$pps"
		names+=("top$pct:$pps") ;;
	*)	echo "# run: $r pps (${DURATION}s) ..."
		run "r$r" "$DURATION" --rate "$r"; names+=("r$r:$r") ;;
	esac
done

python3 "$BENCH_DIR/report.py" rate --top "$TOP" --dir "$OUT" "${names[@]}" |
	tee "$OUT/report.txt"
