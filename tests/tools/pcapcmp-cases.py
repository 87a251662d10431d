#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""pcapcmp-cases.py DIR: write the comparator's test cases into DIR.

Each case is DIR/NAME.exp.pcap (what a sender recorded), DIR/NAME.seen.pcap
(what was seen: the run's frames among others, each behind STRIP bytes of
a fake virtio-net header) and a line on stdout "NAME PORT STRIP VERDICT"
(VERDICT: same or differ).  Standard library only (pcaputil's builders).
"""
import os
import struct
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "replay"))
import pcaputil as pu  # noqa: E402

PORT = 9000
STRIP = 12


def frame(i, port=PORT, size=200):
    pay = struct.pack("!I", i) + bytes((i + k) & 0xFF for k in range(size))
    return pu.eth(pu.udp(pu.SRC4, pu.DST4, 4000, port, pay))


def frame6(i):
    pay = struct.pack("!I", i) + bytes(64)
    return pu.eth(pu.udp(pu.SRC6, pu.DST6, 4000, PORT, pay, v6=True),
                  0x86DD)


ARP = pu.MAC_DST + pu.MAC_SRC + b"\x08\x06" + bytes(28)


def seen_of(frames, strip):
    """The run's frames with chatter between them, each behind strip
    bytes."""
    out = []
    for i, f in enumerate(frames):
        if i % 3 == 0:
            out.append(ARP)
            out.append(frame(1000 + i, port=PORT + 1))
        out.append(f)
    return [b"\xee" * strip + f for f in out]


def main(outdir):
    exp = [frame(i) for i in range(20)] + [frame6(i) for i in range(5)]
    cases = {}
    cases["same"] = (exp, seen_of(exp, STRIP), STRIP, "same")
    cases["same-nostrip"] = (exp, seen_of(exp, 0), 0, "same")
    bad = list(exp)
    bad[7] = bad[7][:60] + bytes([bad[7][60] ^ 1]) + bad[7][61:]
    cases["byte"] = (exp, seen_of(bad, STRIP), STRIP, "differ")
    cases["missing"] = (exp, seen_of(exp[:-1], STRIP), STRIP, "differ")
    cases["extra"] = (exp, seen_of(exp + [frame(99)], STRIP), STRIP,
                      "differ")
    swapped = exp[:3] + [exp[4], exp[3]] + exp[5:]
    cases["order"] = (exp, seen_of(swapped, STRIP), STRIP, "differ")
    cases["exp-other-port"] = (exp + [frame(5, port=PORT + 1)],
                               seen_of(exp, STRIP), STRIP, "differ")
    cases["exp-empty"] = ([], seen_of(exp, STRIP), STRIP, "differ")
    for name, (e, s, strip, verdict) in cases.items():
        pu.write_pcap(os.path.join(outdir, name + ".exp.pcap"), e)
        pu.write_pcap(os.path.join(outdir, name + ".seen.pcap"), s)
        print(name, PORT, strip, verdict)
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
