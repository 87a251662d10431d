#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# bench/line-rate.sh: pktgen-zc against trafgen and tcpreplay, one core.
#
# Everything goes to one discard sink: ifb0 (2 TX queues) alone in a
# private network namespace (see lib.sh: ifb frees each frame at once in
# the sender's context, so nothing limits the rate and the sender's CPU
# time holds the whole kernel transmit path).  In one run, interleaved,
# RUNS times each, medians:
#
#   gen      pktgen-zc with its defaults (packet mode, path auto = the TX
#            ring, qdisc bypassed, stamp payload) against trafgen with its
#            defaults (TX_RING, qdisc bypass) sending a UDP/IPv4 frame of
#            the same size, generated here; also pktgen-zc --payload zeros.
#            FRAMES frames each, 64 and 1400 bytes without FCS.
#   replay   pktgen-zc replay (defaults, and with a pool large enough to
#            preload the capture) against tcpreplay --topspeed
#            --preload-pcap: a 10000-frame capture looped LOOPS times.
#   workers  pktgen-zc --threads 1 --cpus 0 against --threads 2 --cpus 0,1
#            (skipped, saying so, when the binary has no --threads).
#   cross    the transmit-path crossover: packet mode --path ring vs copy,
#            udp mode --path copy vs zerocopy, sizes 64 .. 16384, pools 4M
#            (cache-hot) and 256M (cold), ifb MTU 65535 for this part.
#
# Every tool runs under `taskset -c 0` (trafgen pins its one worker to
# CPU 0 by itself, so CPU 0 it is for all).  Rates are each tool's own
# figure over its sending (pktgen-zc end.pps, trafgen's packets over its
# "usec on CPU0" loop time, tcpreplay's "Rated: ... pps"); CPU is user +
# system seconds of the child process tree from getrusage, the same way for
# every tool (bench_run_child), per million frames.
#
# A benchmark, not a test: exit status 0 when it ran (whatever the
# verdicts), 1 when it could not run, 2 on a usage error.
set -euo pipefail

usage() {
	cat <<EOF
Usage: ${0##*/} [-r RUNS] [-n FRAMES] [-l LOOPS] [-d SECONDS] [-s PARTS]
        [-p] [-o DIR]
  -r RUNS     runs per case; medians are reported (default 3)
  -n FRAMES   frames per generation and worker run (default 4000000)
  -l LOOPS    replay: passes over the 10000-frame capture (default 200:
              2M packets)
  -d SECONDS  crossover: seconds per run (default 1)
  -s PARTS    parts to run, comma separated: gen,replay,workers,cross
              (default all)
  -p          also profile pktgen-zc against trafgen, and pktgen-zc replay
              against tcpreplay, at 64 and 1400 B (perf record -e
              cpu-clock -g, strace -c); about 1.5 minutes
  -o DIR      keep every run's output there (default: a temporary
              directory, removed at exit)
Environment: PKTGEN=/path/to/pktgen-zc (default: build/pktgen-zc/pktgen-zc)
EOF
}

RUNS=3 FRAMES=4000000 LOOPS=200 XSECS=1 PARTS=gen,replay,workers,cross
PROFILE= OUT=
while getopts "r:n:l:d:s:po:h" o; do
	case $o in
	r) RUNS=$OPTARG ;;
	n) FRAMES=$OPTARG ;;
	l) LOOPS=$OPTARG ;;
	d) XSECS=$OPTARG ;;
	s) PARTS=$OPTARG ;;
	p) PROFILE=1 ;;
	o) OUT=$OPTARG ;;
	h) usage; exit 0 ;;
	*) usage >&2; exit 2 ;;
	esac
done
shift $((OPTIND - 1))
[ $# -eq 0 ] || { usage >&2; exit 2; }

. "$(dirname "$0")/lib.sh"
bench_check
command -v trafgen >/dev/null || bench_die "needs trafgen (apt-get install netsniff-ng)"
command -v tcpreplay >/dev/null || bench_die "needs tcpreplay (apt-get install tcpreplay)"
command -v taskset >/dev/null || bench_die "needs taskset (util-linux)"
PCAPUTIL=$REPO_DIR/tests/replay/pcaputil.py
[ -f "$PCAPUTIL" ] || bench_die "needs tests/replay/pcaputil.py"
[ -n "$PROFILE" ] && { command -v perf >/dev/null && command -v strace >/dev/null ||
	bench_die "-p needs perf and strace"; }

has_part() { case ",$PARTS," in *",$1,"*) return 0 ;; esac; return 1; }

NS=pzcb-line-$$
KEEP=$OUT
[ -n "$OUT" ] || OUT=$(mktemp -d -t pzc-bench-line.XXXXXX)
mkdir -p "$OUT"
cleanup() {
	bench_sink_del "$NS"
	[ -n "$KEEP" ] || rm -rf "$OUT"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
bench_sink_mq "$NS" 1500 2
MAC=$(ip netns exec "$NS" cat /sys/class/net/ifb0/address)
IN_NS=(ip netns exec "$NS")
PIN=(taskset -c 0)
RESULTS=$OUT/results.tsv
: >"$RESULTS"

{
	bench_env
	echo "# $(trafgen --version 2>&1 | head -1); $(tcpreplay --version 2>&1 | head -1)"
	echo "# sink ifb0 (2 TX queues) in namespace $NS; all tools pinned to CPU 0;" \
		"$RUNS runs a case; parts $PARTS"
} | tee "$OUT/env.txt"

# trafgen_cfg SIZE FILE [PCAP]: one UDP/IPv4 frame of SIZE bytes (no FCS)
# with the headers pktgen-zc builds by default (198.18.1.1 -> 198.18.1.2,
# ports 9 -> 9, TTL 64, id 0, checksums computed here) and an incrementing
# payload from 0x00 (pktgen-zc's --payload inc), as a trafgen byte list.
# The MACs are those of pktgen-zc's frame in PCAP (the first record) if
# given, else ifb0's both ways; prints whether the frame equals PCAP's.
trafgen_cfg() {
	python3 - "$1" "$2" "$MAC" "$SINK_ADDR" "$SINK_DST" "${3:-}" <<'PY'
import os, socket, struct, sys
size, out, pcap = int(sys.argv[1]), sys.argv[2], sys.argv[6]
dmac = smac = bytes.fromhex(sys.argv[3].replace(":", ""))
src, dst = socket.inet_aton(sys.argv[4]), socket.inet_aton(sys.argv[5])
theirs = None
if pcap and os.path.exists(pcap):
    raw = open(pcap, "rb").read()
    end = "<" if raw[:4] in (b"\xd4\xc3\xb2\xa1", b"\x4d\x3c\xb2\xa1") else ">"
    caplen = struct.unpack(end + "I", raw[24 + 8:24 + 12])[0]
    theirs = raw[40:40 + caplen]
    dmac, smac = theirs[0:6], theirs[6:12]

def csum(b):
    b += b"\0" * (len(b) & 1)
    s = sum(struct.unpack("!%dH" % (len(b) // 2), b))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return ~s & 0xFFFF

plen = size - 14 - 20 - 8
pay = bytes(i & 0xFF for i in range(plen))
udp = struct.pack("!HHHH", 9, 9, 8 + plen, 0) + pay
c = csum(src + dst + struct.pack("!BBH", 0, 17, len(udp)) + udp) or 0xFFFF
udp = udp[:6] + struct.pack("!H", c) + udp[8:]
ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(udp), 0, 0, 64, 17, 0, src, dst)
ip = ip[:10] + struct.pack("!H", csum(ip)) + ip[12:]
frame = dmac + smac + b"\x08\x00" + ip + udp
assert len(frame) == size
with open(out, "w") as f:
    f.write("/* UDP/IPv4, %d bytes without FCS, generated by bench/line-rate.sh */\n{\n" % size)
    for i in range(0, len(frame), 16):
        f.write("  " + ", ".join("0x%02x" % x for x in frame[i:i + 16]) + ",\n")
    f.write("}\n")
if theirs is None:
    print("# trafgen frame %d B: no pktgen-zc frame to compare with" % size)
elif theirs == frame:
    print("# trafgen frame %d B: byte for byte pktgen-zc's --payload inc frame" % size)
else:
    diff = [i for i in range(max(len(frame), len(theirs)))
            if i >= len(frame) or i >= len(theirs) or frame[i] != theirs[i]]
    print("# trafgen frame %d B: differs from pktgen-zc's --payload inc frame"
          " (%d B) at %d bytes from offset %d" % (size, len(theirs), len(diff), diff[0]))
PY
}

# parse KIND FILE WANT: print "PPS FRAMES OWNCPU EXTRA" from a run's output
# (OWNCPU: the tool's own CPU figure if it has one, else -); fail unless
# it sent WANT frames (0: any number) without errors.
parse() {
	python3 - "$@" <<'PY'
import json, re, sys
kind, path, want = sys.argv[1], sys.argv[2], int(sys.argv[3])
txt = open(path, errors="replace").read()
def bad(msg):
    sys.exit("%s (%s): %s" % (kind, path, msg))
if kind == "pktgen-zc":
    try:
        doc = json.loads(txt[txt.index("{"):])
    except ValueError:
        bad("no JSON: " + txt[-400:])
    e, s = doc["end"], doc["start"]
    if e.get("error") or e["send_errors"] or (want and e["frames"] != want):
        bad("%s frames (want %d), %s send errors, error %s"
            % (e["frames"], want, e["send_errors"], e.get("error")))
    extra = "path=%s" % s["path"]["name"]
    if "replay" in e:
        extra += ",preloaded=%s" % str(e["replay"]["preloaded"]).lower()
    if isinstance(e.get("workers"), list):
        extra += ",workers=" + "/".join("%.0f" % w.get("pps", 0) for w in e["workers"])
    print(e["pps"], e["frames"], e["cpu_seconds"], extra, e["bytes"])
elif kind == "trafgen":
    m = re.search(r"(\d+) packets outgoing", txt)
    t = re.findall(r"(\d+) sec, (\d+) usec on CPU\d+ \((\d+) packets\)", txt)
    if not m or not t:
        bad("no summary: " + txt[-400:])
    n = int(m.group(1))
    if want and n != want:
        bad("%d packets (want %d)" % (n, want))
    sec = max(int(a) + int(b) / 1e6 for a, b, _ in t)
    b = re.search(r"(\d+) bytes outgoing", txt)
    print(n / sec, n, "-", "ring", b.group(1) if b else 0)
elif kind == "tcpreplay":
    sent = re.search(r"Actual: (\d+) packets \((\d+) bytes\)", txt)
    pps = re.search(r"Rated: [\d.]+ Bps, [\d.]+ Mbps, ([\d.]+) pps", txt)
    failed = re.search(r"Failed packets:\s+(\d+)", txt)
    if not (sent and pps and failed):
        bad("no summary: " + txt[-400:])
    n = int(sent.group(1))
    if (want and n != want) or int(failed.group(1)):
        bad("%d packets, %s failed (want %d, 0)" % (n, failed.group(1), want))
    print(pps.group(1), n, "-", "preload", sent.group(2))
PY
}

# run PART TOOL CASE SIZE RUN WANT CMD...: one run in the namespace, a
# results row: part tool case size run pps frames user sys wall own extra bytes
run() {
	local part=$1 tool=$2 case=$3 size=$4 r=$5 want=$6 f rc u s w p o
	shift 6
	f=$OUT/$part-$tool-$case-$size-$r.out
	: >"$f.cpustat"
	bench_cpustat "$f.cpustat"
	read -r rc u s w < <(bench_run_child "$f" "${IN_NS[@]}" "$@")
	bench_cpustat "$f.cpustat"
	[ "$rc" = 0 ] || { tail -20 "$f" >&2; bench_die "$tool $case $size failed (exit $rc): $*"; }
	p=$(parse "$tool" "$f" "$want") || bench_die "cannot read $f"
	# Cores that other work kept busy meanwhile: the machine's busy time
	# less the tool's own, over the window (total jiffies / CPUs).
	o=$(awk -v cpu="$u $s" -v n="$(nproc)" 'NR == 1 { b = $1; t = $2 }
		NR == 2 { split(cpu, c, " "); w = ($2 - t) / $3 / n
		x = w > 0 ? (($1 - b) / $3 - c[1] - c[2]) / w : 0
		printf "%.2f", x < 0 ? 0 : x }' "$f.cpustat")
	set -- $p
	printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$part" "$tool" \
		"$case" "$size" "$r" "$1" "$2" "$u" "$s" "$w" "$3" "$4" "$5" "$o" >>"$RESULTS"
}

PZC_GEN=(--dev ifb0 --dst-ip "$SINK_DST" --json --quiet)

# ---------------------------------------------------------------- gen
if has_part gen; then
	echo "# gen: pktgen-zc (defaults, and --payload zeros) vs trafgen, $FRAMES frames, 64 and 1400 B"
	for size in 64 1400; do
		# pktgen-zc's own frame (--payload inc: no per-frame stamp), for
		# trafgen's MACs and a byte-for-byte check.
		"${IN_NS[@]}" "$PKTGEN" "${PZC_GEN[@]}" --size "$size" --payload inc \
			--count 1 --dry-run --write-pcap "$OUT/pzc-$size.pcap" >/dev/null 2>&1 || true
		trafgen_cfg "$size" "$OUT/udp-$size.cfg" "$OUT/pzc-$size.pcap" | tee -a "$OUT/env.txt"
	done
	for r in $(seq "$RUNS"); do
		for size in 64 1400; do
			a=(run gen pktgen-zc default "$size" "$r" "$FRAMES" "${PIN[@]}" "$PKTGEN"
				"${PZC_GEN[@]}" --size "$size" --count "$FRAMES")
			b=(run gen trafgen default "$size" "$r" "$FRAMES" "${PIN[@]}" trafgen
				-o ifb0 -i "$OUT/udp-$size.cfg" -n "$FRAMES" -P 1)
			if [ $((r % 2)) = 1 ]; then "${a[@]}"; "${b[@]}"; else "${b[@]}"; "${a[@]}"; fi
			run gen pktgen-zc zeros "$size" "$r" "$FRAMES" "${PIN[@]}" "$PKTGEN" \
				"${PZC_GEN[@]}" --size "$size" --count "$FRAMES" --payload zeros
		done
		echo "#   run $r/$RUNS done, load $(cut -d' ' -f1 /proc/loadavg)"
	done
fi

# ------------------------------------------------------------- replay
if has_part replay; then
	echo "# replay: pktgen-zc replay vs tcpreplay --topspeed --preload-pcap," \
		"10000 frames x $LOOPS loops"
	for size in 64 1400; do
		python3 "$PCAPUTIL" gen-bench "$OUT/bench-$size.pcap" 10000 "$size"
	done
	want=$((10000 * LOOPS))
	for r in $(seq "$RUNS"); do
		for size in 64 1400; do
			pcap=$OUT/bench-$size.pcap
			a=(run replay pktgen-zc default "$size" "$r" "$want" "${PIN[@]}" "$PKTGEN"
				replay "$pcap" --dev ifb0 --topspeed --loop "$LOOPS" --json --quiet)
			b=(run replay tcpreplay default "$size" "$r" "$want" "${PIN[@]}" tcpreplay
				--topspeed --preload-pcap --loop "$LOOPS" -i ifb0 "$pcap")
			if [ $((r % 2)) = 1 ]; then "${a[@]}"; "${b[@]}"; else "${b[@]}"; "${a[@]}"; fi
			# Room for every record (1536-byte slots at MTU 1500), so
			# that the capture is preloaded as tcpreplay's is.
			run replay pktgen-zc preload "$size" "$r" "$want" "${PIN[@]}" "$PKTGEN" \
				replay "$pcap" --dev ifb0 --topspeed --loop "$LOOPS" --json --quiet \
				--pool-size 16M
		done
		echo "#   run $r/$RUNS done, load $(cut -d' ' -f1 /proc/loadavg)"
	done
fi

# ------------------------------------------------------------ workers
if has_part workers; then
	if "$PKTGEN" --help 2>&1 | grep -q -- '--threads'; then
		echo "# workers: --threads 1 --cpus 0 vs --threads 2 --cpus 0,1, $FRAMES frames"
		for r in $(seq "$RUNS"); do
			for size in 64 1400; do
				a=(run workers pktgen-zc 1w "$size" "$r" 0 "$PKTGEN" "${PZC_GEN[@]}"
					--size "$size" --count "$FRAMES" --threads 1 --cpus 0)
				b=(run workers pktgen-zc 2w "$size" "$r" 0 "$PKTGEN" "${PZC_GEN[@]}"
					--size "$size" --count "$FRAMES" --threads 2 --cpus 0,1)
				if [ $((r % 2)) = 1 ]; then "${a[@]}"; "${b[@]}"; else "${b[@]}"; "${a[@]}"; fi
			done
			echo "#   run $r/$RUNS done, load $(cut -d' ' -f1 /proc/loadavg)"
		done
	else
		echo "# workers: SKIPPED: $PKTGEN has no --threads option (workers not in this build)"
		echo "workers-skipped" >"$OUT/workers.skipped"
	fi
fi

# -------------------------------------------------------------- cross
XSIZES=(64 512 1400 4096 8192 16384)
if has_part cross; then
	echo "# cross: packet ring|copy, udp copy|zerocopy; ${XSECS}s runs; ifb0 MTU 65535"
	ip -n "$NS" link set ifb0 mtu 65535
	# What auto chooses, per mode and size (one frame each).
	for mode in packet udp; do
		for size in "${XSIZES[@]}"; do
			f=$OUT/auto-$mode-$size.json
			"${IN_NS[@]}" "$PKTGEN" "${PZC_GEN[@]}" --mode "$mode" --size "$size" \
				--count 1 >"$f" 2>&1 || true
			python3 -c 'import json, sys
t = open(sys.argv[1]).read()
try:
    print(sys.argv[2], sys.argv[3], json.loads(t[t.index("{"):])["start"]["path"]["name"])
except ValueError:
    print(sys.argv[2], sys.argv[3], "error")' "$f" "$mode" "$size"
		done
	done >"$OUT/auto.txt"
	for r in $(seq "$RUNS"); do
		for pool in 4M 256M; do
			for size in "${XSIZES[@]}"; do
				for mp in packet:ring:copy udp:copy:zerocopy; do
					IFS=: read -r mode p1 p2 <<<"$mp"
					[ $((r % 2)) = 1 ] || { t=$p1; p1=$p2; p2=$t; }
					for path in "$p1" "$p2"; do
						run cross pktgen-zc "$mode-$path-$pool" "$size" "$r" 0 \
							"${PIN[@]}" "$PKTGEN" "${PZC_GEN[@]}" --mode "$mode" \
							--path "$path" --size "$size" --pool-size "$pool" \
							--duration "$XSECS"
					done
				done
			done
		done
		echo "#   run $r/$RUNS done, load $(cut -d' ' -f1 /proc/loadavg)"
	done
	ip -n "$NS" link set ifb0 mtu 1500
fi

# ------------------------------------------------------------ profile
if [ -n "$PROFILE" ]; then
	echo "# profile: perf record -e cpu-clock -g and strace -c, 64 and 1400 B," \
		"generation and replay"
	PN=$FRAMES
	for size in 64 1400; do
		[ -f "$OUT/udp-$size.cfg" ] || trafgen_cfg "$size" "$OUT/udp-$size.cfg"
		pcap=$OUT/bench-$size.pcap
		[ -f "$pcap" ] || python3 "$PCAPUTIL" gen-bench "$pcap" 10000 "$size"
		for tool in pktgen-zc trafgen pktgen-zc-replay tcpreplay; do
			case $tool in
			pktgen-zc) cmd=("$PKTGEN" --dev ifb0 --dst-ip "$SINK_DST" --quiet
				--size "$size" --count "$PN") ;;
			trafgen) cmd=(trafgen -o ifb0 -i "$OUT/udp-$size.cfg" -n "$PN" -P 1) ;;
			pktgen-zc-replay) cmd=("$PKTGEN" replay "$pcap" --dev ifb0 --topspeed
				--loop "$LOOPS" --quiet) ;;
			tcpreplay) cmd=(tcpreplay --topspeed --preload-pcap --loop "$LOOPS"
				-i ifb0 "$pcap") ;;
			esac
			pf=$OUT/perf-$tool-$size
			"${IN_NS[@]}" "${PIN[@]}" perf record -q -e cpu-clock -g -o "$pf.data" \
				-- "${cmd[@]}" >"$pf.run" 2>&1 || true
			{
				echo "== $tool $size B: perf report (self, by symbol)"
				perf report -i "$pf.data" --stdio --no-children --sort sym \
					-g none --percent-limit 1.5 2>/dev/null | grep -v '^#' | grep -v '^$' | head -25
				echo "== $tool $size B: strace -c -f"
				"${IN_NS[@]}" "${PIN[@]}" strace -c -f -o "$pf.strace" "${cmd[@]}" >/dev/null 2>&1 || true
				head -12 "$pf.strace"
			} >"$pf.txt"
			rm -f "$pf.data"
		done
	done
fi

# ------------------------------------------------------------- report
python3 - "$RESULTS" "$OUT" "$PROFILE" <<'PY' | tee "$OUT/report.txt"
import glob, os, statistics as st, sys
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1]) if l.strip()]
out, profile = sys.argv[2], sys.argv[3]
R = {}
for part, tool, case, size, r, pps, frames, u, s, wall, own, extra, nbytes, oth in rows:
    R.setdefault((part, tool, case, int(size)), []).append(dict(
        pps=float(pps), frames=int(frames), u=float(u), s=float(s),
        wall=float(wall), own=None if own == "-" else float(own), extra=extra,
        bytes=int(nbytes), others=float(oth)))

def med(k, f):
    return st.median(f(x) for x in R[k])

def cell(k):
    """median Mpps, CPU s/Mframe (getrusage), user and sys of it."""
    if k not in R:
        return None
    return dict(
        mpps=med(k, lambda x: x["pps"] / 1e6),
        wmpps=med(k, lambda x: x["frames"] / x["wall"] / 1e6),
        cpu=med(k, lambda x: (x["u"] + x["s"]) / x["frames"] * 1e6),
        usr=med(k, lambda x: x["u"] / x["frames"] * 1e6),
        sys=med(k, lambda x: x["s"] / x["frames"] * 1e6),
        own=med(k, lambda x: (x["own"] or 0) / x["frames"] * 1e6),
        runs=" ".join("%.2f" % (x["pps"] / 1e6) for x in R[k]),
        others=med(k, lambda x: x["others"]),
        extra=R[k][0]["extra"], n=len(R[k]))

def table(title, part, keys):
    print(title)
    print("%-5s %-10s %-8s %8s %8s %11s %7s %7s %9s %6s  %s" % ("size", "tool", "case",
          "Mpps", "wallMpps", "CPU s/Mfr", "user", "sys", "own CPU", "others",
          "runs (Mpps); notes"))
    print("%-5s %-10s %-8s %8s %8s %11s" % ("", "", "", "", "", "(Mpps/core)"))
    for size in (64, 1400):
        for tool, case in keys:
            c = cell((part, tool, case, size))
            if c:
                print("%-5d %-10s %-8s %8.3f %8.3f %5.3f (%4.2f) %7.3f %7.3f %9s %6.2f  %s; %s" % (
                    size, tool, case, c["mpps"], c["wmpps"], c["cpu"], 1 / c["cpu"],
                    c["usr"], c["sys"], "%.3f" % c["own"] if c["own"] else "-",
                    c["others"], c["runs"], c["extra"]))
    print()

verdicts = []
def ratio(part, a, b, size, target, what):
    ca, cb = cell((part,) + a + (size,)), cell((part,) + b + (size,))
    if not (ca and cb):
        return
    x = ca["mpps"] / cb["mpps"]
    cpu = ca["cpu"] / cb["cpu"]
    # pairwise, run by run (runs were interleaved)
    pa, pb = R[(part,) + a + (size,)], R[(part,) + b + (size,)]
    pw = [p["pps"] / q["pps"] for p, q in zip(pa, pb)]
    v = "MET" if x >= target else "MISSED by %.1f%% (needs %.2fx the rate)" % (
        (1 - x / target) * 100, target / x)
    verdicts.append("%-40s %4d B: %5.2fx (pairwise %s; per core %.2fx), CPU/frame %.2fx;"
                    " target >= %.1fx: %s"
                    % (what, size, x, "..".join("%.2f" % y for y in (min(pw), max(pw))),
                       1 / cpu, cpu, target, v))

print("Mpps = the tool's own rate over its sending; wallMpps = frames / wall time of the\n"
      "whole process (set-up and exit included); CPU s/Mfr = user+sys CPU seconds of the\n"
      "tool's process tree (getrusage) per million frames, split into user and sys;\n"
      "(Mpps/core) = 1 / CPU s/Mfr: the rate if the tool had the core to itself, which\n"
      "other work on a shared machine moves less than the rate; own CPU = pktgen-zc's\n"
      "end.cpu_seconds (send loop only) per Mframe. Ratios: median rate over median\n"
      "rate; pairwise = the range of run-by-run ratios; per core = from CPU/frame;\n"
      "others = cores (of %d) that other work kept busy during the runs (/proc/stat)\n"
      % os.cpu_count())
if any(k[0] == "gen" for k in R):
    table("generation (FRAMES a run, pinned to CPU 0)", "gen",
          [("pktgen-zc", "default"), ("pktgen-zc", "zeros"), ("trafgen", "default")])
    for size in (64, 1400):
        ratio("gen", ("pktgen-zc", "default"), ("trafgen", "default"), size, 1.0,
              "gen: pktgen-zc (defaults) / trafgen")
    for size in (64, 1400):
        ratio("gen", ("pktgen-zc", "zeros"), ("trafgen", "default"), size, 1.0,
              "gen: pktgen-zc --payload zeros / trafgen")
if any(k[0] == "replay" for k in R):
    table("replay (10000-frame capture, looped)", "replay",
          [("pktgen-zc", "default"), ("pktgen-zc", "preload"), ("tcpreplay", "default")])
    for size in (64, 1400):
        ratio("replay", ("pktgen-zc", "default"), ("tcpreplay", "default"), size, 4.0,
              "replay: pktgen-zc (defaults) / tcpreplay")
    for size in (64, 1400):
        ratio("replay", ("pktgen-zc", "preload"), ("tcpreplay", "default"), size, 4.0,
              "replay: pktgen-zc preloaded / tcpreplay")
if os.path.exists(os.path.join(out, "workers.skipped")):
    verdicts.append("workers: SKIPPED (this pktgen-zc has no --threads)")
if any(k[0] == "workers" for k in R):
    table("workers (ifb0 with 2 TX queues)", "workers",
          [("pktgen-zc", "1w"), ("pktgen-zc", "2w")])
    for size in (64, 1400):
        ratio("workers", ("pktgen-zc", "2w"), ("pktgen-zc", "1w"), size, 1.7,
              "workers: 2 workers / 1 worker")

xs = sorted({k[3] for k in R if k[0] == "cross"})
if xs:
    auto = {}
    if os.path.exists(os.path.join(out, "auto.txt")):
        for l in open(os.path.join(out, "auto.txt")):
            m, s, p = l.split()
            auto[m, int(s)] = p
    print("crossover (--duration a run; Mpps; CPU = own send-loop CPU s per Mframe; "
          "b/a = rate ratio, CPU ratio)")
    print("%-6s %-5s %6s | %-20s | %-20s | %6s %6s %-9s %s" % ("mode", "pool", "size",
          "a: Mpps  CPU/Mfr", "b: Mpps  CPU/Mfr", "rate", "CPU", "faster", "auto"))
    for mode, a, b in (("packet", "ring", "copy"), ("udp", "copy", "zerocopy")):
        for pool in ("4M", "256M"):
            for size in xs:
                ca = cell(("cross", "pktgen-zc", "%s-%s-%s" % (mode, a, pool), size))
                cb = cell(("cross", "pktgen-zc", "%s-%s-%s" % (mode, b, pool), size))
                if not (ca and cb):
                    continue
                rr = cb["mpps"] / ca["mpps"]
                print("%-6s %-5s %6d | %-4s %6.3f %8.3f | %-4s %6.3f %8.3f | %6.2f %6.2f %-9s %s" % (
                    mode, pool, size, a[:4], ca["mpps"], ca["own"], b[:4], cb["mpps"],
                    cb["own"], rr, cb["own"] / ca["own"], b if rr > 1 else a,
                    auto.get((mode, size), "?")))
    print()

print("verdicts")
for v in verdicts:
    print("  " + v)
if profile:
    print("\nprofiles (perf record -e cpu-clock -g; strace -c -f)")
    for f in sorted(glob.glob(os.path.join(out, "perf-*.txt"))):
        print(open(f).read())
PY
