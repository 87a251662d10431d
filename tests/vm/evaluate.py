#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Judge one VM run of tests/vm from what the guest left in its /out.

    evaluate.py --out DIR --dump dump.pcap --console console.log
                --count N --have-tool 0|1

Prints one line "VMTEST <name> PASS|FAIL|SKIP <detail>" per verdict, each
followed by any number of "  | ..." lines of evidence.  run-vm.sh picks the
verdicts of one check by the name's prefix.  Only the standard library.
"""
import argparse
import functools
import json
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pcapcmp  # noqa: E402  (beside this file)

# qemu's dump is read by several checks and holds a few hundred thousand
# frames: read it once (callers do not modify the list)
read_pcap = functools.lru_cache(maxsize=8)(pcapcmp.read_pcap)


class Report:
    def __init__(self):
        self.lines = []

    def verdict(self, name, ok, detail, evidence=()):
        status = ok if isinstance(ok, str) else ("PASS" if ok else "FAIL")
        self.lines.append(f"VMTEST {name} {status} {detail}")
        for e in evidence:
            for line in str(e).splitlines():
                self.lines.append(f"  | {line}")

    def emit(self):
        print("\n".join(self.lines))


def read(path, default=None):
    try:
        with open(path, errors="replace") as f:
            return f.read()
    except OSError:
        return default


def tail(text, n=25):
    return "\n".join((text or "").splitlines()[-n:])


def compare_pcaps(expected, seen, port, strip=0):
    """pcapcmp in-process; returns (ok, message)."""
    try:
        exp = read_pcap(expected)
        got = read_pcap(seen, strip)
    except (OSError, ValueError) as e:
        return False, f"unreadable pcap: {e}"
    if not exp:
        return False, "the sender's pcap holds no frame"
    stray = [i for i, f in enumerate(exp) if pcapcmp.udp_dport(f) != port]
    if stray:
        return False, f"sender's frame {stray[0]} is not UDP to port {port}"
    mine = [f for f in got if pcapcmp.udp_dport(f) == port]
    msgs = []
    for i, (a, b) in enumerate(zip(exp, mine)):
        if a != b:
            d = pcapcmp.first_diff(a, b)
            msgs.append(f"frame {i} differs (len {len(a)}/{len(b)}) at byte"
                        f" {d}: meant {a[d:d + 8].hex()} seen {b[d:d + 8].hex()}")
            if len(msgs) >= 3:
                break
    if len(exp) != len(mine):
        msgs.append(f"{len(exp)} frames meant, {len(mine)} seen")
    ok = not msgs
    summary = (f"{len(mine)}/{len(exp)} frames identical in count, order and"
               f" bytes ({len(got) - len(mine)} other frames ignored)"
               if ok else "; ".join(msgs))
    return ok, summary


# ---- the checks --------------------------------------------------------------

def check_boot(r, a):
    out = a.out
    finished = os.path.exists(os.path.join(out, "finished"))
    if finished:
        uname = (read(os.path.join(out, "uname.txt"), "") or "").strip()
        r.verdict("boot", True, f"the VM ran /init to the end: {uname}")
        return True
    rc = read(os.path.join(os.path.dirname(a.console), "qemu-rc"), "?").strip()
    r.verdict("boot", False,
              f"the VM did not finish /init (qemu/timeout exit {rc});"
              " console tail follows", [tail(read(a.console, ""))])
    return False


def check_zcprobe(r, a):
    text = read(os.path.join(a.out, "zcprobe.txt"))
    if text is None:
        r.verdict("so_zerocopy_all", False, "zcprobe left no output")
        r.verdict("zcprobe_all", False, "zcprobe left no output")
        return
    seen = set()
    for line in text.splitlines():
        m = re.match(r"VMTEST (\S+) (PASS|FAIL) ?(.*)$", line)
        if m:
            seen.add(m.group(1).split("_")[0])
            r.verdict(m.group(1), m.group(2) == "PASS", m.group(3))
    for need in ("so", "zcprobe"):
        if need not in seen:
            r.verdict(f"{need}_zerocopy_all" if need == "so" else "zcprobe_all",
                      False, "no verdict from zcprobe")


def check_zcstress(r, a):
    text = read(os.path.join(a.out, "zcstress.txt"))
    seen = set()
    for line in (text or "").splitlines():
        m = re.match(r"VMTEST (\S+) (PASS|FAIL) ?(.*)$", line)
        if m:
            seen.add(m.group(1).split("_")[0])
            r.verdict(m.group(1), m.group(2) == "PASS", m.group(3))
    for need in ("zcmt", "zcnobufs", "zcbatch"):
        if need not in seen:
            r.verdict(f"{need}_all", False, "no verdict from zcstress"
                      + ("" if text is not None else " (no output at all)"))
    for kind in ("packet", "raw"):
        mt_wire(r, a, text or "", "zcmt_" + kind, True)
    broken = read(os.path.join(a.out, "zcmt_broken.txt"))
    for line in (broken or "").splitlines():
        m = re.match(r"VMTEST (\S+) (PASS|FAIL) ?(.*)$", line)
        if m:
            r.verdict(m.group(1), m.group(2) == "PASS", m.group(3))
    mt_wire(r, a, broken or "", "zcmt_broken_packet", False)


MT_RE = re.compile(r"zcmt frames=(\d+) port=(\d+)")
MT_PORT = {"zcmt_packet": 9071, "zcmt_raw": 9072, "zcmt_broken_packet": 9073}
MT_STAMP = slice(42, 50)  # Ethernet, IPv4, UDP: magic and thread << 24 | seq


def mt_wire(r, a, text, name, must_match):
    """The frames of zcstress mt on the wire: the threads interleave, so
    the dump (frames to the run's port) and the record are compared as sets
    keyed by each frame's stamp; every frame sent must be seen once, byte
    for byte, and nothing else.  The broken sender must be caught."""
    port = MT_PORT[name]
    told = [int(n) for n, p in MT_RE.findall(text) if int(p) == port]
    try:
        exp = read_pcap(os.path.join(a.out, name + ".pcap"))
        got = read_pcap(a.dump, int(a.dump_strip))
    except (OSError, ValueError) as e:
        r.verdict(name + "_wire", False, f"unreadable pcap: {e}")
        return
    if told != [len(exp)] or not exp:
        r.verdict(name + "_wire", False, f"the sender reported {told} frames"
                  f" on port {port}, its pcap holds {len(exp)}")
        return
    want = {}
    for f in exp:
        want.setdefault(f[MT_STAMP], []).append(f)
    seen = {}
    for f in got:
        if pcapcmp.udp_dport(f) == port:
            seen.setdefault(f[MT_STAMP], []).append(f)
    nseen = sum(len(v) for v in seen.values())
    problems, diffs, ndiff = [], [], 0
    dup_meant = sum(len(v) - 1 for v in want.values())
    missing = sum(1 for k in want if k not in seen)
    twice = sum(len(v) - 1 for k, v in seen.items() if k in want)
    stray = sum(len(v) for k, v in seen.items() if k not in want)
    for k, v in want.items():
        g = seen.get(k)
        if g and g[0] != v[0]:
            ndiff += 1
            if len(diffs) < 3:
                d = pcapcmp.first_diff(v[0], g[0])
                diffs.append(f"frame {k.hex()} differs (len {len(v[0])}/"
                             f"{len(g[0])}) at byte {d}: meant"
                             f" {v[0][d:d + 8].hex()} seen"
                             f" {g[0][d:d + 8].hex()}")
    if dup_meant:
        problems.append(f"{dup_meant} frames recorded twice")
    if missing:
        problems.append(f"{missing} of {len(exp)} frames sent never seen")
    if twice:
        problems.append(f"{twice} frames seen more than once")
    if stray:
        problems.append(f"{stray} frames seen that were never sent")
    counts = f"{len(exp)} frames sent, {nseen} seen on port {port}"
    if must_match:
        if ndiff:
            problems.append(f"{ndiff} frames differ: " + "; ".join(diffs))
        detail = (f"ok: {counts}, each seen once and identical"
                  if not problems else "; ".join(problems))
    else:
        if not ndiff:
            problems.append("the early reuse went unnoticed: every frame on"
                            " the wire equals the frame sent")
        detail = (f"ok: the comparison caught the early reuse: {ndiff} of"
                  f" {len(exp)} frames differ: " + "; ".join(diffs)
                  if not problems else "; ".join(problems))
    r.verdict(name + "_wire", not problems, detail)


GSO_RE = re.compile(r"zcgso segments=(\d+) port=(\d+)")


def check_gso(r, a):
    """UDP GSO super-frames sent zerocopy through PACKET_VNET_HDR: the
    segments in qemu's dump (checksums completed as the device would, per
    the virtio-net header) equal those the sender meant, byte for byte;
    the deliberately broken sender (slots overwritten before their ids
    complete) must make that comparison fail."""
    gso_wire(r, a, "zcgso", True)
    gso_wire(r, a, "zcgso_broken", False)


def check_pktgen_gso(r, a):
    """pktgen-zc --gso in packet mode with zerocopy: the run balances
    (every id completed), and the segments the guest cut, as qemu's dump
    has them (checksums completed from the virtio-net header), equal
    the segments --write-pcap recorded, byte for byte."""
    if a.have_tool != "1":
        for v in ("pktgen_gso_run", "pktgen_gso_wire"):
            r.verdict(v, "SKIP", "no pktgen-zc binary was given")
        return
    base = os.path.join(a.out, "pktgen_gso")
    rc = (read(base + ".rc", "") or "").strip()
    problems, ev = [], []
    end, zc = {}, {}
    try:
        doc = json.loads(read(base + ".json", "") or "")
        end = doc.get("end") or {}
        zc = end.get("zerocopy") or {}
        ev.append("end: " + json.dumps(end, sort_keys=True)[:600])
    except ValueError as e:
        problems.append(f"no JSON document ({e})")
    if rc != "0":
        problems.append(f"exit status {rc or 'missing'}: "
                        + tail(read(base + ".err", "") or "", 3))
    if zc.get("in_effect") is not True:
        problems.append(f"zerocopy in_effect={zc.get('in_effect')}")
    sends, comp = zc.get("sends"), zc.get("ids_completed")
    if not isinstance(sends, int) or sends <= 0 or comp != sends:
        problems.append(f"ids sent {sends}, completed {comp}")
    r.verdict("pktgen_gso_run", not problems,
              "; ".join(problems) if problems else
              f"ok: {sends} zerocopy sends, all completed"
              f" ({zc.get('ids_copied')} copied), {end.get('frames')}"
              " segments", ev)
    try:
        exp = read_pcap(base + ".pcap")
        got = [pcapcmp.vnet_complete(f, int(a.dump_strip))
               for f in read_pcap(a.dump)]
    except (OSError, ValueError) as e:
        r.verdict("pktgen_gso_wire", False, f"unreadable pcap: {e}")
        return
    mine = [f for f, g in got if pcapcmp.udp_dport(f) == 9061]
    unseg = sum(1 for f, g in got if g and pcapcmp.udp_dport(f) == 9061)
    problems = []
    if not exp or end.get("frames") != len(exp):
        problems.append(f"--write-pcap holds {len(exp)} segments, the run"
                        f" reports {end.get('frames')}")
    if unseg:
        problems.append(f"{unseg} frames left the guest unsegmented")
    for i, (e, f) in enumerate(zip(exp, mine)):
        if e != f:
            d = pcapcmp.first_diff(e, f)
            problems.append(f"segment {i} differs at byte {d}: meant"
                            f" {e[d:d + 8].hex()} seen {f[d:d + 8].hex()}")
            break
    if len(exp) != len(mine):
        problems.append(f"{len(exp)} segments recorded, {len(mine)} seen")
    r.verdict("pktgen_gso_wire", not problems, "; ".join(problems)
              if problems else f"ok: {len(mine)} segments on the wire =="
              " --write-pcap, in order, byte for byte")


def gso_wire(r, a, name, must_match):
    text = read(os.path.join(a.out, name + ".txt"))
    if text is None:
        r.verdict(name + "_send", False, "no output from zcstress gso")
        r.verdict(name + "_wire", False, "no output from zcstress gso")
        return
    seen = False
    for line in text.splitlines():
        m = re.match(r"VMTEST (\S+) (PASS|FAIL) ?(.*)$", line)
        if m:
            seen = True
            r.verdict(m.group(1), m.group(2) == "PASS", m.group(3))
    if not seen:
        r.verdict(name + "_send", False, "no verdict: " + tail(text, 3))
    m = GSO_RE.search(text)
    if not m:
        r.verdict(name + "_wire", False, "no segment count from the sender")
        return
    nseg, port = int(m.group(1)), int(m.group(2))
    try:
        exp = read_pcap(os.path.join(a.out, name + "_expected.pcap"))
        got = [pcapcmp.vnet_complete(f, int(a.dump_strip))
               for f in read_pcap(a.dump)]
    except (OSError, ValueError) as e:
        r.verdict(name + "_wire", False, f"unreadable pcap: {e}")
        return
    mine = [(f, g) for f, g in got if pcapcmp.udp_dport(f) == port]
    setup = []
    if len(exp) != nseg or not exp:
        setup.append(f"the sender's pcap holds {len(exp)} segments,"
                     f" it reported {nseg}")
    unsegmented = sum(1 for _, g in mine if g)
    if unsegmented:
        setup.append(f"{unsegmented} frames left the guest as GSO"
                     " super-frames (the device segmented, not the guest)")
    diffs = []
    for i, (e, (f, _)) in enumerate(zip(exp, mine)):
        if e != f:
            d = pcapcmp.first_diff(e, f)
            diffs.append(f"segment {i} differs (len {len(e)}/{len(f)}) at"
                         f" byte {d}: meant {e[d:d + 8].hex()} seen"
                         f" {f[d:d + 8].hex()}")
            if len(diffs) >= 3:
                break
    if len(exp) != len(mine):
        diffs.append(f"{len(exp)} segments meant, {len(mine)} seen")
    if must_match:
        problems = setup + diffs
        detail = (f"ok: {len(mine)}/{len(exp)} segments identical in count,"
                  " order and bytes" if not problems
                  else "; ".join(problems))
    else:
        problems = setup + ([] if diffs else [
            "the early overwrite went unnoticed: the dump equals the"
            " segments meant"])
        detail = ("ok: the comparison caught the early overwrite: "
                  + "; ".join(diffs) if not problems
                  else "; ".join(problems))
    r.verdict(name + "_wire", not problems, detail)


RXTX_RE = re.compile(r"scribble sent=(\d+) notified=(\d+) copied=(\d+)"
                     r" error=(\d+)")
RXRX_RE = re.compile(r"rx frames=(\d+) intact=(\d+) corrupt=(\d+)"
                     r" missing=(\d+)")


def check_rxpath(r, a, runs):
    """Zerocopy frames into a receive path: every frame intact at the
    receiver although the sender overwrote each buffer once its id
    completed, and every completion reported COPIED (the pages were copied
    before the receiver could see them)."""
    if not runs:
        r.verdict("zcrx_all", False, "no receive-path run was recorded")
        return
    for name, kv in runs:
        base = os.path.join(a.out, "zcrx_" + name)
        try:
            count = int(kv.get("count", ""))
        except ValueError:
            r.verdict("zcrx_" + name, False, "no frame count recorded")
            continue
        setup = (read(base + ".setup", "") or "").strip().splitlines()
        tx = (read(base + ".tx", "") or "").strip()
        rx = (read(base + ".rx", "") or "").strip()
        problems = []
        if not setup or setup[-1] != "0":
            problems.append("set-up failed: " + " / ".join(setup[-3:]))
        mt, mr = RXTX_RE.search(tx), RXRX_RE.search(rx)
        if not mt:
            problems.append("no sender summary: " + tail(tx, 2))
        if not mr:
            problems.append("no receiver summary: " + tail(rx, 2))
        if mt:
            sent, notified, copied, err = map(int, mt.groups())
            if sent != count or err:
                problems.append(f"sent {sent}/{count} (error {err})")
            if notified != sent:
                problems.append(f"notified {notified} != sent {sent}")
            if copied != notified:
                problems.append(f"only {copied} of {notified} completions"
                                " COPIED: the receiver got frames whose"
                                " copy the notification did not report")
        if mr:
            frames, intact, corrupt, missing = map(int, mr.groups())
            if corrupt or intact != count:
                problems.append(f"receiver: {intact}/{count} intact,"
                                f" {corrupt} corrupt, {missing} missing")
        detail = ("ok: " + tx + " / " + rx) if not problems \
            else "; ".join(problems)
        r.verdict("zcrx_" + name, not problems, detail,
                  ["setup: " + " / ".join(setup), "tx: " + tx, "rx: " + rx])


def parse_kv(words):
    kv = {}
    for w in words:
        if "=" in w:
            k, v = w.split("=", 1)
            kv[k] = v
    return kv


def check_pktgen(r, a, runs):
    groups = ("virtio", "dummy", "veth", "release", "bypass")
    if a.have_tool != "1":
        for g in groups:
            r.verdict(f"pktgen_{g}", "SKIP",
                      "no pktgen-zc binary was given to the bench")
        return
    done = set()
    for name, kv in runs:
        done.add(name.split("_")[0])
        base = os.path.join(a.out, name)
        ev = [f"pktgen-zc --dev {kv['dev']} --mode {kv['mode']} --zerocopy on"
              f" --count {kv['count']} --size {kv['size']} (port {kv['port']},"
              f" expect {kv['expect']})"]
        problems = []
        rc = (read(base + ".rc", "") or "").strip()
        err = read(base + ".err", "") or ""
        if rc != "0":
            problems.append(f"exit status {rc or 'missing'}")
            ev.append("stderr: " + tail(err, 10))
        doc = None
        try:
            doc = json.loads(read(base + ".json", "") or "")
        except ValueError as e:
            problems.append(f"no JSON document on stdout ({e})")
        count = int(kv["count"])
        zc = {}
        if doc is not None:
            end = doc.get("end", {}) if isinstance(doc, dict) else {}
            zc = end.get("zerocopy", {}) or {}
            ev.append("end: " + json.dumps(end, sort_keys=True)[:600])
            sends = zc.get("sends")
            comp = zc.get("ids_completed")
            copied = zc.get("ids_copied")
            if end.get("packets") != count:
                problems.append(f"packets={end.get('packets')} != {count}")
            if zc.get("in_effect") is not True:
                problems.append(f"zerocopy in_effect={zc.get('in_effect')}")
            if not isinstance(sends, int) or sends <= 0:
                problems.append(f"zerocopy sends={sends}")
            elif comp != sends:
                problems.append(f"ids_completed={comp} != sends={sends}")
            if kv["expect"] == "zc" and copied != 0:
                problems.append(f"ids_copied={copied}, expected none COPIED")
            if kv["expect"] == "copied" and (copied != sends or not sends):
                problems.append(f"ids_copied={copied}, expected all {sends}"
                                " COPIED on a veth loop")
        port = int(kv["port"])
        if kv.get("extra", "none") != "none":
            ev.append("extra options: " + kv["extra"].replace(",", " "))
        if kv["expect"] == "broken":
            # the deliberately broken tool: the comparison must catch it
            ok, frames_msg = compare_pcaps(base + ".pcap", a.dump, port,
                                           int(a.dump_strip))
            ev.append("qemu dump vs --write-pcap: " + frames_msg)
            problems = [] if not ok else [
                "the broken slot reuse went unnoticed: qemu's dump equals"
                " --write-pcap"]
            if not os.path.exists(base + ".pcap"):
                problems = ["no --write-pcap file"]
            detail = ("ok: the comparison caught the early reuse: "
                      + frames_msg) if not problems else "; ".join(problems)
            r.verdict(f"pktgen_{name}", not problems, detail, ev)
            continue
        if kv["dev"] == "eth0":
            ok, frames_msg = compare_pcaps(base + ".pcap", a.dump, port,
                                           int(a.dump_strip))
            ev.append("qemu dump vs --write-pcap: " + frames_msg)
            if not ok:
                problems.append("qemu's dump differs from --write-pcap: "
                                + frames_msg)
        elif kv.get("capture", "none") != "none":
            ok, frames_msg = compare_pcaps(base + ".pcap", base + ".seen.pcap",
                                           port)
            ev.append(f"capture on {kv['capture']} vs --write-pcap: "
                      + frames_msg)
            rx = (read(base + ".zcrecv.txt", "") or "").strip()
            ev.append(rx)
            if not ok:
                problems.append("frames on the veth peer differ from"
                                " --write-pcap: " + frames_msg)
            if "drops=0" not in rx:
                problems.append("the receiver dropped frames: " + rx)
        else:
            try:
                n = len(read_pcap(base + ".pcap"))
            except (OSError, ValueError) as e:
                n = f"unreadable ({e})"
            frames_msg = f"--write-pcap holds {n} frames"
            if n != count:
                problems.append(f"--write-pcap holds {n} frames, not {count}")
        if not problems:
            detail = (f"ok: sends={zc.get('sends')}"
                      f" ids_completed={zc.get('ids_completed')}"
                      f" ids_copied={zc.get('ids_copied')}; {frames_msg}")
        else:
            detail = "; ".join(problems)
        r.verdict(f"pktgen_{name}", not problems, detail, ev)
    for g in groups:
        if g not in done:
            r.verdict(f"pktgen_{g}", False, "no run was recorded")


TX_RE = re.compile(r"tx=(\d+) \((\d+) MB\) txc=(\d+) zc=([yn])")
RX_RE = re.compile(r"rx=(\d+) \((\d+) MB\)")


def check_selftest(r, a, runs):
    if not runs:
        r.verdict("selftest_all", False, "msg_zerocopy did not run")
        return
    for name, kv in runs:
        base = os.path.join(a.out, name)
        expect = kv.get("expect", "none")
        want_rx = kv.get("rx") == "1"
        tx = read(base + ".tx", "") or ""
        rx = read(base + ".rx", "") or ""
        txrc = (read(base + ".txrc", "") or "").strip()
        rxrc = (read(base + ".rxrc", "") or "").strip()
        problems = []
        if txrc != "0":
            problems.append(f"sender exit {txrc}: " + tail(tx, 1))
        if want_rx and rxrc != "0":
            problems.append(f"receiver exit {rxrc}: " + tail(rx, 1))
        mt, mr = TX_RE.search(tx), RX_RE.search(rx)
        if not mt:
            problems.append("no tx= summary")
        if want_rx and not mr:
            problems.append("no rx= summary")
        if mt:
            sent, comps, zc = int(mt.group(1)), int(mt.group(3)), mt.group(4)
            if sent <= 0:
                problems.append("nothing sent")
            # upstream msg_zerocopy.c only warns about missing
            # notifications and exits 0: count them here as well
            if expect != "none" and comps != sent:
                problems.append(f"completions {comps} != sends {sent}")
            if expect == "none" and comps != 0:
                problems.append(f"{comps} completions without -z")
            if expect == "zerocopy" and zc != "y":
                problems.append("completions report copied, not zerocopy")
            if expect == "copied" and comps and zc != "n":
                problems.append("completions report zerocopy, expected copied")
            if "missing notifications" in tx:
                problems.append("missing notifications")
            if want_rx and mr:
                got = int(mr.group(1))
                if got <= 0 or got > sent:
                    problems.append(f"received {got} of {sent}")
        detail = ("ok: " + (mt.group(0) if mt else "") +
                  (" / " + mr.group(0) if mr else "")) if not problems \
            else "; ".join(problems)
        ev = ["tx: " + tail(tx, 6)]
        if want_rx:
            ev.append("rx: " + tail(rx, 6))
        r.verdict(name, not problems, detail, ev)


# Reports that must not appear.  Case matters: "kasan: KernelAddressSanitizer
# initialized" and lockdep's boot banner are fine.
BAD = [
    r"WARNING:", r"\bBUG:", r"BUG: KASAN", r"KASAN:", r"UBSAN:",
    r"kernel BUG at", r"Oops", r"general protection fault",
    r"possible circular locking", r"possible recursive locking",
    r"inconsistent lock state", r"suspicious RCU usage",
    r"lockdep is turned off", r"DEBUG_LOCKS_WARN_ON",
    r"sleeping function called from invalid context",
    r"list_add corruption", r"list_del corruption", r"refcount_t:",
    r"Call Trace:", r"Kernel panic", r"blocked for more than",
    r"held when returning to user space", r"bad unlock balance",
    r"INFO: task",
]
BAD_RE = re.compile("|".join(BAD))


def check_dmesg(r, a):
    dmesg = read(os.path.join(a.out, "dmesg.txt"))
    console = read(a.console, "") or ""
    if dmesg is None:
        # the console has the kernel log too; judge on it, but fail: the
        # run did not end as it should (boot will say why)
        hits = [l for l in console.splitlines() if BAD_RE.search(l)]
        r.verdict("dmesg", False, "no dmesg from the guest;"
                  f" {len(hits)} report lines on the console", hits[:40])
        return
    text = dmesg + "\n" + console
    hits = []
    for line in text.splitlines():
        if BAD_RE.search(line) and line not in hits:
            hits.append(line)
    stats = read(os.path.join(a.out, "lockdep_stats.txt"), "") or ""
    m = re.search(r"debug_locks:\s+(\d+)", stats)
    problems = []
    if hits:
        problems.append(f"{len(hits)} report lines")
    if not m:
        problems.append("lockdep is not on (no /proc/lockdep_stats)")
    elif m.group(1) != "1":
        problems.append("lockdep switched itself off (debug_locks=0)")
    if "KernelAddressSanitizer initialized" not in dmesg:
        problems.append("KASAN is not on")
    ok = not problems
    detail = ("no WARNING/BUG/KASAN/lockdep report; lockdep and KASAN on"
              if ok else "; ".join(problems))
    r.verdict("dmesg", ok, detail, hits[:60])


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--out", required=True)
    p.add_argument("--dump", required=True)
    p.add_argument("--console", required=True)
    p.add_argument("--count", required=True)
    p.add_argument("--have-tool", required=True)
    p.add_argument("--dump-strip", default="0",
                   help="bytes of virtio-net header before each dumped frame")
    a = p.parse_args()
    r = Report()
    booted = check_boot(r, a)
    runs = (read(os.path.join(a.out, "runs.txt"), "") or "").splitlines()
    pkt = []
    st = []
    rxp = []
    for line in runs:
        w = line.split()
        if len(w) >= 2 and w[0] == "pktgen":
            pkt.append((w[1], parse_kv(w[2:])))
        elif len(w) >= 2 and w[0] == "selftest":
            st.append((w[1], parse_kv(w[2:])))
        elif len(w) >= 2 and w[0] == "zcrx":
            rxp.append((w[1], parse_kv(w[2:])))
    check_zcprobe(r, a)
    check_zcstress(r, a)
    check_rxpath(r, a, rxp)
    check_gso(r, a)
    check_pktgen(r, a, pkt)
    check_pktgen_gso(r, a)
    check_selftest(r, a, st)
    check_dmesg(r, a)
    if not booted:
        # everything above was judged on a run cut short; say so once more
        r.verdict("boot_incomplete", False, "the results above are partial")
    r.emit()
    return 0


if __name__ == "__main__":
    sys.exit(main())
