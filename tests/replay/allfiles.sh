#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Every capture in ../shared/pcaps, replayed over veth (--topspeed): the
# peer's capture holds exactly the sendable records, byte for byte and in
# order (Ethernet: the same frame; raw IP / Linux cooked: the same L3
# packet behind the Ethernet header the kernel writes in packet-dgram mode,
# and behind ours with --l2); every unsendable record is counted under its
# reason in the JSON.  pcaputil.py computes what to expect without libpcap.
# Unsupported link types (MFR 182 in kday6.pcap and vtp_asan.pcap, 802.11
# radiotap) end with a clear error, exit 2, nothing sent.  Generated edge
# captures cover the skip rules the shared files do not (too short, exactly
# the MTU, VLAN allowances).  The same runs over several files at once.
# Nothing may crash: CI runs this under ASan+UBSan.
source "$(dirname "$0")/lib.sh"
require_pcaps
setup

# The runs: NAME MODE OPTIONS FILE... (OPTIONS: comma-separated).
runs=()
eth_files=() l3_files=() bad_files=()
while read -r f link verdict; do
	b=$(basename "$f")
	case "$verdict" in
	unreadable) fail "$b: the oracle cannot read it" ;;
	unsupported) bad_files+=("$f") ;;
	*)
		if [ "$link" = 1 ]; then
			eth_files+=("$f")
			runs+=("$b auto - $f")
		else
			l3_files+=("$f")
			runs+=("$b auto --dst-mac,$MAC_B $f")
			runs+=("$b--l2 l2 --l2,--dst-mac,$MAC_B $f")
		fi ;;
	esac
done < <(util links "$PZC_PCAPS"/*.pcap "$PZC_PCAPS"/*.pcapng)

# The files the shared README names as unreplayable must be among the
# refused ones (the oracle's link type decides; this guards the oracle).
for b in kday6.pcap vtp_asan.pcap ieee802.11_exthdr.pcap; do
	[ -f "$PZC_PCAPS/$b" ] || continue
	case " ${bad_files[*]} " in
	*"/$b "*) ;;
	*) fail "$b: the oracle thinks pktgen-zc should replay it" ;;
	esac
done
[ "${#eth_files[@]}" -ge 10 ] && [ "${#l3_files[@]}" -ge 3 ] ||
	fail "too few shared captures: ${#eth_files[@]} Ethernet, ${#l3_files[@]} L3"

# Several files in one run: records in file order, skips summed.
runs+=("all-ethernet auto - ${eth_files[*]}")
runs+=("all-l3 auto --dst-mac,$MAC_B ${l3_files[*]}")
runs+=("all-l3--l2 l2 --l2,--dst-mac,$MAC_B ${l3_files[*]}")
# Edges of the skip rules.
util gen-edge "$TMP/edge-eth.pcap" "$TMP/edge-sll.pcap"
runs+=("edge-eth auto - $TMP/edge-eth.pcap")
runs+=("edge-sll auto --dst-mac,$MAC_B $TMP/edge-sll.pcap")
runs+=("edge-sll--l2 l2 --l2,--dst-mac,$MAC_B $TMP/edge-sll.pcap")

# Refused runs: the want line is "nothing sent".
for f in "${bad_files[@]}"; do
	runs+=("$(basename "$f") refused - $f")
done
# A bad file anywhere refuses the run before anything is sent.
[ "${#bad_files[@]}" -gt 0 ] &&
	runs+=("good-then-bad refused - ${eth_files[0]} ${bad_files[0]}")

# What each run must send and skip, in one go (python is slow to start
# on a loaded machine), with a marker frame for each run.
declare -A want
while read -r out json; do
	want[$out]=$json
done < <(for r in "${runs[@]}"; do
	read -r name mode _ files <<<"$r"
	[ "$mode" = refused ] && files=
	echo "$TMP/$name.exp ${mode/refused/auto} $files"
done | util expect-many "$MTU" "$MAC_B" "$MAC_A")

# One capture for all runs (starting one costs a second or two: a 64 MB
# ring): each run is preceded by its marker frame, replayed from a
# one-record pcap, and the oracle splits the capture at the markers.  A
# run that sends one frame too many fails itself, not the next one.
cap_start all 0
for r in "${runs[@]}"; do
	read -r name mode opts files <<<"$r"
	exp=${want[$TMP/$name.exp]:-unreadable}
	case "$exp" in
	unreadable*) fail "$name: the oracle cannot read it: $exp"; continue ;;
	esac
	replay_ok "$name.mark" --topspeed "$TMP/$name.exp.mark" || continue
	args=()
	[ "$opts" = - ] || IFS=, read -r -a args <<<"$opts"
	if [ "$mode" = refused ]; then
		# shellcheck disable=SC2086
		replay "$name" --topspeed $files
		if [ "$RC" -eq 2 ] &&
			grep -q "link type .* is not supported; supported: " "$TMP/$name.err"; then
			pass "$name: exit 2: $(grep -m1 'link type' "$TMP/$name.err")"
		else
			cat "$TMP/$name.err" >&2
			fail "$name: exit $RC; want exit 2 and a 'link type ... is not supported' message"
		fi
		echo "$name $exp - $TMP/$name.exp" >>"$TMP/checks"
		continue
	fi
	# shellcheck disable=SC2086
	replay_ok "$name" "${args[@]}" --topspeed $files || {
		echo "$name failed - -" >>"$TMP/checks"
		continue
	}
	echo "$name $exp $TMP/$name.json $TMP/$name.exp" >>"$TMP/checks"
done
cap_stop all
if util check-runs "$TMP/all.cap.pcap" <"$TMP/checks" >"$TMP/checks.out"; then
	sed "s/^/[$TEST_NAME] /" "$TMP/checks.out"
else
	grep -v '^ok ' "$TMP/checks.out" | sed "s/^/[$TEST_NAME] /" >&2
	grep '^ok ' "$TMP/checks.out" | sed "s/^/[$TEST_NAME] /"
	fail "the capture differs from what the records call for (above)"
fi
finish
