#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Craft a capture of pktgen-zc stamped frames with known defects.

    craft.py OUT.pcap EXPECT.json DST_MAC

Run 777, sequence numbers 0..999 over two flows (even numbers from
198.18.0.1:1000, odd ones from :1001, both to 198.18.0.2:9000), of which
some are left out (lost), some sent twice or three times (duplicated),
some moved later (reordered, by a known displacement), some with a bad
IPv4 header checksum, a bad UDP checksum or a broken inc pattern after
the stamp; then frames of run 778, unstamped frames and frames to port
9001.  EXPECT.json holds what recv must report, computed here from the
order of the frames with the definitions of pktgen-zc(8) (written again
on purpose: this oracle shares no code with recv).  Python stdlib only.
"""
import json
import struct
import sys
import time

MAGIC = 0x505A4331
RUN = 777
N = 1000
SIZE = 100                      # L2 bytes, without FCS


def csum(data):
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return ~s & 0xFFFF


def frame(dst_mac, sport, dport, payload, bad_ip=False, bad_udp=False):
    src = bytes([198, 18, 0, 1])
    dst = bytes([198, 18, 0, 2])
    ulen = 8 + len(payload)
    udp = struct.pack("!HHHH", sport, dport, ulen, 0) + payload
    pseudo = src + dst + struct.pack("!BBH", 0, 17, ulen)
    ck = csum(pseudo + udp) or 0xFFFF
    if bad_udp:
        ck ^= 0x5A5A
    udp = udp[:6] + struct.pack("!H", ck) + udp[8:]
    ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + ulen, 1, 0, 64, 17, 0,
                     src, dst)
    ipck = csum(ip)
    if bad_ip:
        ipck ^= 0x1111
    ip = ip[:10] + struct.pack("!H", ipck) + ip[12:]
    return dst_mac + bytes.fromhex("020000000001") + b"\x08\x00" + ip + udp


def payload(run, seq, ts, plen, stamped=True, bad_pattern=False):
    p = bytearray(j & 0xFF for j in range(plen))
    if stamped:
        p[0:24] = struct.pack("!IIQQ", MAGIC, run, seq, ts)
    if bad_pattern:
        p[40] ^= 0xFF
    return bytes(p)


def main():
    out, expect_path, mac = sys.argv[1], sys.argv[2], sys.argv[3]
    dst_mac = bytes.fromhex(mac.replace(":", ""))
    plen = SIZE - 14 - 20 - 8
    ts = time.time_ns()

    lost = {100, 101, 555, 998, 999}
    order = [s for s in range(N) if s not in lost]
    # Moved later: (number, after which number it arrives).
    for s, after in ((300, 301), (400, 405), (600, 650), (20, 21)):
        order.remove(s)
        order.insert(order.index(after) + 1, s)
    # Sent again: (number, after which number the copy arrives).
    for s, after in ((10, 10), (200, 210), (700, 700), (700, 703)):
        order.insert(order.index(after) + 1, s)
    bad_ip, bad_udp, bad_pay = {800}, {801, 802}, {850, 851, 852}

    frames = []
    for s in order:
        frames.append(frame(dst_mac, 1000 + s % 2, 9000,
                            payload(RUN, s, ts, plen,
                                    bad_pattern=s in bad_pay),
                            bad_ip=s in bad_ip, bad_udp=s in bad_udp))
    others = 0
    for s in range(5):          # another run
        frames.append(frame(dst_mac, 1000, 9000, payload(RUN + 1, s, ts,
                                                         plen)))
        others += 1
    for s in range(3):          # no stamp
        frames.append(frame(dst_mac, 1000, 9000,
                            payload(RUN, s, ts, plen, stamped=False)))
    for s in range(4):          # another port: filtered out
        frames.append(frame(dst_mac, 1000, 9001, payload(RUN, 5000 + s, ts,
                                                         plen)))

    # The oracle: the definitions of pktgen-zc(8), over the stamped
    # frames of run 777 to port 9000, in the order they are sent.
    def account(seqs, expect_n):
        seen, hi, dups, reord, disp = set(), -1, 0, 0, []
        for s in seqs:
            if s in seen:
                dups += 1
                continue
            seen.add(s)
            if s < hi:
                reord += 1
                disp.append(hi - s)
            hi = max(hi, s)
        return {"received": len(seqs), "unique": len(seen),
                "duplicated": dups, "reordered": reord,
                "max_displacement": max(disp) if disp else 0,
                "mean_displacement": round(sum(disp) / len(disp), 3)
                if disp else 0.0,
                "highest_seq": hi, "seen": seen}

    tot = account(order, N)
    H = max(tot["highest_seq"] + 1, N)
    tot["lost"] = H - tot["unique"]
    flows = {}
    for port in (1000, 1001):
        f = account([s for s in order if 1000 + s % 2 == port], None)
        f["lost"] = len([s for s in range(H) if 1000 + s % 2 == port and
                         s not in f["seen"]])
        del f["seen"]
        flows["198.18.0.1:%d" % port] = f
    del tot["seen"]
    tot.update({"bad_ip_checksum": len([s for s in order if s in bad_ip]),
                "bad_udp_checksum": len([s for s in order if s in bad_udp]),
                "bad_payload": len([s for s in order if s in bad_pay]),
                "other_run": others, "unstamped": 3, "port_9001": 4,
                "frames": len(frames), "flows": flows})
    with open(expect_path, "w") as f:
        json.dump(tot, f, indent=1, sort_keys=True)
    with open(out, "wb") as f:
        f.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, 1))
        t = int(time.time())
        for i, fr in enumerate(frames):
            f.write(struct.pack("<IIII", t, i * 50, len(fr), len(fr)))
            f.write(fr)


if __name__ == "__main__":
    main()
