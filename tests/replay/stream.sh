#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Streaming and looping.  A generated capture of 20000 frames of 1000 B
# (about 20 MB) through a 1 MB pool (682 slots): it cannot be preloaded,
# so it streams, slots recycled; every frame must arrive, in order (a
# sequence number in each).  A 3000-frame capture, also larger than the
# pool, --loop 2: streamed twice.  A small capture --loop 3: preloaded
# ("preloaded": true) and received 3 times in order.  --loop 0 (forever)
# with --count 250: stops after 250 frames, mid-pass.
source "$(dirname "$0")/lib.sh"
setup

# The JSON's counts: frames, and records_read = frames + every skip.  A
# record is read (and sent or skipped) once per pass, so the counts must
# not depend on whether the capture was preloaded or streamed.
counts() {
	jget "$1" '"%s %s %s %s" % (e["replay"]["preloaded"], e["replay"]["loops"], e["frames"], e["replay"]["records_read"] - sum(e["replay"]["skipped"].values()))'
}

# case NAME CAPTURE N LOOPS TOTAL WANT-PRELOADED WANT-LOOPS OPTIONS...
case_() {
	local name=$1 pcap=$2 n=$3 loops=$4 total=$5 pre=$6 wloops=$7
	shift 7
	cap_start "$name" "$total"
	replay_ok "$name" "$@" "$pcap" || { cap_stop "$name"; return 0; }
	cap_stop "$name" 30
	local got
	got=$(counts "$name")
	[ "$got" = "$pre $wloops $total $total" ] ||
		fail "$name: JSON preloaded, loops, frames, records_read - skipped = $got, want $pre $wloops $total $total"
	if util seq "$TMP/$name.cap.pcap" "$n" "$loops" "$total" >"$TMP/$name.seq"; then
		pass "$name: $(head -n1 "$TMP/$name.seq"); JSON $got"
	else
		cat "$TMP/$name.seq" >&2
		fail "$name: not every frame arrived in order"
	fi
}

util gen-seq "$TMP/big.pcap" 20000 1000
util gen-seq "$TMP/mid.pcap" 3000 1000
util gen-seq "$TMP/small.pcap" 100 200
util gen-seq "$TMP/holes.pcap" 60 200 1 10
# --rate, not the capture's 1 us gaps: a 2-CPU machine cannot take 1 Mpps
# through veth into a capture without the capture dropping.
case_ streamed "$TMP/big.pcap" 20000 1 20000 False 1 --pool-size 1M --rate 20kpps
case_ streamed-loop2 "$TMP/mid.pcap" 3000 2 6000 False 2 --pool-size 1M --loop 2 --rate 20kpps
case_ preloaded-loop3 "$TMP/small.pcap" 100 3 300 True 3 --loop 3 --rate 20kpps
case_ forever-count250 "$TMP/small.pcap" 100 3 250 True 2 --loop 0 --count 250 --rate 20kpps

# The same 60 records (every 10th truncated) --loop 2, streamed through a
# 64k pool (42 slots) and preloaded: the same counts either way.
for pool in 64k 4M; do
	replay_ok "holes-$pool" --topspeed --loop 2 --pool-size "$pool" "$TMP/holes.pcap" || continue
	jget "holes-$pool" '"frames %s records_read %s skipped %s" % (e["frames"], e["replay"]["records_read"], json.dumps(e["replay"]["skipped"], sort_keys=True))' >"$TMP/holes-$pool.counts"
	log "holes --loop 2 --pool-size $pool: preloaded $(jget "holes-$pool" 'e["replay"]["preloaded"]'): $(cat "$TMP/holes-$pool.counts")"
done
want='frames 108 records_read 120 skipped {"not_ip": 0, "other_family": 0, "over_mtu": 0, "refused": 0, "too_short": 0, "truncated": 12}'
for pool in 64k 4M; do
	if [ "$(cat "$TMP/holes-$pool.counts" 2>/dev/null)" = "$want" ]; then
		pass "holes --pool-size $pool: $want"
	else
		fail "holes --pool-size $pool: $(cat "$TMP/holes-$pool.counts" 2>/dev/null), want $want (two passes of 54 sent + 6 truncated)"
	fi
done
finish
