#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""bench/cpuwin.py OUT.json -- COMMAND...: run a pktgen-zc --json command,
write its stdout to OUT.json, and add to it the CPU it had used when its
send loop started, so that CPU per GB counts the sending only.

Why: end.cpu_seconds is getrusage(RUSAGE_SELF) over the whole process,
which includes building the pool (mmap + mlock, then writing the payload
pattern into every slot): about 2.6 CPU seconds for a 512 MB pool on the
machine this was written on, as much as a 5 s run's sending.  The JSON's
start.timestamp is the wall-clock time the send loop began, so sampling
/proc/PID/stat (utime+stime, every 20 ms, with wall-clock stamps) and
interpolating at that instant gives the set-up CPU; it is stored as
"bench": {"setup_cpu_seconds": ..., "send_cpu_seconds": ...}.
The command must exec pktgen-zc in place (as `ip netns exec` does), so that
the child's PID is the sender's.  Standard library only.
"""
import json
import os
import subprocess
import sys
import time

TICK = os.sysconf("SC_CLK_TCK")


def proc_cpu(pid):
    try:
        with open("/proc/%d/stat" % pid) as f:
            s = f.read()
    except OSError:
        return None
    fields = s[s.rindex(")") + 2:].split()
    # fields[0] is state (stat field 3): utime, stime are fields 14, 15.
    return (int(fields[11]) + int(fields[12])) / TICK


def main():
    if len(sys.argv) < 4 or sys.argv[2] != "--":
        sys.exit("usage: cpuwin.py OUT.json -- COMMAND...")
    out, cmd = sys.argv[1], sys.argv[3:]
    samples = []
    with open(out, "w") as f, open(out[:-5] + ".err", "w") as err:
        p = subprocess.Popen(cmd, stdout=f, stderr=err)
        while p.poll() is None:
            c = proc_cpu(p.pid)
            if c is not None:
                samples.append((time.time(), c))
            time.sleep(0.02)
    if p.returncode:
        with open(out[:-5] + ".err") as e:
            sys.exit("cpuwin: %s exited %d: %s" % (cmd[0], p.returncode,
                                                   e.read().strip()))
    with open(out) as f:
        doc = json.load(f)
    t0 = doc["start"]["timestamp"]
    setup = None
    for (ta, ca), (tb, cb) in zip(samples, samples[1:]):
        if ta <= t0 <= tb:
            setup = ca + (cb - ca) * ((t0 - ta) / (tb - ta) if tb > ta else 0)
            break
    if setup is None and samples and samples[0][0] > t0:
        setup = 0.0     # started sending before the first sample
    total = doc["end"]["cpu_seconds"]
    doc["bench"] = {
        "setup_cpu_seconds": setup,
        "send_cpu_seconds": None if setup is None else max(0.0, total - setup),
        "samples": len(samples),
    }
    with open(out, "w") as f:
        json.dump(doc, f)


if __name__ == "__main__":
    main()
