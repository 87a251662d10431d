#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""bench/report.py: turn pktgen-zc --json output into the benchmark tables.

  report.py rate --top PPS --dir DIR NAME:REQUESTED_PPS...
      DIR/NAME.json per run; REQUESTED_PPS 0 = unpaced.
  report.py zc --dir DIR
      DIR/*.json named CASE__POOL__zc{on,off}__REP.json.

Standard library only.  A benchmark report, not a test: it never fails on
a missed target, it says so.
"""
import argparse
import glob
import json
import os
import statistics
import sys

# Targets (issue 2 and issue 3).
RATE_RUN_TOL = 0.5      # % error of the whole run
RATE_SEC_TOL = 2.0      # % error of any full second
REACH = 0.98            # a rate above REACH x top speed is "unreachable"
ZC_RATIO_TARGET = 0.5   # zerocopy CPU/GB <= 0.5 x copy at 64K GSO, cold


def load(path):
    with open(path) as f:
        return json.load(f)


def others_cores(path, cpu_seconds):
    """CPU cores' worth of work by everyone else during a run: machine busy
    time from /proc/stat (bench_cpustat before and after) less the run's
    own user+sys, over the elapsed time.  None when not recorded."""
    try:
        with open(path) as f:
            (b0, t0, hz), (b1, t1, _) = [tuple(map(float, l.split()))
                                         for l in f if l.strip()][:2]
    except (OSError, ValueError):
        return None
    ncpu = os.cpu_count() or 1
    wall = (t1 - t0) / hz / ncpu
    if wall <= 0:
        return None
    return max(0.0, ((b1 - b0) / hz - cpu_seconds) / wall)


def interval_stats(doc, interval=1.0):
    """Per-interval pps from frames/seconds (the tool's own pps field is
    the same, but computing it keeps partial intervals honest).  Full
    intervals only for the spread: a tick is taken after a send, so an
    interval is a little over 1 s; one much shorter or longer (a partial
    one, or a tick slept through) is reported but not judged."""
    full, partial = [], []
    for iv in doc["intervals"]:
        sec = iv["seconds"]
        if sec <= 0:
            continue
        pps = iv["frames"] / sec
        (full if abs(sec - interval) <= 0.1 * interval else partial).append(pps)
    return full, partial


def rate(args):
    top = args.top
    rows = []
    for spec in args.runs:
        name, req = spec.split(":")
        req = float(req)
        doc = load(os.path.join(args.dir, name + ".json"))
        end = doc["end"]
        achieved = end["frames"] / end["seconds"]
        # The tool's end.seconds runs to the end of the zerocopy drain;
        # the intervals plus the tail after the last tick are the same
        # frames, so compare both to catch a mismatch.
        iv_frames = sum(iv["frames"] for iv in doc["intervals"])
        full, partial = interval_stats(doc)
        row = {
            "name": name, "req": req, "achieved": achieved,
            "frames": end["frames"], "seconds": end["seconds"],
            "cpu": end["cpu_seconds"], "n_full": len(full),
            "n_partial": len(partial), "lost_tail": end["frames"] - iv_frames,
            "zc": end.get("zerocopy", {}).get("in_effect"),
            "others": others_cores(os.path.join(args.dir, name + ".cpustat"),
                                   end["cpu_seconds"]),
        }
        if full:
            row["min"], row["max"] = min(full), max(full)
            row["mean"] = statistics.mean(full)
            row["sd"] = statistics.pstdev(full)
        ref = req if req > 0 else row.get("mean", achieved)
        row["err"] = (achieved - req) / req * 100 if req > 0 else None
        row["worst"] = (max(abs(p - ref) for p in full) / ref * 100
                        if full else None)
        row["reach"] = req <= 0 or req <= REACH * top
        rows.append(row)

    print()
    print("Rate accuracy, achieved = end.frames / end.seconds; spread over "
          "full 1 s intervals")
    print("(unpaced: worst = largest deviation of a second from the run's "
          "mean second; not judged)")
    hdr = ("%-8s %10s %11s %8s %10s %10s %8s %7s %7s %6s  %s" %
           ("run", "requested", "achieved", "err %", "min/s", "max/s",
            "sd/s", "worst%", "cpu s", "others", "verdict"))
    print(hdr)
    print("-" * len(hdr))
    for r in rows:
        if r["req"] <= 0:
            verdict = "(unpaced)"
        elif not r["reach"]:
            verdict = "n/a: above %.0f%% of top speed" % (REACH * 100)
        else:
            ok_run = abs(r["err"]) <= RATE_RUN_TOL
            ok_sec = r["worst"] is not None and r["worst"] <= RATE_SEC_TOL
            verdict = "MET" if ok_run and ok_sec else "MISSED (%s)" % ", ".join(
                x for x, ok in (("run", ok_run), ("second", ok_sec)) if not ok)
        fmt = lambda v, f: (f % v) if v is not None else "-"
        print("%-8s %10s %11.1f %8s %10s %10s %8s %7s %7.2f %6s  %s" % (
            r["name"], fmt(r["req"] or None, "%.0f") if r["req"] else "max",
            r["achieved"], fmt(r["err"], "%+.3f"), fmt(r.get("min"), "%.0f"),
            fmt(r.get("max"), "%.0f"), fmt(r.get("sd"), "%.0f"),
            fmt(r["worst"], "%.2f"), r["cpu"], fmt(r["others"], "%.2f"),
            verdict))
    print()
    print("others = CPU cores busy with other work during the run "
          "(of %d), from /proc/stat" % (os.cpu_count() or 1))
    print("top speed probe: %.0f pps; targets: |err| <= %.1f%% over the run, "
          "every full second within %.1f%%" % (top, RATE_RUN_TOL, RATE_SEC_TOL))
    for r in rows:
        notes = []
        if r["n_partial"]:
            notes.append("%d partial interval(s) not judged" % r["n_partial"])
        if r["lost_tail"]:
            notes.append("%d frames after the last interval tick are in "
                         "end.frames but in no interval" % r["lost_tail"])
        if r["zc"] is not None:
            notes.append("zerocopy %s" % ("on" if r["zc"] else "off"))
        print("  %-8s %d full intervals; %s" % (r["name"], r["n_full"],
                                                "; ".join(notes)))


def zc(args):
    runs = {}
    for path in sorted(glob.glob(os.path.join(args.dir, "*__*__zc*__*.json"))):
        case, pool, zcm, _rep = os.path.basename(path)[:-5].split("__")
        doc = load(path)
        end = doc["end"]
        z = end.get("zerocopy", {})
        gb = end["bytes"] / 1e9
        send_cpu = (doc.get("bench") or {}).get("send_cpu_seconds")
        cpu = end["cpu_seconds"] if send_cpu is None else send_cpu
        runs.setdefault((case, pool), {}).setdefault(zcm, []).append({
            "cpu_gb": cpu / gb if gb else float("nan"),
            "raw_gb": end["cpu_seconds"] / gb if gb else float("nan"),
            "measured": send_cpu is not None,
            "others": others_cores(path[:-5] + ".cpustat", end["cpu_seconds"]),
            "pps": end["pps"], "gbps": end["bits_per_second_l2"] / 1e9,
            "cpu": end["cpu_seconds"], "sec": end["seconds"],
            "zc": z.get("in_effect"), "copied": z.get("ids_copied", 0),
            "ids": z.get("ids_completed", 0),
        })
    order = {"1400": 0, "9000": 1, "gso64k": 2}
    keys = sorted(runs, key=lambda k: (order.get(k[0], 9), k[0],
                                       k[1] != "hot", k[1]))
    med = statistics.median
    print()
    print("Zerocopy vs copy, udp mode to ifb, medians of %s runs each "
          "(CPU = sender's user+sys while sending / L2 GB sent)" %
          "/".join(sorted({str(len(v)) for k in keys for v in runs[k].values()})))
    hdr = ("%-7s %-5s %11s %11s %11s %11s %9s %8s %8s  %s" %
           ("case", "pool", "copy s/GB", "zc s/GB", "copy pps", "zc pps",
            "zc/copy", "copy Gb/s", "zc Gb/s", "notes"))
    print(hdr)
    print("-" * len(hdr))
    verdict = None
    for k in keys:
        off, on = runs[k].get("zcoff", []), runs[k].get("zcon", [])
        if not off or not on:
            continue
        c_gb, z_gb = med([r["cpu_gb"] for r in off]), med([r["cpu_gb"] for r in on])
        ratio = z_gb / c_gb
        notes = []
        if not all(r["zc"] for r in on):
            notes.append("zerocopy NOT in effect")
        copied = sum(r["copied"] for r in on)
        if copied:
            notes.append("%d of %d ids copied by the kernel" %
                         (copied, sum(r["ids"] for r in on)))
        rs = [a["cpu_gb"] / b["cpu_gb"] for a, b in zip(on, off)]
        notes.append("pairwise %.2f..%.2f" % (min(rs), max(rs)))
        raw = med([r["raw_gb"] for r in on]) / med([r["raw_gb"] for r in off])
        notes.append("with set-up CPU %.2f" % raw)
        oth = [r["others"] for r in on + off if r["others"] is not None]
        if oth:
            notes.append("others %.2f cores" % med(oth))
        if not all(r["measured"] for r in on + off):
            notes.append("SET-UP CPU NOT SUBTRACTED in some runs")
        if k == ("gso64k", "cold"):
            verdict = ratio
        print("%-7s %-5s %11.3f %11.3f %11.0f %11.0f %9.2f %8.2f %8.2f  %s" % (
            k[0], k[1], c_gb, z_gb, med([r["pps"] for r in off]),
            med([r["pps"] for r in on]), ratio,
            med([r["gbps"] for r in off]), med([r["gbps"] for r in on]),
            "; ".join(notes)))
    print()
    if verdict is None:
        print("target (gso64k, cold: zc/copy <= %.2f): not measured" %
              ZC_RATIO_TARGET)
    else:
        print("target (gso64k, cold: zc/copy CPU per GB <= %.2f): %.2f -> %s" %
              (ZC_RATIO_TARGET, verdict,
               "MET" if verdict <= ZC_RATIO_TARGET else "MISSED"))


def main():
    ap = argparse.ArgumentParser()
    sub = ap.add_subparsers(dest="cmd", required=True)
    a = sub.add_parser("rate")
    a.add_argument("--top", type=float, required=True)
    a.add_argument("--dir", required=True)
    a.add_argument("runs", nargs="+")
    b = sub.add_parser("zc")
    b.add_argument("--dir", required=True)
    args = ap.parse_args()
    {"rate": rate, "zc": zc}[args.cmd](args)


if __name__ == "__main__":
    sys.exit(main())
