#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Compare the frames a sender meant (its --write-pcap) with what was seen.

    pcapcmp.py EXPECTED.pcap SEEN.pcap UDP_DST_PORT [SEEN_STRIP_BYTES]

SEEN is qemu's filter-dump of the guest's virtio-net or zcrecv's capture on a
veth peer.  Either may hold frames of other runs or of the guest's own chatter
(IPv6 MLD, ARP), so SEEN is filtered to the UDP destination port that this run
alone used; every frame of EXPECTED must carry that port too, or the
comparison would be vacuous.  Then count, order and every byte must agree.

Standard library only: classic pcap in either byte order, micro- or
nanosecond magic.  Exit 0 when identical, 1 when not, 2 on unreadable input.
"""
import struct
import sys


def read_pcap(path, strip=0):
    """Frames of a classic pcap; strip: bytes to cut off the front of each
    record (qemu's filter-dump keeps the virtio-net header of a vnet_hdr
    backend in front of the Ethernet frame)."""
    with open(path, "rb") as f:
        data = f.read()
    if len(data) < 24:
        raise ValueError(f"{path}: {len(data)} bytes, no pcap header")
    magic = data[:4]
    if magic in (b"\xd4\xc3\xb2\xa1", b"\x4d\x3c\xb2\xa1"):
        end = "<"
    elif magic in (b"\xa1\xb2\xc3\xd4", b"\xa1\xb2\x3c\x4d"):
        end = ">"
    else:
        raise ValueError(f"{path}: not a classic pcap (magic {magic.hex()})")
    linktype = struct.unpack(end + "I", data[20:24])[0] & 0x0FFFFFFF
    if linktype != 1:
        raise ValueError(f"{path}: linktype {linktype}, expected 1 (EN10MB)")
    frames = []
    off = 24
    while off + 16 <= len(data):
        _, _, incl, orig = struct.unpack(end + "IIII", data[off:off + 16])
        off += 16
        if off + incl > len(data):
            raise ValueError(f"{path}: record {len(frames)} truncated file")
        if incl != orig:
            raise ValueError(
                f"{path}: record {len(frames)} captured {incl} of {orig} bytes")
        if incl < strip:
            raise ValueError(f"{path}: record {len(frames)} shorter than"
                             f" the {strip}-byte header to strip")
        frames.append(data[off + strip:off + incl])
        off += incl
    if off != len(data):
        raise ValueError(f"{path}: {len(data) - off} trailing bytes")
    return frames


def vnet_complete(record, hdrlen):
    """The frame a device sends for one record of qemu's dump of a vnet_hdr
    backend: strip the virtio-net header and, if it says
    VIRTIO_NET_HDR_F_NEEDS_CSUM, fill in the checksum the device computes
    (the ones' complement sum from csum_start to the end, the partial
    value at csum_start + csum_offset included; 0 is sent as 0xffff).
    Returns (frame, gso_type)."""
    if len(record) < max(hdrlen, 10):
        raise ValueError(f"record of {len(record)} bytes, shorter than the"
                         f" {hdrlen}-byte virtio-net header")
    flags, gso_type, _, _, start, off = struct.unpack("<BBHHHH", record[:10])
    frame = bytearray(record[hdrlen:])
    if flags & 1:
        at = start + off
        if at + 2 > len(frame) or start > len(frame):
            raise ValueError(f"csum_start {start} + csum_offset {off} beyond"
                             f" a {len(frame)}-byte frame")
        data = bytes(frame[start:]) + (b"\0" if (len(frame) - start) & 1
                                       else b"")
        total = sum(struct.unpack(f"!{len(data) // 2}H", data))
        while total >> 16:
            total = (total & 0xFFFF) + (total >> 16)
        value = ~total & 0xFFFF
        frame[at:at + 2] = struct.pack("!H", value or 0xFFFF)
    return bytes(frame), gso_type


def udp_dport(frame):
    """UDP destination port of an Ethernet frame, or None."""
    if len(frame) < 14:
        return None
    etype = struct.unpack("!H", frame[12:14])[0]
    l3 = 14
    if etype == 0x8100 and len(frame) >= 18:
        etype = struct.unpack("!H", frame[16:18])[0]
        l3 = 18
    if etype == 0x0800 and len(frame) >= l3 + 20:
        ihl = (frame[l3] & 0x0F) * 4
        if frame[l3 + 9] != 17:
            return None
        l4 = l3 + ihl
    elif etype == 0x86DD and len(frame) >= l3 + 40:
        if frame[l3 + 6] != 17:
            return None
        l4 = l3 + 40
    else:
        return None
    if len(frame) < l4 + 8:
        return None
    return struct.unpack("!H", frame[l4 + 2:l4 + 4])[0]


def first_diff(a, b):
    for i, (x, y) in enumerate(zip(a, b)):
        if x != y:
            return i
    return min(len(a), len(b))


def main(argv):
    if len(argv) not in (4, 5):
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    port = int(argv[3])
    try:
        expected = read_pcap(argv[1])
        seen_all = read_pcap(argv[2], int(argv[4]) if len(argv) == 5 else 0)
    except (OSError, ValueError) as e:
        print(f"pcapcmp: {e}")
        return 2
    stray = [i for i, f in enumerate(expected) if udp_dport(f) != port]
    if stray:
        print(f"pcapcmp: expected frame {stray[0]} is not UDP to port {port};"
              " the run's frames can not be told apart")
        return 1
    seen = [f for f in seen_all if udp_dport(f) == port]
    others = len(seen_all) - len(seen)
    if not expected:
        print("pcapcmp: the sender recorded no frames")
        return 1
    bad = 0
    for i, (e, s) in enumerate(zip(expected, seen)):
        if e != s:
            if bad < 3:
                d = first_diff(e, s)
                print(f"pcapcmp: frame {i} differs: lengths {len(e)}/{len(s)},"
                      f" first difference at byte {d}:"
                      f" expected {e[d:d + 8].hex()} seen {s[d:d + 8].hex()}")
            bad += 1
    if len(expected) != len(seen):
        print(f"pcapcmp: count differs: expected {len(expected)} frames,"
              f" seen {len(seen)} on port {port}")
        bad += 1
    summary = (f"expected={len(expected)} seen={len(seen)} port={port}"
               f" other_frames_ignored={others}")
    if bad:
        print(f"pcapcmp: MISMATCH {summary} differing={bad}")
        return 1
    print(f"pcapcmp: identical {summary}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
