#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# --gso bad input: exit 2 and exactly one stderr line naming the value
# and what is allowed; and the zerocopy path, whose refusal on a stock
# kernel must be one clear line (exit 1), while a kernel with the
# kernel/ series takes it.
source "$(dirname "$0")/../netns/lib.sh"
setup

# expect NAME RC 'ERE'... -- ARGS...: pktgen-zc ARGS (in the sender
# namespace) exits RC and prints one stderr line matching every ERE.
expect() {
	local name=$1 want=$2
	shift 2
	local pats=() rc=0 lines p bad=
	while [ "$1" != -- ]; do
		pats+=("$1")
		shift
	done
	shift
	ip netns exec "$NS_A" timeout 20 "$PKTGEN_ZC" "$@" </dev/null \
		>"$TMP/$name.out" 2>"$TMP/$name.err" || rc=$?
	lines=$(wc -l <"$TMP/$name.err")
	[ "$rc" -eq "$want" ] || bad="exit $rc, expected $want"
	[ "$lines" -eq 1 ] || bad="${bad:+$bad; }$lines stderr lines, expected 1"
	for p in "${pats[@]}"; do
		grep -qE -- "$p" "$TMP/$name.err" ||
			bad="${bad:+$bad; }the message lacks /$p/"
	done
	if [ -z "$bad" ]; then
		pass "$name: exit $rc: $(head -n1 "$TMP/$name.err")"
	else
		cat "$TMP/$name.err" >&2
		fail "$name: $bad"
	fi
}

A=(--dev "$DEV_A" --dst-mac "$MAC_B" --count 5 --quiet)
for mode in packet packet-dgram; do
	expect "$mode-seg-over-payload" 2 "--gso 2000" "--payload-size 1000" \
		"segment" -- "${A[@]}" --mode "$mode" --dst-ip "$IP4_B" \
		--payload-size 1000 --gso 2000
	# A super-frame is one UDP datagram: its IPv4 total length caps it
	# (the parser's limit, in both families).
	expect "$mode-ip4-over-64k" 2 "--payload-size '65508'" "65507" -- \
		"${A[@]}" --mode "$mode" --dst-ip "$IP4_B" \
		--payload-size 65508 --gso 1472
	expect "$mode-ip6-over-64k" 2 "--payload-size '65508'" "65507" -- \
		"${A[@]}" --mode "$mode" --dst-ip "$IP6_B" \
		--payload-size 65508 --gso 1452
	expect "$mode-too-many-segments" 2 "--gso 100" "65 segments" \
		"at most 6400" -- "${A[@]}" --mode "$mode" --dst-ip "$IP4_B" \
		--payload-size 6401 --gso 100
	expect "$mode-seg-over-mtu" 2 "--gso 1473" "MTU 1500" "at most 1472" \
		-- "${A[@]}" --mode "$mode" --dst-ip "$IP4_B" \
		--payload-size 5000 --gso 1473
	expect "$mode-size-not-payload" 2 "--gso needs --payload-size" -- \
		"${A[@]}" --mode "$mode" --dst-ip "$IP4_B" --size 1000 --gso 500
	expect "$mode-payload-range" 2 "single --payload-size" -- \
		"${A[@]}" --mode "$mode" --dst-ip "$IP4_B" \
		--payload-size 3000-4000 --gso 1000
done
R=(--dev "$DEV_A" --count 5 --quiet)
expect raw-mode 2 "--gso 1472" "raw" "packet-dgram" -- "${R[@]}" \
	--mode raw --dst-ip "$IP4_B" --payload-size 3000 --gso 1472
expect raw-mode-ip6 2 "--gso 1452" "raw" -- "${R[@]}" \
	--mode raw --dst-ip "$IP6_B" --payload-size 3000 --gso 1452

for mode in packet packet-dgram; do
	expect "$mode-qdisc-bypass" 2 "--qdisc-bypass with --gso" "qdisc" -- \
		"${A[@]}" --mode "$mode" --dst-ip "$IP4_B" \
		--payload-size 3000 --gso 1472 --qdisc-bypass
done

# The zerocopy path: refused by a stock kernel (one line, exit 1, what
# to do); with the kernel/ series SO_ZEROCOPY is taken and it sends.
for mode in packet packet-dgram; do
	if ! probe_zc "$mode"; then
		expect "$mode-zerocopy-refused" 1 "SO_ZEROCOPY refused" \
			"kernel/ patch series" "--path auto or copy" -- \
			"${A[@]}" --mode "$mode" --dst-ip "$IP4_B" \
			--payload-size 3000 --gso 1472 --path zerocopy
	else
		rc=0
		ip netns exec "$NS_A" "$PKTGEN_ZC" "${A[@]}" --mode "$mode" \
			--dst-ip "$IP4_B" --payload-size 3000 --gso 1472 \
			--path zerocopy >"$TMP/zc.out" 2>&1 || rc=$?
		if [ "$rc" -eq 0 ] && grep -q "^  path zerocopy," "$TMP/zc.out"; then
			pass "$mode-zerocopy: the kernel takes SO_ZEROCOPY; sent"
		else
			cat "$TMP/zc.out" >&2
			fail "$mode-zerocopy: exit $rc with SO_ZEROCOPY accepted"
		fi
	fi
done
finish
