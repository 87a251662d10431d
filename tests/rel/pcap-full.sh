#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# --write-pcap that cannot be written: to a 1 MB tmpfs that fills up, and
# to /dev/full.  Each run must stop sending, exit 1, and say in one line
# which file, the system's reason and how many frames were recorded; the
# file must then hold exactly those frames, whole (a valid capture).
# Before record checked its writes, both ran to the end and exited 0.
source "$(dirname "$0")/../netns/lib.sh"
require_cmd unshare mount
setup
common=(--dev "$DEV_A" --mode packet --dst-mac "$MAC_B" --dst-ip "$IP4_B"
	--dst-port "$PORT" --quiet)

# check_failed NAME RC FILE N: the run NAME of N frames to FILE failed as
# it must; prints the number of frames it says it recorded.
check_failed() {
	local name=$1 rc=$2 file=$3 n=$4 err out rec sent
	err=$(cat "$TMP/$name.err")
	out=$(cat "$TMP/$name.out")
	rec=$(sed -n 's/.* \([0-9][0-9]*\) frames recorded.*/\1/p' "$TMP/$name.err")
	sent=$(sed -n 's/^sent on [^:]*: \([0-9]*\) frames.*/\1/p' "$TMP/$name.out")
	if [ "$rc" -ne 1 ]; then
		fail "$name: exit $rc, expected 1 (stderr: $err)"
	elif ! grep -qF "'$file'" "$TMP/$name.err" ||
		! grep -q 'No space left on device' "$TMP/$name.err"; then
		fail "$name: stderr does not name '$file' and ENOSPC: $err"
	elif [ -z "$rec" ]; then
		fail "$name: stderr does not say how many frames were recorded: $err"
	elif [ -z "$sent" ] || [ "$sent" -ge "$n" ]; then
		fail "$name: the run did not stop sending (sent ${sent:-?} of $n): $out"
	else
		pass "$name: exit 1 after $sent of $n frames: $(head -n1 "$TMP/$name.err")"
	fi
	echo "${rec:-0}" >"$TMP/$name.rec"
}

## A tmpfs of 1 MB (about 13800 frames of 60 bytes), mounted in a private
## mount namespace that vanishes with the run; the record is copied out
## before it does.
mkdir "$TMP/small"
N=100000
rc=0
unshare -m --propagation private bash -c '
	dir=$1 copy=$2
	shift 2
	mount -t tmpfs -o size=1m,mode=0700 pzc-small "$dir" || exit 99
	rc=0
	"$@" || rc=$?
	cp "$dir/sent.pcap" "$copy" || true
	exit $rc' _ "$TMP/small" "$TMP/small-copy.pcap" \
	ip netns exec "$NS_A" "$PKTGEN_ZC" "${common[@]}" --count $N --rate 50kpps \
	--write-pcap "$TMP/small/sent.pcap" \
	>"$TMP/tmpfs.out" 2>"$TMP/tmpfs.err" || rc=$?
[ $rc -eq 99 ] && skip "cannot mount a tmpfs in a private mount namespace"
check_failed tmpfs $rc "$TMP/small/sent.pcap" $N
rec=$(cat "$TMP/tmpfs.rec")
if [ "$rec" -lt 10000 ]; then
	fail "tmpfs: only $rec frames recorded in 1 MB (about 13800 fit)"
elif "$PZC_PCAPCMP" --count "$rec" --stamps --verify \
	"$TMP/small-copy.pcap" >"$TMP/tmpfs.cmp" 2>&1; then
	pass "tmpfs: the file holds exactly the $rec frames it says, whole and in order"
else
	fail "tmpfs: the file does not hold the $rec frames it says: $(cat "$TMP/tmpfs.cmp")"
fi

## /dev/full: the first write fails, 0 frames recorded.
rc=0
pzc_a "${common[@]}" --count 100000 --rate 50kpps --write-pcap /dev/full \
	>"$TMP/full.out" 2>"$TMP/full.err" || rc=$?
check_failed full $rc /dev/full 100000
## The 1000 frames of the issue fit in the buffer: the final flush fails.
rc=0
pzc_a "${common[@]}" --count 1000 --dry-run --write-pcap /dev/full \
	>"$TMP/full-dry.out" 2>"$TMP/full-dry.err" || rc=$?
if [ $rc -eq 1 ] && grep -q "'/dev/full'.*No space left on device" "$TMP/full-dry.err"; then
	pass "full-dry: --dry-run --count 1000 to /dev/full: exit 1: $(head -n1 "$TMP/full-dry.err")"
else
	fail "full-dry: --dry-run --count 1000 to /dev/full: exit $rc: $(cat "$TMP/full-dry.err")"
fi
finish
