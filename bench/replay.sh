#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# bench/replay.sh: `pktgen-zc replay` against `tcpreplay` at top speed.
#
# Generates a capture of FRAMES UDP frames for each frame size (64 and
# 1400 bytes, without FCS), and replays it LOOPS times to an ifb discard
# sink alone in a private network namespace (ifb frees every frame at once
# in the sender's context, so neither tool is limited by a receiver and
# the sender's CPU time holds the whole kernel transmit path), with
#
#   pktgen-zc replay FILE --dev ifb0 --topspeed --loop LOOPS --json
#             --pool-size (large enough that the capture is preloaded)
#   tcpreplay --topspeed --preload-pcap --loop LOOPS -i ifb0 FILE
#
# RUNS times each, the two tools alternating so that both see the same
# machine.  Reports, per size and tool, the median packets per second
# (each tool's own figure over its sending: pktgen-zc end.pps, tcpreplay's
# "Rated: ... pps"), the median CPU seconds per million packets (user +
# system of the process, from getrusage of the child, the same way for
# both; pktgen-zc's own end.cpu_seconds alongside), and the ratios.
# Target: pktgen-zc at least 2x tcpreplay's packet rate at both sizes.
#
# A benchmark, not a test: it reports, it does not gate.  Exit status is 0
# when it ran (whatever the verdicts), 1 when it could not run.
set -euo pipefail

usage() {
	cat <<EOF
Usage: ${0##*/} [-n FRAMES] [-l LOOPS] [-r RUNS] [-s SIZES] [-o DIR]
  -n FRAMES  frames in the generated capture (default 10000)
  -l LOOPS   passes over it per run (default 100: 1M packets)
  -r RUNS    runs per tool and size; medians are reported (default 5)
  -s SIZES   frame sizes in bytes without FCS, comma separated
             (default 64,1400)
  -o DIR     keep the captures and each run's output there
Environment: PKTGEN=/path/to/pktgen-zc (default: build/pktgen-zc/pktgen-zc)
EOF
}

FRAMES=10000 LOOPS=100 RUNS=5 SIZES=64,1400 OUT=
while getopts "n:l:r:s:o:h" o; do
	case $o in
	n) FRAMES=$OPTARG ;;
	l) LOOPS=$OPTARG ;;
	r) RUNS=$OPTARG ;;
	s) SIZES=$OPTARG ;;
	o) OUT=$OPTARG ;;
	h) usage; exit 0 ;;
	*) usage >&2; exit 1 ;;
	esac
done

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HERE/.." && pwd)
PKTGEN=${PKTGEN:-$REPO/build/pktgen-zc/pktgen-zc}
PCAPUTIL=$REPO/tests/replay/pcaputil.py
die() { echo "${0##*/}: $*" >&2; exit 1; }
[ "$(id -u)" = 0 ] || die "needs root (network namespaces)"
[ -x "$PKTGEN" ] || die "no pktgen-zc at $PKTGEN: build it or set PKTGEN"
command -v tcpreplay >/dev/null || die "needs tcpreplay (apt-get install tcpreplay)"
command -v python3 >/dev/null || die "needs python3"
[ -f "$PCAPUTIL" ] || die "needs $PCAPUTIL"
PY=$(python3 -c 'import sys; print(sys.executable)')
modprobe ifb numifbs=0 2>/dev/null || true

NS="pzc-bench-replay-$$"
if [ -n "$OUT" ]; then
	mkdir -p "$OUT"
	DIR=$OUT
else
	DIR=$(mktemp -d /tmp/pzc-bench-replay.XXXXXX)
fi
cleanup() {
	ip netns del "$NS" 2>/dev/null || true
	[ -n "$OUT" ] || rm -rf "$DIR"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

ip netns add "$NS" || die "cannot create namespace $NS"
ip -n "$NS" link set lo up
ip -n "$NS" link add ifb0 type ifb || die "cannot create an ifb device (modprobe ifb?)"
ip -n "$NS" link set ifb0 up

# run_child OUTFILE CMD...: run CMD, stdout+stderr to OUTFILE; print the
# child's user+system CPU seconds and wall seconds (getrusage).
run_child() {
	"$PY" - "$@" <<'EOF'
import resource, subprocess, sys, time
out = sys.argv[1]
t0 = time.monotonic()
with open(out, "wb") as f:
    rc = subprocess.call(sys.argv[2:], stdout=f, stderr=subprocess.STDOUT)
wall = time.monotonic() - t0
ru = resource.getrusage(resource.RUSAGE_CHILDREN)
print(rc, ru.ru_utime + ru.ru_stime, wall)
EOF
}

echo "# $(date -u '+%Y-%m-%d %H:%M:%S UTC') $(uname -sr), $(nproc) CPUs," \
	"load $(cut -d' ' -f1-3 /proc/loadavg), $("$PKTGEN" --version 2>&1 | head -1)," \
	"$(tcpreplay --version 2>&1 | head -1)," \
	"git $(git -C "$REPO" rev-parse --short HEAD 2>/dev/null || echo '?')"
echo "# $FRAMES frames x $LOOPS loops = $((FRAMES * LOOPS)) packets per run, $RUNS runs per tool and size, ifb sink"

RESULTS=$DIR/results.tsv
: >"$RESULTS"
IFS=, read -r -a sizes <<<"$SIZES"
for size in "${sizes[@]}"; do
	pcap=$DIR/bench-$size.pcap
	"$PY" "$PCAPUTIL" gen-bench "$pcap" "$FRAMES" "$size"
	# Every record in its own slot of (MTU + 22) bytes rounded up: room
	# for all of them so that the capture is preloaded like tcpreplay's.
	pool=$(( (FRAMES * 2048 / 1048576 + 2) ))M
	for r in $(seq "$RUNS"); do
		f=$DIR/pzc-$size-$r
		read -r rc cpu wall < <(run_child "$f.out" ip netns exec "$NS" \
			"$PKTGEN" replay "$pcap" --dev ifb0 --topspeed \
			--loop "$LOOPS" --pool-size "$pool" --json --quiet)
		[ "$rc" = 0 ] || { cat "$f.out" >&2; die "pktgen-zc failed (exit $rc)"; }
		"$PY" - "$f.out" "$size" "$cpu" "$wall" "$((FRAMES * LOOPS))" >>"$RESULTS" <<'EOF'
import json, sys
txt = open(sys.argv[1]).read()
doc = json.loads(txt[txt.index("{"):])
e = doc["end"]
n = int(sys.argv[5])
if e["frames"] != n or e["send_errors"] or not e["replay"]["preloaded"]:
    sys.exit("pktgen-zc: %s frames, %s send errors, preloaded %s (want %d, 0, true)"
             % (e["frames"], e["send_errors"], e["replay"]["preloaded"], n))
print("pktgen-zc", sys.argv[2], e["pps"], float(sys.argv[3]) / n * 1e6,
      e["cpu_seconds"] / n * 1e6, sys.argv[4], sep="\t")
EOF
		f=$DIR/tcpreplay-$size-$r
		read -r rc cpu wall < <(run_child "$f.out" ip netns exec "$NS" \
			tcpreplay --topspeed --preload-pcap --loop "$LOOPS" \
			-i ifb0 "$pcap")
		[ "$rc" = 0 ] || { cat "$f.out" >&2; die "tcpreplay failed (exit $rc)"; }
		"$PY" - "$f.out" "$size" "$cpu" "$wall" "$((FRAMES * LOOPS))" >>"$RESULTS" <<'EOF'
import re, sys
txt = open(sys.argv[1]).read()
n = int(sys.argv[5])
sent = int(re.search(r"Actual: (\d+) packets", txt).group(1))
pps = float(re.search(r"Rated: [\d.]+ Bps, [\d.]+ Mbps, ([\d.]+) pps", txt).group(1))
failed = int(re.search(r"Failed packets:\s+(\d+)", txt).group(1))
if sent != n or failed:
    sys.exit("tcpreplay: %d packets, %d failed (want %d, 0)" % (sent, failed, n))
print("tcpreplay", sys.argv[2], pps, float(sys.argv[3]) / n * 1e6, "-",
      sys.argv[4], sep="\t")
EOF
	done
done

"$PY" - "$RESULTS" <<'EOF'
import statistics, sys
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1]) if l.strip()]
sizes = sorted({int(r[1]) for r in rows})
med = {}
print("%-6s %-10s %14s %20s %22s %s" % ("size", "tool", "Mpps (median)",
      "CPU s/Mpkt (median)", "own cpu_seconds/Mpkt", "runs (Mpps)"))
for s in sizes:
    for tool in ("pktgen-zc", "tcpreplay"):
        rs = [r for r in rows if r[0] == tool and int(r[1]) == s]
        pps = statistics.median(float(r[2]) for r in rs)
        cpu = statistics.median(float(r[3]) for r in rs)
        own = [float(r[4]) for r in rs if r[4] != "-"]
        med[tool, s] = (pps, cpu)
        print("%-6d %-10s %14.3f %20.3f %22s %s" % (
            s, tool, pps / 1e6, cpu,
            "%.3f" % statistics.median(own) if own else "-",
            " ".join("%.3f" % (float(r[2]) / 1e6) for r in rs)))
print()
for s in sizes:
    (pp, pc), (tp, tc) = med["pktgen-zc", s], med["tcpreplay", s]
    print("%d B: pktgen-zc/tcpreplay packet rate %.2fx (target >= 2x: %s), "
          "CPU per packet %.2fx" % (s, pp / tp, "met" if pp / tp >= 2 else
                                    "NOT met", pc / tc))
EOF
