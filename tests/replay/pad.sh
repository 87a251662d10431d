#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# --pad: a generated capture of 3 frames of 200 B whose second record was
# cut to 60 B by the snaplen.  With --pad it goes out at its original 200
# bytes, the missing 140 zero; without, it is skipped and counted
# (truncated: 1) and the other two go out; --pad --loop 2 (preloaded)
# pads it in both passes.
source "$(dirname "$0")/lib.sh"
setup

util gen-trunc "$TMP/trunc.pcap"

# run NAME N LOOPS pad|skip WANT-TRUNCATED WANT-PRELOADED OPTIONS...
run() {
	local name=$1 n=$2 loops=$3 how=$4 wtrunc=$5 wpre=$6
	shift 6
	cap_start "$name" "$n"
	replay_ok "$name" --topspeed "$@" "$TMP/trunc.pcap" || { cap_stop "$name"; return 0; }
	cap_stop "$name"
	local got
	got=$(jget "$name" '"%s %s %s" % (e["replay"]["skipped"]["truncated"], e["replay"]["preloaded"], e["frames"])')
	[ "$got" = "$wtrunc $wpre $n" ] ||
		fail "$name: JSON truncated/preloaded/frames = $got, want $wtrunc $wpre $n"
	if util check-pad "$TMP/$name.cap.pcap" "$TMP/trunc.pcap" "$loops" "$how" \
		>"$TMP/$name.chk"; then
		pass "$name ($*): $(tail -n1 "$TMP/$name.chk")"
	else
		cat "$TMP/$name.chk" >&2
		fail "$name ($*): wrong frames received"
	fi
}

run pad 3 1 pad 0 False --pad
run skip 2 1 skip 1 False
run pad-loop2 6 2 pad 0 True --pad --loop 2
finish
