#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# bench/gso.sh: what --gso costs and saves in packet mode (issue 9).
#
# packet mode to an ifb discard sink (see lib.sh) in a private namespace,
# one run of interleaved cells: 1514-byte frames without --gso against
# 64 KB super-frames (--payload-size 64768 --gso 1472: 44 datagrams of
# 1514 bytes on the wire), each on the copy path (sendmmsg) and the ring,
# and each against two sinks: ifb as it comes (it advertises UDP GSO, so
# it frees a super-frame whole, as a NIC with UDP segmentation offload
# takes it) and ifb with tx-udp-segmentation off (the stack cuts every
# super-frame itself: software GSO, the cost on a NIC without it).
# Every cell goes through the qdisc (--no-qdisc-bypass), as --gso does by
# default, so that only the framing differs.  Payload 'inc' (written once).
#
# CPU is the sender's user+sys while sending (getrusage, less the set-up,
# see cpuwin.py), per GB of L2 bytes on the wire (segments counted, FCS
# not) and per wire frame; each cell the median of REPS runs.
#
# A benchmark, not a test: exit status 0 when it ran, whatever the figures.
set -euo pipefail

usage() {
	cat <<EOF
Usage: ${0##*/} [-d SECONDS] [-n REPS] [-c CPU|none] [-o DIR]
  -d SECONDS  each run (default 3)
  -n REPS     repetitions; the table shows medians (default 3)
  -c CPU      pin the sender with --cpu (default 0; 'none' = not pinned)
  -o DIR      keep the JSON there (default: a temporary directory)
Environment: PKTGEN=/path/to/pktgen-zc (default: build/pktgen-zc/pktgen-zc)
EOF
}

SECS=3 REPS=3 CPU=0 OUT=
while getopts "d:n:c:o:h" o; do
	case $o in
	d) SECS=$OPTARG ;;
	n) REPS=$OPTARG ;;
	c) CPU=$OPTARG ;;
	o) OUT=$OPTARG ;;
	h) usage; exit 0 ;;
	*) usage >&2; exit 2 ;;
	esac
done
shift $((OPTIND - 1))
[ $# -eq 0 ] || { usage >&2; exit 2; }

. "$(dirname "$0")/lib.sh"
bench_check
command -v ethtool >/dev/null || bench_die "needs ethtool (scripts/deps.sh)"

NS=pzcb-gso-$$
[ -n "$OUT" ] || OUT=$(mktemp -d /tmp/pzc-bench-gso.XXXXXX)
mkdir -p "$OUT"
trap 'bench_sink_del "$NS"' EXIT
bench_sink "$NS" 1500

case_opts() {
	case $1 in
	1514)	echo --size 1514 ;;
	gso64k)	echo --payload-size 64768 --gso 1472 ;;
	esac
}

COMMON=(--dev ifb0 --mode packet --dst-ip "$SINK_DST"
	--dst-mac 02:00:00:00:00:02 --payload inc --no-qdisc-bypass
	--duration "$SECS" --json --quiet)
[ "$CPU" != none ] && COMMON+=(--cpu "$CPU")

bench_env | tee "$OUT/env.txt"
echo "# sink: ifb0 (MTU 1500) in namespace $NS; packet mode; ${SECS}s x" \
	"$REPS; pinned: $CPU; JSON in $OUT"
for ((rep = 1; rep <= REPS; rep++)); do
	for seg in on off; do
		ip netns exec "$NS" ethtool -K ifb0 tx-udp-segmentation "$seg" \
			>/dev/null 2>&1 ||
			bench_die "ethtool -K ifb0 tx-udp-segmentation $seg failed"
		for c in 1514 gso64k; do
			for p in copy ring; do
				name="${c}__${p}__uso${seg}__${rep}"
				printf '# rep %d/%d: %-6s %-4s sink USO %-3s\n' \
					"$rep" "$REPS" "$c" "$p" "$seg"
				# shellcheck disable=SC2046
				python3 "$BENCH_DIR/cpuwin.py" "$OUT/$name.json" -- \
					ip netns exec "$NS" "$PKTGEN" "${COMMON[@]}" \
					--path "$p" $(case_opts "$c") ||
					bench_die "run $name failed"
			done
		done
	done
done

python3 - "$OUT" <<'EOF' | tee "$OUT/report.txt"
import glob, json, os, statistics, sys

cells = {}
for f in glob.glob(os.path.join(sys.argv[1], "*__*.json")):
    c, p, s, _ = os.path.basename(f)[:-5].split("__")
    d = json.load(open(f))
    e = d["end"]
    cpu = d["bench"]["send_cpu_seconds"]
    cells.setdefault((s, c, p), []).append(
        (e["bits_per_second_l2"] / 1e9, cpu / (e["bytes"] / 1e9),
         cpu / e["frames"] * 1e9 if e["frames"] else 0.0))
print("%-8s %-7s %-5s %9s %11s %12s" % ("sink", "frames", "path",
      "Gbit/s L2", "CPU s / GB", "CPU ns/frame"))
for s in ("usoon", "usooff"):
    for c in ("1514", "gso64k"):
        for p in ("copy", "ring"):
            v = cells.get((s, c, p))
            if not v:
                continue
            med = [statistics.median(x[i] for x in v) for i in range(3)]
            print("%-8s %-7s %-5s %9.1f %11.4f %12.0f" % (
                "USO on" if s == "usoon" else "USO off", c, p, *med))
EOF
