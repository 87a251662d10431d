#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""make-seeds.py OUTDIR PCAPDIR: seed corpora for the fuzz targets.

OUTDIR/capture: every capture in PCAPDIR, and mangled variants of each:
truncations (file header only, a record header only, mid-record, one
byte short), bit flips, a bad caplen, len and snaplen (0, 1, the largest
values, caplen > len and > snaplen), time stamps at the ends of their
fields, and a gzip copy.  OUTDIR/replay: run-option headers (see
fuzz_replay.c) in front of the captures and of the century capture at
--speed 0.01.  OUTDIR/cli and OUTDIR/frame: command lines and frame
specs.  Deterministic (a fixed seed), python3 stdlib only.
"""
import gzip
import os
import random
import struct
import sys

rnd = random.Random(12)


def endian_of(buf):
    if len(buf) < 24:
        return None
    m = struct.unpack("<I", buf[:4])[0]
    if m in (0xA1B2C3D4, 0xA1B23C4D):
        return "<"
    if m in (0xD4C3B2A1, 0x4D3CB2A1):
        return ">"
    return None


def records(buf, e):
    """Offsets of the record headers of a classic pcap file."""
    off, out = 24, []
    while off + 16 <= len(buf):
        out.append(off)
        caplen = struct.unpack(e + "I", buf[off + 8:off + 12])[0]
        off += 16 + caplen
    return out


def mangles(buf):
    out = {"orig": buf}
    n = len(buf)
    for cut in (4, 24, 24 + 8, 24 + 16, n // 2, n - 1):
        if 0 < cut < n:
            out["cut%d" % cut] = buf[:cut]
    for k in range(6):
        b = bytearray(buf)
        for _ in range(1 + k):
            i = rnd.randrange(n)
            b[i] ^= 1 << rnd.randrange(8)
        out["flip%d" % k] = bytes(b)
    e = endian_of(buf)
    if e is None:
        return out
    recs = records(buf, e)

    def put(name, off, fmt, val):
        b = bytearray(buf)
        struct.pack_into(e + fmt, b, off, val)
        out[name] = bytes(b)
    for v in (0, 1, 0xFFFF, 0x7FFFFFFF, 0xFFFFFFFF):
        put("snap%x" % v, 16, "I", v)
    if recs:
        r = recs[0]
        caplen = struct.unpack(e + "I", buf[r + 8:r + 12])[0]
        for v in (0, 1, caplen + 1, 262145, 0xFFFFFFFF):
            put("caplen%x" % v, r + 8, "I", v)
        for v in (0, 1, caplen - 1 if caplen else 0, 0xFFFFFFFF):
            put("len%x" % v, r + 12, "I", v)
        for v in (0, 0x7FFFFFFF, 0x80000000, 0xFFFFFFFF):
            put("sec%x" % v, r, "I", v)
        for v in (999999999, 1000000000, 0xFFFFFFFF):
            put("frac%x" % v, r + 4, "I", v)
        if len(recs) > 1:
            # Time running backwards, then jumping a century ahead.
            b = bytearray(buf)
            struct.pack_into(e + "I", b, recs[1], 0)
            out["backwards"] = bytes(b)
            struct.pack_into(e + "I", b, recs[1], 0xFFFFFFF0)
            out["century"] = bytes(b)
    return out


def write(d, name, data):
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


def replay_hdr(mode=3, pad=False, rwmac=False, v6=False, maps=(),
               mtu=1500, max_gap=0, speed=1.0, sport=0xFFFF, dport=0xFFFF):
    """The 84-byte option header of fuzz_replay.c."""
    flags = mode | pad << 2 | rwmac << 3 | v6 << 4 | len(maps) << 5
    h = struct.pack(">BHB", flags, mtu, max_gap) + struct.pack("<d", speed)
    h += struct.pack(">HH", sport, dport)
    for i in range(2):
        if i < len(maps):
            fam, plen, a, b = maps[i]
            h += bytes([fam, plen]) + a.ljust(16, b"\0") + b.ljust(16, b"\0")
        else:
            h += bytes(34)
    assert len(h) == 84
    return h


def century():
    """Two records a hundred years apart (1970 and 2070)."""
    f = struct.pack("<IHHiIII", 0xA1B23C4D, 2, 4, 0, 0, 262144, 1)
    frame = bytes(range(60))
    for t in (1, 1 + 3155760000):
        f += struct.pack("<IIII", t, 0, len(frame), len(frame)) + frame
    return f


CLI = [
    ["--dev", "lo", "--dst-ip", "10.0.0.1", "--count", "10"],
    ["send", "-i", "eth0", "-d", "2001:db8::1-2001:db8::ff", "-l", "60-1514",
     "--random", "all", "-r", "1.5Mpps", "-Z", "on", "--gso", "1400"],
    ["replay", "a.pcap", "b.pcapng", "--dev", "lo", "--loop", "0",
     "--speed", "0.01", "--max-gap", "off", "--pad", "--l2",
     "--dst-mac", "02:00:00:00:00:02"],
    ["replay", "-", "--dev", "lo", "--map-ip",
     "2001:db8:a::/48=2001:db8:77::/48", "--map-ip", "10.0.0.0/8:11.0.0.0/8",
     "--map-sport", "1", "--map-dport", "65535", "--max-gap", "500ms"],
    ["replay", "x", "--dev", "lo", "--topspeed", "--rate", "10Gbit"],
    ["probe"], ["demo"], ["--help"], ["-V"], ["-qJi", "lo", "-d", "::1"],
    ["--dev", "lo", "--dst-ip", "10.0.0.1", "--duration", "1e9",
     "--pool-size", "64G", "--drain-timeout", "3600", "--interval", "0.01"],
    ["replay", "--map-ip"], ["--vlan", "4095", "--vlan-prio", "7", "-i",
                             "lo", "-d", "1.2.3.4/0"],
]


def main(out, pcapdir):
    caps = sorted(f for f in os.listdir(pcapdir)
                  if f.endswith((".pcap", ".pcapng")))
    seeds = {}
    for f in caps:
        with open(os.path.join(pcapdir, f), "rb") as fh:
            buf = fh.read()
        seeds[f] = buf
        for k, v in mangles(buf).items():
            write(os.path.join(out, "capture"), "%s.%s" % (f, k), v)
        write(os.path.join(out, "capture"), f + ".gz",
              gzip.compress(buf, mtime=0))
    write(os.path.join(out, "capture"), "century.pcap", century())
    hdrs = [replay_hdr(),
            replay_hdr(mode=1, speed=0.01, maps=[
                (0, 8, b"\x0a", b"\xc0\xa8"),
                (1, 48, b"\x20\x01\x0d\xb8\x00\x0a", b"\x20\x01\x0d\xb8\x00\x77")],
                sport=7777, dport=4242),
            replay_hdr(mode=2, pad=True, rwmac=True, mtu=576, max_gap=1)]
    for f, buf in seeds.items():
        for i, h in enumerate(hdrs):
            write(os.path.join(out, "replay"), "%s.%d" % (f, i), h + buf)
    for i, h in enumerate(hdrs):
        write(os.path.join(out, "replay"), "century.%d" % i, h + century())
    write(os.path.join(out, "replay"), "century.speed0.01.nocap",
          replay_hdr(speed=0.01, max_gap=0) + century())
    for i, argv in enumerate(CLI):
        write(os.path.join(out, "cli"), "argv%02d" % i,
              b"\0".join(a.encode() for a in argv))
    for i in range(16):
        n = 58 + rnd.randrange(200)
        write(os.path.join(out, "frame"), "frame%02d" % i,
              bytes(rnd.randrange(256) for _ in range(n)))
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    sys.exit(main(sys.argv[1], sys.argv[2]))
