#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""pcaputil: the replay tests' independent oracle (python3 stdlib only).

It reads pcap (micro/nanosecond, either byte order) and pcapng (SHB, IDB,
EPB, SPB, OPB) without libpcap, so that a libpcap misreading in pktgen-zc
cannot hide behind the same misreading here; it predicts what `pktgen-zc
replay` must send and skip, generates captures of known content, and
checks what a capture on the peer saw.

Commands (exit 0 pass, 1 check failed, 2 usage/unreadable):
  link FILE                     its link type; "supported" or not
  expect OUT MTU MODE DST SRC FILE...
                                the frames the peer must see, in order,
                                into OUT; print the expected skip counts
                                as JSON (MODE auto or l2: see cmd_expect)
  expect-many MTU DST SRC       many `expect`s, one a line on stdin
  links FILE...                 `link` for many files
  gen-edge ETH.pcap SLL.pcap    records at the edges of the skip rules
  cmp EXPECTED CAPTURED l2|l3   same frames, same order, byte for byte
                                (l3: the IP packets); this and every
                                comparison below is pzc-pcapcmp's
                                ($PZC_PCAPCMP), the one comparator
  gen-timing OUT                50 frames 20 ms apart with a 100 ms gap
                                after every 10th; prints the gaps (ms)
  gen-seq OUT N SIZE [GAP_US [TRUNC_EVERY]]
                                N UDP frames of SIZE bytes, each with a
                                32-bit sequence number at payload offset 0
  gen-udptcp OUT                UDP and TCP over IPv4 and IPv6 with valid
                                checksums, one record truncated by snaplen
  gen-trunc OUT                 3 frames; the second truncated to 60 of 200
  gen-times OUT SEC...          one frame at each time (s since 1970)
  gen-skipped OUT N             one frame, then N records all skipped
  gen-runts OUTDIR              records too short for their headers, per
                                link type, and the counts wanted
  gen-bench OUT N SIZE          N UDP frames of SIZE bytes (benchmarks)
  seq CAPTURED N [LOOPS [TOTAL]]  sequence numbers 0..N-1 (LOOPS times,
                                the first TOTAL of them), in order, only
  gaps CAPTURED                 the inter-arrival gaps in ms, one a line
  check-rewrite CAP ORIG SPORT DPORT MAP...   see cmd_check_rewrite
  check-pad CAP ORIG [LOOPS [pad|skip]]        see cmd_check_pad
  check-run WANT RUN.json EXP CAP  a replay run against `expect`'s output
  check-runs CAP                many runs in one capture, each after a marker
                                frame (expect-many writes OUT.mark): stdin
                                lines "NAME WANT RUN.json|- EXP"
  gen-markers DIR NAME...       DIR/NAME.mark: a marker frame for run NAME
  cmp-marked CAP A:B...         runs A and B of a marked capture: the same
  check-timing CAP RUN.json SPEED GAPS TOL MAX P99   see cmd_check_timing
  json-end FILE                 the "end" object of a --json run, as JSON
"""
import json
import os
import struct
import subprocess
import sys
import tempfile

DLT_EN10MB = 1
DLT_RAW = 12          # also 14 on some BSDs; libpcap maps LINKTYPE_RAW=101
LINKTYPE_RAW = 101
DLT_LINUX_SLL = 113
DLT_LINUX_SLL2 = 276
DLT_IPV4 = 228
DLT_IPV6 = 229
L3_LINKS = {DLT_RAW, 14, LINKTYPE_RAW, DLT_LINUX_SLL, DLT_LINUX_SLL2,
            DLT_IPV4, DLT_IPV6}


class Rec:
    __slots__ = ("ts_ns", "caplen", "length", "data", "link")

    def __init__(self, ts_ns, length, data, link):
        self.ts_ns = ts_ns
        self.caplen = len(data)
        self.length = length
        self.data = data
        self.link = link


def read_pcap(buf):
    magic = buf[:4]
    table = {b"\xd4\xc3\xb2\xa1": ("<", 1000), b"\xa1\xb2\xc3\xd4": (">", 1000),
             b"\x4d\x3c\xb2\xa1": ("<", 1), b"\xa1\xb2\x3c\x4d": (">", 1)}
    if magic not in table:
        raise ValueError("not a pcap file")
    end, mult = table[magic]
    _, _, _, _, _, snap, link = struct.unpack(end + "IHHiIII", buf[:24])
    link &= 0x0FFFFFFF
    recs, off = [], 24
    while off + 16 <= len(buf):
        sec, frac, incl, orig = struct.unpack(end + "IIII", buf[off:off + 16])
        off += 16
        if off + incl > len(buf):
            raise ValueError("record truncated at offset %d" % off)
        # libpcap hands out at most snaplen bytes of a record, however
        # many the file holds (tcpdump shows such records as truncated):
        # pktgen-zc reads through libpcap, so the oracle does the same.
        keep = min(incl, snap) if snap else incl
        recs.append(Rec(sec * 10**9 + frac * mult, orig,
                        bytes(buf[off:off + keep]), link))
        off += incl
    return link, recs


def read_pcapng(buf):
    recs, links, tsres = [], [], []
    end = "<"
    off = 0
    while off + 12 <= len(buf):
        btype = struct.unpack(end + "I", buf[off:off + 4])[0]
        if btype == 0x0A0D0D0A:
            bom = buf[off + 8:off + 12]
            end = "<" if bom == b"\x4d\x3c\x2b\x1a" else ">"
            links, tsres = [], []
        blen = struct.unpack(end + "I", buf[off + 4:off + 8])[0]
        if blen < 12 or off + blen > len(buf):
            raise ValueError("bad block at offset %d" % off)
        body = buf[off + 8:off + blen - 4]
        if btype == 1:  # IDB
            link, _, snap = struct.unpack(end + "HHI", body[:8])
            res = 6
            o = 8
            while o + 4 <= len(body):
                code, ln = struct.unpack(end + "HH", body[o:o + 4])
                if code == 0:
                    break
                if code == 9:
                    res = body[o + 4]
                o += 4 + ((ln + 3) & ~3)
            links.append((link, snap))
            tsres.append(res)
        elif btype in (6, 3, 2):
            if btype == 6:
                iface, hi, lo, incl, orig = struct.unpack(end + "IIIII",
                                                          body[:20])
                data = body[20:20 + incl]
                ticks = hi << 32 | lo
            elif btype == 2:  # obsolete packet block
                iface, _, hi, lo, incl, orig = struct.unpack(
                    end + "HHIIII", body[:20])
                data = body[20:20 + incl]
                ticks = hi << 32 | lo
            else:  # simple packet block: interface 0, no timestamp
                iface, orig, ticks = 0, struct.unpack(end + "I", body[:4])[0], 0
                data = body[4:4 + orig]
            res = tsres[iface]
            if res & 0x80:
                ns = ticks * 10**9 // (2 ** (res & 0x7F))
            else:
                ns = ticks * 10**9 // (10 ** res)
            link, snap = links[iface]
            if snap:
                data = data[:snap]  # libpcap's rule, as for pcap
            recs.append(Rec(ns, orig, bytes(data), link))
        off += blen
    lk = links[0][0] if links else -1
    return lk, recs


def read_any(path):
    with open(path, "rb") as f:
        buf = f.read()
    if buf[:4] == b"\x0a\x0d\x0d\x0a":
        return read_pcapng(buf)
    return read_pcap(buf)


def write_pcap(path, frames, link=DLT_EN10MB, snap=262144, times=None):
    """frames: bytes, or (caplen_bytes, orig_len) tuples."""
    with open(path, "wb") as f:
        f.write(struct.pack("<IHHiIII", 0xA1B23C4D, 2, 4, 0, 0, snap, link))
        for i, fr in enumerate(frames):
            data, orig = fr if isinstance(fr, tuple) else (fr, len(fr))
            t = times[i] if times else i * 1000
            f.write(struct.pack("<IIII", t // 10**9, t % 10**9, len(data),
                                orig))
            f.write(data)


# ---- checksums and headers

def csum(data):
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return ~s & 0xFFFF


MAC_DST = bytes.fromhex("020000000002")
MAC_SRC = bytes.fromhex("020000000001")


def ip4(src, dst, proto, l4, ident=1):
    h = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(l4), ident, 0, 64,
                    proto, 0, bytes(src), bytes(dst))
    h = h[:10] + struct.pack("!H", csum(h)) + h[12:]
    return h + l4


def ip6(src, dst, proto, l4):
    return struct.pack("!IHBB16s16s", 0x60000000, len(l4), proto, 64,
                       bytes(src), bytes(dst)) + l4


def pseudo(ip, proto, l4len):
    if ip[0] >> 4 == 4:
        return ip[12:20] + struct.pack("!BBH", 0, proto, l4len)
    return ip[8:40] + struct.pack("!IxxxB", l4len, proto)


def udp(src_ip, dst_ip, sport, dport, payload, v6=False):
    l4 = struct.pack("!HHHH", sport, dport, 8 + len(payload), 0) + payload
    mk = ip6 if v6 else ip4
    pkt = mk(src_ip, dst_ip, 17, l4)
    hl = 40 if v6 else 20
    c = csum(pseudo(pkt, 17, len(l4)) + l4) or 0xFFFF
    return pkt[:hl + 6] + struct.pack("!H", c) + pkt[hl + 8:]


def tcp(src_ip, dst_ip, sport, dport, payload, v6=False):
    l4 = struct.pack("!HHIIBBHHH", sport, dport, 1000, 0, 5 << 4, 0x18,
                     65535, 0, 0) + payload
    mk = ip6 if v6 else ip4
    pkt = mk(src_ip, dst_ip, 6, l4)
    hl = 40 if v6 else 20
    c = csum(pseudo(pkt, 6, len(l4)) + l4)
    return pkt[:hl + 16] + struct.pack("!H", c) + pkt[hl + 18:]


def eth(payload, proto=0x0800):
    return MAC_DST + MAC_SRC + struct.pack("!H", proto) + payload


SRC4 = bytes([10, 1, 0, 1])
DST4 = bytes([10, 1, 0, 2])
SRC6 = bytes.fromhex("20010db8000a00000000000000000001")
DST6 = bytes.fromhex("20010db8000a00000000000000000002")


def seq_frame(i, size):
    """A UDP frame of size bytes whose payload starts with the sequence i."""
    pay_len = size - 14 - 20 - 8
    payload = struct.pack("!I", i) + bytes((i + k) & 0xFF
                                           for k in range(pay_len - 4))
    return eth(udp(SRC4, DST4, 4000, 9000, payload))


# ---- commands

def l3_fits(proto, p):
    """The IPv4/IPv6 header proto announces fits in p."""
    if proto == 0x0800:
        return len(p) >= 20 and (p[0] & 15) >= 5 and (p[0] & 15) * 4 <= len(p)
    if proto == 0x86DD:
        return len(p) >= 40
    return True


def link_hdr(link, data):
    """(header length, ethertype) of the L3 packet, None if too short for
    the link header or for the IPv4/IPv6 header it announces (on
    Ethernet behind up to two 802.1Q/802.1ad tags)."""
    if link == DLT_EN10MB:
        if len(data) < 14:
            return None
        proto = inner = struct.unpack("!H", data[12:14])[0]
        off = 14
        for _ in range(2):
            if inner not in (0x8100, 0x88A8, 0x9100):
                break
            if len(data) < off + 4:
                return None
            inner = struct.unpack("!H", data[off + 2:off + 4])[0]
            off += 4
        return (14, proto) if l3_fits(inner, data[off:]) else None
    if link == DLT_LINUX_SLL:
        if len(data) < 16:
            return None
        hl, proto = 16, struct.unpack("!H", data[14:16])[0]
    elif link == DLT_LINUX_SLL2:
        if len(data) < 20:
            return None
        hl, proto = 20, struct.unpack("!H", data[0:2])[0]
    else:
        if not data:
            return None
        v = data[0] >> 4
        hl, proto = 0, 0x86DD if v == 6 else 0x0800 if v == 4 else 0
    return (hl, proto) if l3_fits(proto, data[hl:]) else None


SUPPORTED = {DLT_EN10MB, DLT_RAW, 14, LINKTYPE_RAW, DLT_LINUX_SLL,
             DLT_LINUX_SLL2, DLT_IPV4, DLT_IPV6}


def cmd_link(path):
    """Print the link type and whether pktgen-zc replay must take it."""
    link, _ = read_any(path)
    print(link, "supported" if link in SUPPORTED else "unsupported")
    return 0


def cmd_expect(out, mtu, mode, dst, src, *paths):
    """What pktgen-zc replay PATHS... must send, in order, and skip.

    mode auto: Ethernet captures whole (packet mode), L3 ones as their
    L3 packet behind the Ethernet header dst/src/ethertype that the kernel
    writes (packet-dgram); mode l2: L3 captures behind our Ethernet
    header in packet mode (--l2), which takes IPv4/IPv6 only."""
    mtu = int(mtu)
    dst, src = bytes.fromhex(dst.replace(":", "")), \
        bytes.fromhex(src.replace(":", ""))
    skips = dict(truncated=0, over_mtu=0, too_short=0, not_ip=0,
                 other_family=0,
                 refused=0)  # the kernel refuses none of the shared ones
    frames, nrec = [], 0
    for path in paths:
        _, recs = read_any(path)
        nrec += len(recs)
        for r in recs:
            if r.caplen < r.length:
                skips["truncated"] += 1
                continue
            data = r.data[:r.length]   # a record longer than len: trust len
            lh = link_hdr(r.link, data)
            if lh is None:
                skips["too_short"] += 1
                continue
            hl, proto = lh
            if r.link == DLT_EN10MB:
                # The kernel's packet_snd() allows the 4 extra bytes of a
                # tag for 802.1Q (0x8100) frames only; an 802.1ad (0x88a8)
                # frame of MTU + 18 is refused (EMSGSIZE), so it cannot
                # be sent and must be counted, not end the run.
                vlan = 4 if proto == 0x8100 else 0
                if r.length - 14 > mtu + vlan:
                    skips["over_mtu"] += 1
                    continue
                frames.append(data)
                continue
            if mode == "l2" and proto not in (0x0800, 0x86DD):
                skips["not_ip"] += 1
                continue
            if r.length - hl > mtu:
                skips["over_mtu"] += 1
                continue
            frames.append(dst + src + struct.pack("!H", proto) + data[hl:])
    write_pcap(out, frames)
    print(json.dumps({"records": nrec, "sent": len(frames),
                      "skipped": skips}, sort_keys=True,
                     separators=(",", ":")))
    return 0


MARK_TYPE = 0x88B6      # IEEE local experimental ethertype 2
MARK_TAG = b"PZCMARK "


def marker(name):
    return (b"\xff" * 6 + MAC_SRC + struct.pack("!H", MARK_TYPE) + MARK_TAG +
            name.encode() + b"\0" * 8)


def split_marked(cap):
    """{run name: [records]} of a capture of marker-separated runs."""
    runs, cur, order = {}, None, []
    for r in cap:
        d = r.data
        if len(d) > 22 and struct.unpack("!H", d[12:14])[0] == MARK_TYPE \
                and d[14:22] == MARK_TAG:
            cur = d[22:].split(b"\0")[0].decode()
            runs[cur] = []
            order.append(cur)
        elif cur is None:
            runs.setdefault("<before the first marker>", []).append(r)
        else:
            runs[cur].append(r)
    return runs, order


def cmd_expect_many(mtu, dst, src):
    """expect for many runs in one process (python starts slowly on a
    loaded machine): stdin lines "OUT MODE FILE...", stdout one line each,
    "OUT WANT-JSON", or "OUT unreadable"."""
    import contextlib
    import io
    for line in sys.stdin:
        f = line.split()
        if not f:
            continue
        buf = io.StringIO()
        try:
            name = os.path.basename(f[0])[:-len(".exp")]
            write_pcap(f[0] + ".mark", [marker(name)])
            with contextlib.redirect_stdout(buf):
                cmd_expect(f[0], mtu, f[1], dst, src, *f[2:])
            print(f[0], buf.getvalue().strip())
        except (ValueError, OSError, struct.error) as e:
            print(f[0], "unreadable", e)
    return 0


def cmd_links(*paths):
    """cmd_link for many files: "PATH LINK supported|unsupported"."""
    for p in paths:
        try:
            link, _ = read_any(p)
        except (ValueError, OSError, struct.error):
            print(p, -1, "unreadable")
            continue
        print(p, link, "supported" if link in SUPPORTED else "unsupported")
    return 0


def cmd_gen_edge(out_eth, out_sll):
    """Edge cases for the skip rules, one capture per link type."""
    def frame(n, proto=0x0800):
        return (MAC_DST + MAC_SRC + struct.pack("!H", proto) +
                bytes((k * 7) & 0xFF for k in range(n - 14)))
    recs = [
        frame(14)[:10],                  # too short for Ethernet
        frame(42, 0x0806),               # short, unpadded: sent as is
        frame(1514),                     # exactly the MTU: sent
        frame(1515),                     # over the MTU
        frame(1518, 0x8100),             # 802.1Q tag allowance: sent
        frame(1519, 0x8100),             # over, even with the tag
        frame(1518, 0x88A8),             # 802.1ad: no allowance in the
                                         # kernel, so over the MTU
        frame(1514, 0x88A8),             # 802.1ad within the MTU: sent
        (frame(100), 80),                # caplen > len: len counts
        (frame(60)[:40], 60),            # truncated
        frame(64, 0x88B5),               # local experimental ethertype
    ]
    write_pcap(out_eth, recs)

    def sll(n, proto=0x0800):
        return (struct.pack("!HHH8sH", 0, 1, 6, MAC_SRC + b"\0\0", proto) +
                bytes([0x45]) + bytes((k * 3) & 0xFF for k in range(n - 1)))
    write_pcap(out_sll, [
        sll(1)[:10],                     # too short for its SLL header
        sll(1500),                       # exactly the MTU: sent
        sll(1501),                       # over the MTU
        sll(28, 0x0806),                 # ARP: sent in packet-dgram only
        (sll(100)[:50], 116),            # truncated
        sll(46),
    ], link=DLT_LINUX_SLL)
    return 0


def cmd_gen_runts(outdir):
    """Records too short for their link or network headers, in every
    supported link type, next to good ones; one capture per link type
    in OUTDIR.  Prints "FILE too_short sent" with the counts wanted
    (packet mode for Ethernet, packet-dgram for the others), and for
    raw.pcap in raw mode "raw.pcap--raw too_short other_family sent"."""
    v4 = udp(SRC4, DST4, 4000, 9000, b"runt-test-ipv4-payload")
    v6 = udp(SRC6, DST6, 4000, 9000, b"runt-test-ipv6-payload", v6=True)
    arp = bytes(range(28))
    l3 = [(0x0800, b""),                 # the link header alone
          (0x0800, v4[:10]),             # half an IPv4 header
          (0x0800, bytes([0x46]) + v4[1:20]),  # IHL 6 (24 bytes) in 20
          (0x86DD, v6[:30]),             # three quarters of IPv6
          (0x0800, v4), (0x86DD, v6)]    # good: sent
    runts = 4

    def sll(proto, pay):
        return struct.pack("!HHH8sH", 0, 1, 6, MAC_SRC + b"\0\0", proto) + pay

    def sll2(proto, pay):
        return struct.pack("!HHIHBB8s", proto, 0, 2, 1, 0, 6,
                           MAC_SRC + b"\0\0") + pay
    eth_recs = [eth(p, t) for t, p in l3] + [
        eth(arp, 0x0806),                                   # sent
        eth(b"\x00\x05", 0x8100),                           # half a tag
        eth(struct.pack("!HH", 5, 0x0800) + v4[:10], 0x8100),  # tag, runt
        eth(struct.pack("!HH", 5, 0x0800) + v4, 0x8100)]    # tag: sent
    write_pcap(os.path.join(outdir, "eth.pcap"), eth_recs)
    print("eth.pcap", runts + 2, 4)
    write_pcap(os.path.join(outdir, "sll.pcap"),
               [sll(t, p) for t, p in l3] + [sll(0x0806, arp)],
               link=DLT_LINUX_SLL)
    print("sll.pcap", runts, 3)
    write_pcap(os.path.join(outdir, "sll2.pcap"),
               [sll2(t, p) for t, p in l3] + [sll2(0x0806, arp)],
               link=DLT_LINUX_SLL2)
    print("sll2.pcap", runts, 3)
    # Raw IP: the empty record and the three short headers are runts.
    write_pcap(os.path.join(outdir, "raw.pcap"), [p for _, p in l3],
               link=LINKTYPE_RAW)
    print("raw.pcap", runts, 2)
    print("raw.pcap--raw", runts, 1, 1)
    return 0


def cmd_gen_skipped(out, n):
    """One good frame, then N records that are all skipped (one byte of
    a 100-byte frame: truncated), written fast: N can be millions."""
    n = int(n)
    good = seq_frame(0, 100)
    bad = struct.pack("<IIII", 0, 0, 1, 100) + b"\x02"
    with open(out, "wb") as f:
        f.write(struct.pack("<IHHiIII", 0xA1B23C4D, 2, 4, 0, 0, 262144, 1))
        f.write(struct.pack("<IIII", 0, 0, len(good), len(good)) + good)
        while n > 0:
            k = min(n, 1 << 20)
            f.write(bad * k)
            n -= k
    return 0


def cmd_gen_times(out, *secs):
    """One 100-byte sequence frame per time given (seconds since 1970,
    decimals allowed; pcap's unsigned 32-bit seconds reach 2106)."""
    times = [int(round(float(t) * 10**9)) for t in secs]
    write_pcap(out, [seq_frame(i, 100) for i in range(len(times))],
               times=times)
    return 0


def hexdiff(a, b):
    for i in range(min(len(a), len(b))):
        if a[i] != b[i]:
            return "first difference at byte %d: %02x vs %02x" % (i, a[i],
                                                                 b[i])
    return "lengths %d vs %d" % (len(a), len(b))


def cmd_cmp(exp_path, cap_path, level):
    return pcapcmp([exp_path, cap_path], level, print)


def pcapcmp(paths, level, say):
    """pzc-pcapcmp ($PZC_PCAPCMP, the host tests' one comparator) on two
    files at level l2|l3; its verdict lines through say; 0 same."""
    tool = os.environ.get("PZC_PCAPCMP")
    if not tool or not os.access(tool, os.X_OK):
        print("pcaputil: $PZC_PCAPCMP (pzc-pcapcmp, the comparator) is "
              "not set to an executable", file=sys.stderr)
        sys.exit(2)
    r = subprocess.run([tool, "--level", level] + paths,
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                       text=True)
    for line in r.stdout.splitlines():
        # the verdicts, not the hex dumps under them
        if line and not line[0].isspace() and line != "pzc-pcapcmp: ok":
            say(line.replace("pzc-pcapcmp: ", ""))
    if r.returncode > 1:
        sys.exit(2)
    return r.returncode


def cmp_recs(exp, cap, level, say=print):
    """Records against records: written out and compared by pzc-pcapcmp,
    so that the replay tests judge frames with the same comparator as
    every other host test (the records come from this file's own reader:
    what was expected does not depend on libpcap)."""
    with tempfile.TemporaryDirectory(prefix="pcaputil-") as d:
        paths = []
        # the received records keep their length on the wire, so that
        # pzc-pcapcmp sees one the capture truncated
        for name, recs, whole in (("expected", exp, False),
                                  ("received", cap, True)):
            paths.append(os.path.join(d, name + ".pcap"))
            write_pcap(paths[-1], [(r.data, r.length if whole else
                                    len(r.data)) for r in recs],
                       link=recs[0].link if recs else DLT_EN10MB)
        return pcapcmp(paths, level, say)


def cmd_gen_timing(out):
    # 50 frames: 20 ms apart, but 100 ms after every 10th frame.
    t, times, gaps = 1_700_000_000 * 10**9, [], []
    for i in range(50):
        if i:
            g = 100 if i % 10 == 0 else 20
            gaps.append(g)
            t += g * 10**6
        times.append(t)
    write_pcap(out, [seq_frame(i, 100) for i in range(50)], times=times)
    print("\n".join(str(g) for g in gaps))
    return 0


def cmd_gen_seq(out, n, size, gap_us="1", trunc_every="0"):
    """trunc_every K > 0: every Kth record (from the first) cut to 60
    bytes by the snaplen."""
    n, size, gap = int(n), int(size), int(gap_us) * 1000
    k = int(trunc_every)
    with open(out, "wb") as f:
        f.write(struct.pack("<IHHiIII", 0xA1B23C4D, 2, 4, 0, 0, 262144, 1))
        base = seq_frame(0, size)
        for i in range(n):
            # The same frame with the sequence (no checksum needed: the
            # payload is checked, not the stack) written in; fast.
            fr = base[:42] + struct.pack("!I", i) + base[46:]
            t = i * gap
            keep = fr[:60] if k and i % k == 0 else fr
            f.write(struct.pack("<IIII", t // 10**9, t % 10**9, len(keep),
                                len(fr)))
            f.write(keep)
    return 0


def cmd_gen_bench(out, n, size):
    n, size = int(n), int(size)
    frames = []
    for i in range(n):
        pay = bytes(size - 42)
        frames.append(eth(udp(SRC4, DST4, 4000 + i % 1000, 9, pay)))
    write_pcap(out, frames)
    return 0


def cmd_gen_udptcp(out):
    frames = []
    pay = b"replay-rewrite-test" * 3
    for k in range(4):
        frames.append(eth(udp(SRC4, DST4, 5000 + k, 53, pay)))
        frames.append(eth(tcp(SRC4, DST4, 6000 + k, 80, pay)))
        frames.append(eth(udp(SRC6, DST6, 5000 + k, 53, pay, True), 0x86DD))
        frames.append(eth(tcp(SRC6, DST6, 6000 + k, 80, pay, True), 0x86DD))
    # IPv4 UDP without a checksum (0 means none: must stay 0).
    nock = bytearray(eth(udp(SRC4, DST4, 5100, 53, pay)))
    nock[40:42] = b"\0\0"
    frames.append(bytes(nock))
    # UDP datagrams whose correct checksum after the test's rewrite
    # (REWRITE_*) computes to 0, which RFC 768 sends as 0xffff: 0 means
    # "no checksum" over IPv4 and is illegal over IPv6 (receivers drop it).
    for v6 in (False, True):
        frames.append(zero_after_rewrite(v6, pay))
    # An address outside the mapped prefix: left alone.
    frames.append(eth(udp(bytes([192, 0, 2, 1]), bytes([192, 0, 2, 2]),
                          5200, 53, pay)))
    write_pcap(out, frames)
    return 0


# The rewrite the udptcp capture is built for (rewrite.sh uses the same).
REWRITE_DST4 = bytes([198, 51, 100, 7])       # 10.1.0.2=198.51.100.7
REWRITE_NET6 = bytes.fromhex("20010db800ff0000")  # 2001:db8:a::/64=...:ff::/64
REWRITE_DPORT = 4242


def zero_after_rewrite(v6, pay):
    if v6:
        src, dst = REWRITE_NET6 + SRC6[8:], REWRITE_NET6 + DST6[8:]
    else:
        src, dst = SRC4, REWRITE_DST4
    pay = pay + b"\0" * (len(pay) % 2)   # the free word 16-bit aligned
    # The rewritten datagram with a free last payload word: pick it so
    # that the sum folds to 0xffff, i.e. the checksum computes to 0.
    body = pay + b"\0\0"
    pkt = udp(src, dst, 5300, REWRITE_DPORT, body, v6)
    hl = 40 if v6 else 20
    l4 = bytearray(pkt[hl:])
    l4[6:8] = b"\0\0"
    adj = csum(pseudo(pkt, 17, len(l4)) + bytes(l4))   # ~fold(sum)
    body = pay + struct.pack("!H", adj)
    ok = udp(src, dst, 5300, REWRITE_DPORT, body, v6)
    assert ok[hl + 6:hl + 8] == b"\xff\xff", ok[hl + 6:hl + 8]
    # The same payload before the rewrite.
    return eth(udp(SRC6 if v6 else SRC4, DST6 if v6 else DST4, 5300, 53,
                   body, v6), 0x86DD if v6 else 0x0800)


def cmd_gen_trunc(out):
    full = [seq_frame(i, 200) for i in range(3)]
    write_pcap(out, [full[0], (full[1][:60], 200), full[2]])
    return 0


def cmd_seq(cap_path, n, loops="1", total=None):
    n, loops = int(n), int(loops)
    _, cap = read_any(cap_path)
    want = [i for _ in range(loops) for i in range(n)]
    if total is not None:
        want = want[:int(total)]
    got = []
    for r in cap:
        if len(r.data) < 46:
            print("a %d-byte frame that is not ours" % len(r.data))
            return 1
        got.append(struct.unpack("!I", r.data[42:46])[0])
    if got == want:
        print("%d frames, sequence 0..%d (x %d) in order" % (len(got),
                                                            n - 1, loops))
        return 0
    print("received %d frames, want %d" % (len(got), len(want)))
    for i in range(min(len(got), len(want))):
        if got[i] != want[i]:
            print("first difference at frame %d: seq %d, want %d"
                  % (i, got[i], want[i]))
            break
    missing = sorted(set(range(n)) - set(got))
    if missing:
        print("missing %d sequence numbers, e.g. %s" % (len(missing),
                                                        missing[:10]))
    return 1


def cmd_gaps(cap_path):
    _, cap = read_any(cap_path)
    for a, b in zip(cap, cap[1:]):
        print("%.3f" % ((b.ts_ns - a.ts_ns) / 1e6))
    return 0


def l4_ok(ip):
    """(proto, sport, dport, checksum ok, src, dst) of an IP packet."""
    if ip[0] >> 4 == 4:
        hl = (ip[0] & 15) * 4
        if csum(ip[:hl]) != 0:
            return None
        proto, src, dst = ip[9], ip[12:16], ip[16:20]
        l4 = ip[hl:struct.unpack("!H", ip[2:4])[0]]
    else:
        proto, src, dst = ip[6], ip[8:24], ip[24:40]
        l4 = ip[40:40 + struct.unpack("!H", ip[4:6])[0]]
    sport, dport = struct.unpack("!HH", l4[:4])
    if proto == 17 and ip[0] >> 4 == 4 and l4[6:8] == b"\0\0":
        ok = "none"
    else:
        ok = csum(pseudo(ip, proto, len(l4)) + l4) == 0
    return proto, sport, dport, ok, src, dst


def cmd_check_rewrite(cap_path, orig_path, sport, dport, *maps):
    """Each frame of orig with the maps (A=B or A/P=B/P, first match
    wins, as pktgen-zc applies them in order to each address) and the
    ports (- = unchanged) applied must arrive so, with valid IPv4 header
    and L4 checksums, and otherwise unchanged; an IPv4 UDP datagram
    without a checksum keeps none."""
    import ipaddress
    nets = []
    for m in maps:
        a, b = m.split("=")
        if "/" not in a:
            bits = 32 if ":" not in a else 128
            a, b = "%s/%d" % (a, bits), "%s/%d" % (b, bits)
        nets.append((ipaddress.ip_network(a), ipaddress.ip_network(b)))
    _, orig = read_any(orig_path)
    _, cap = read_any(cap_path)
    if len(cap) != len(orig):
        print("received %d frames, sent %d" % (len(cap), len(orig)))
        return 1
    bad = 0

    def mapped(addr):
        ip = ipaddress.ip_address(addr)
        for na, nb in nets:
            if ip.version == na.version and ip in na:
                host = int(ip) & ((1 << (na.max_prefixlen - na.prefixlen)) - 1)
                ip = ipaddress.ip_address(int(nb.network_address) | host)
        return ip.packed

    for i, (o, c) in enumerate(zip(orig, cap)):
        po, pc = l4_ok(o.data[14:]), l4_ok(c.data[14:])
        if pc is None:
            print("frame %d: bad IPv4 header checksum" % i)
            bad += 1
            continue
        proto, sp, dp, ok, src, dst = pc
        want_ok = "none" if po[3] == "none" else True
        if ok != want_ok:
            print("frame %d: L4 checksum %s, want %s" % (i, ok, want_ok))
            bad += 1
        hl = 20 if len(src) == 4 else 40
        if proto == 17 and want_ok is True and \
                c.data[14 + hl + 6:14 + hl + 8] == b"\0\0":
            # Sums the same in one's complement, but on the wire 0 is
            # "no checksum" (IPv4) or illegal (IPv6): RFC 768 sends 0xffff.
            print("frame %d: UDP checksum written as 0x0000, must be 0xffff"
                  " (RFC 768; IPv6 receivers drop it)" % i)
            bad += 1
        want_ports = (po[0], po[1] if sport == "-" else int(sport),
                      po[2] if dport == "-" else int(dport))
        if (proto, sp, dp) != want_ports:
            print("frame %d: proto/ports %s, want %s" % (i, (proto, sp, dp),
                                                        want_ports))
            bad += 1
        if (src, dst) != (mapped(po[4]), mapped(po[5])):
            print("frame %d: addresses %s -> %s, want %s -> %s" % (
                i, ipaddress.ip_address(src), ipaddress.ip_address(dst),
                ipaddress.ip_address(mapped(po[4])),
                ipaddress.ip_address(mapped(po[5]))))
            bad += 1
        # Everything else byte for byte: the payload untouched.
        l4o = 20 if proto == 6 else 8
        if o.data[14 + hl + l4o:] != c.data[14 + hl + l4o:]:
            print("frame %d: payload changed" % i)
            bad += 1
        if o.data[:12] != c.data[:12]:
            print("frame %d: MAC addresses changed" % i)
            bad += 1
    if bad:
        return 1
    print("%d frames rewritten as asked, checksums valid" % len(cap))
    return 0


def cmd_check_pad(cap_path, orig_path, loops="1", pad="pad"):
    """The capture holds orig LOOPS times; truncated records padded with
    zeros to their length (pad) or left out (skip)."""
    _, orig = read_any(orig_path)
    _, cap = read_any(cap_path)
    if pad != "pad":
        orig = [r for r in orig if r.caplen == r.length]
    orig = orig * int(loops)
    if len(cap) != len(orig):
        print("received %d frames, want %d" % (len(cap), len(orig)))
        return 1
    for i, (o, c) in enumerate(zip(orig, cap)):
        want = o.data + bytes(o.length - o.caplen)
        if c.data != want:
            print("frame %d: %d bytes, want %d (%s)" % (
                i, len(c.data), len(want), hexdiff(want, c.data)))
            return 1
    print("%d frames as expected (%s)" % (len(cap), pad))
    return 0


def cmd_check_runs(cap_path):
    """Many runs in one marker-separated capture: stdin lines "NAME
    WANT-JSON RUN.json|- EXP", one per run; check_run on each."""
    _, cap = read_any(cap_path)
    runs, order = split_marked(cap)
    bad = 0
    if "<before the first marker>" in runs:
        print("FAIL: %d frames before the first marker"
              % len(runs["<before the first marker>"]))
        bad += 1
    names = []
    for line in sys.stdin:
        f = line.split()
        if not f:
            continue
        name, want, run_json, exp = f
        names.append(name)
        if want == "failed":
            continue    # reported by the caller; its frames are moot
        if name not in runs:
            print("FAIL %s: its marker never arrived" % name)
            bad += 1
            continue
        _, expr = read_any(exp)
        out = []
        r = check_run(want, run_json, expr, runs[name], out.append)
        print("%s %s: %s" % ("ok" if r == 0 else "FAIL", name,
                             "; ".join(out)))
        bad += r
    if order != names:
        print("FAIL: markers arrived as %s, want %s" % (order, names))
        bad += 1
    return 1 if bad else 0


def cmd_check_run(want_json, run_json, exp_path, cap_path):
    _, exp = read_any(exp_path)
    _, cap = read_any(cap_path)
    return check_run(want_json, run_json, exp, cap, print)


def check_run(want_json, run_json, exp, cap, say):
    """One replay run against the oracle: the JSON's skip counts, records
    read and frames sent (unless run_json is -), then the capture frame by
    frame (l2)."""
    want = json.loads(want_json)
    bad = 0
    if run_json == "-":
        e = {"replay": {"skipped": want["skipped"],
                        "records_read": want["records"]},
             "frames": want["sent"]}
    else:
        with open(run_json) as f:
            e = json.load(f)["end"]
    got = json.dumps(e["replay"]["skipped"], sort_keys=True)
    if got != json.dumps(want["skipped"], sort_keys=True):
        say("skipped %s, want %s" % (got, json.dumps(want["skipped"],
                                                    sort_keys=True)))
        bad += 1
    if e["replay"]["records_read"] != want["records"]:
        say("records_read %s, want %d" % (e["replay"]["records_read"],
                                          want["records"]))
        bad += 1
    if e["frames"] != want["sent"]:
        say("the JSON says %s frames sent, want %d" % (e["frames"],
                                                       want["sent"]))
        bad += 1
    lines = []
    if cmp_recs(exp, cap, "l2", lines.append):
        bad += 1
    say("; ".join(lines[:4] + (lines[-1:] if len(lines) > 4 else [])))
    if not bad:
        say("skipped %s" % got)
    return 1 if bad else 0


def cmd_gen_markers(outdir, *names):
    for n in names:
        write_pcap(os.path.join(outdir, n + ".mark"), [marker(n)])
    return 0


def cmd_cmp_marked(cap_path, *pairs):
    """Runs A and B (A:B) of a marker-separated capture: the same frames."""
    _, cap = read_any(cap_path)
    runs, _ = split_marked(cap)
    bad = 0
    for pr in pairs:
        a, b = pr.split(":")
        if a not in runs or b not in runs:
            print("FAIL %s: a marker is missing" % pr)
            bad += 1
            continue
        lines = []
        r = cmp_recs(runs[a], runs[b], "l2", lines.append)
        n = len(runs[a])
        if n == 0:
            lines.append("and %s sent nothing" % a)
            r = 1
        print("%s %s vs %s: %s" % ("FAIL" if r else "ok", a, b,
                                   "; ".join(lines[:4] + lines[4:][-1:])))
        bad += r
    return 1 if bad else 0


def cmd_check_timing(cap_path, run_json, speed, gaps_path, tol_ms,
                     max_ms, p99_us):
    """The gaps between received frames against the capture's (gaps_path,
    ms, one a line) divided by speed: at least 90% within tol_ms, all
    within max_ms, no drift (last frame within max(tol, 1%)), and the
    JSON's schedule lateness: p99 <= p99_us.  See timing.sh for why."""
    speed, tol, mx, p99max = float(speed), float(tol_ms), float(max_ms), \
        float(p99_us)
    with open(gaps_path) as f:
        want = [float(x) / speed for x in f.read().split()]
    _, cap = read_any(cap_path)
    bad = 0
    got = [(b.ts_ns - a.ts_ns) / 1e6 for a, b in zip(cap, cap[1:])]
    if len(got) != len(want):
        print("%d frames received, want %d" % (len(cap), len(want) + 1))
        return 1
    dev = [g - w for g, w in zip(got, want)]
    out = sum(1 for d in dev if abs(d) > tol)
    worst = max(dev, key=abs)
    span_dev = sum(got) - sum(want)
    print("speed %g: %d gaps, %d beyond +-%g ms, worst %+.3f ms; span "
          "%.3f ms (want %.3f, %+.3f)" % (speed, len(dev), out, tol, worst,
                                          sum(got), sum(want), span_dev))
    if out > len(dev) * 0.10:
        print("FAIL: %d of %d gaps beyond +-%g ms" % (out, len(dev), tol))
        bad += 1
    if abs(worst) > mx:
        print("FAIL: a gap %+.3f ms off (limit %g)" % (worst, mx))
        bad += 1
    if abs(span_dev) > max(tol, sum(want) * 0.01):
        print("FAIL: first to last frame %+.3f ms off: the schedule drifts"
              % span_dev)
        bad += 1
    with open(run_json) as f:
        e = json.load(f)["end"]
    sch = e.get("schedule")
    if not sch:
        print("FAIL: no schedule object in the JSON")
        return 1
    print("schedule: mean %.1f us, p99 %.1f us, max %.1f us late" % (
        sch["mean_late_us"], sch["p99_late_us"], sch["max_late_us"]))
    if not 0 <= sch["p99_late_us"] <= p99max:
        print("FAIL: p99 lateness %.1f us (limit %g)" % (sch["p99_late_us"],
                                                       p99max))
        bad += 1
    if not 0 <= sch["mean_late_us"] <= sch["max_late_us"] + 1:
        print("FAIL: mean lateness above the max")
        bad += 1
    return 1 if bad else 0


def cmd_json_end(path):
    """The tool prints one JSON document; take its end object."""
    with open(path) as f:
        doc = json.load(f)
    end = doc.get("end") if isinstance(doc, dict) else None
    if end is None:
        print("no 'end' object in %s" % path, file=sys.stderr)
        return 2
    print(json.dumps(end))
    return 0


CMDS = {"expect": cmd_expect, "link": cmd_link, "links": cmd_links,
        "expect-many": cmd_expect_many, "gen-edge": cmd_gen_edge, "cmp": cmd_cmp, "gen-timing": cmd_gen_timing,
        "gen-seq": cmd_gen_seq, "gen-bench": cmd_gen_bench,
        "gen-udptcp": cmd_gen_udptcp, "gen-trunc": cmd_gen_trunc,
        "gen-runts": cmd_gen_runts,
        "gen-times": cmd_gen_times,
        "gen-skipped": cmd_gen_skipped,
        "seq": cmd_seq, "gaps": cmd_gaps, "check-rewrite": cmd_check_rewrite,
        "check-pad": cmd_check_pad, "check-run": cmd_check_run,
        "check-runs": cmd_check_runs,
        "gen-markers": cmd_gen_markers, "cmp-marked": cmd_cmp_marked,
        "check-timing": cmd_check_timing, "json-end": cmd_json_end}

if __name__ == "__main__":
    if len(sys.argv) < 2 or sys.argv[1] not in CMDS:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    try:
        sys.exit(CMDS[sys.argv[1]](*sys.argv[2:]))
    except (ValueError, OSError, struct.error, TypeError) as e:
        print("pcaputil %s: %s" % (sys.argv[1], e), file=sys.stderr)
        sys.exit(2)
