#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Bad input: every case checks the exit status (2 usage, 1 run-time) AND
# that stderr is exactly one line that names the bad value and what is
# allowed (each pattern below must match that line).  Nothing may reach
# the peer's capture-free namespace either way; these runs are short.
source "$(dirname "$0")/lib.sh"
require_cmd setpriv
setup

# expect NAME RC 'ERE'... -- ARGS...: pktgen-zc ARGS (in the sender
# namespace) exits RC and prints one stderr line matching every ERE.
# $WRAP, if set, is a command prefix (inside the namespace).
expect() {
	local name=$1 want=$2
	shift 2
	local pats=()
	while [ "$1" != -- ]; do
		pats+=("$1")
		shift
	done
	shift
	local rc=0 t0 ms
	t0=$(date +%s%N)
	ip netns exec "$NS_A" timeout 20 ${WRAP:-} "$PKTGEN_ZC" "$@" \
		</dev/null >"$TMP/$name.out" 2>"$TMP/$name.err" || rc=$?
	ms=$((($(date +%s%N) - t0) / 1000000))
	LAST_MS=$ms
	local lines msg p bad=
	lines=$(wc -l <"$TMP/$name.err")
	msg=$(head -n1 "$TMP/$name.err")
	[ "$rc" -eq "$want" ] || bad="exit $rc, expected $want"
	[ "$lines" -eq 1 ] || bad="${bad:+$bad; }$lines stderr lines, expected 1"
	for p in "${pats[@]}"; do
		grep -qE -- "$p" "$TMP/$name.err" ||
			bad="${bad:+$bad; }the message lacks /$p/"
	done
	if [ -z "$bad" ]; then
		pass "$name: exit $rc: $msg"
	else
		fail "$name: $bad (pktgen-zc $*)"
		sed 's/^/    stderr: /' "$TMP/$name.err" >&2
	fi
}

A=(--dev "$DEV_A" --count 5 --rate 1kpps)

## Interface problems
expect unknown-dev 2 "'?nosuch0'?" 'no such interface' -- \
	--dev nosuch0 --dst-ip "$IP4_B" --count 5
## Sizes against the MTU (1500) and the headers
expect mtu 2 '1515' 'MTU 1500' 'at most 1514' -- \
	"${A[@]}" --dst-ip "$IP4_B" --dst-mac "$MAC_B" --size 1515
expect mtu-range 2 '1515' 'MTU 1500' 'at most 1514' -- \
	"${A[@]}" --dst-ip "$IP4_B" --dst-mac "$MAC_B" --size 60-1515
expect mtu-vlan 2 '1519' 'MTU 1500' 'at most 1518' -- \
	"${A[@]}" --dst-ip "$IP4_B" --dst-mac "$MAC_B" --size 1519 --vlan 7
expect mtu-udp-payload 2 '--payload-size 1473' 'MTU 1500' 'at most 1472' -- \
	"${A[@]}" --mode udp --dst-ip "$IP4_B" --payload-size 1473
expect size-small 2 "'?59'?" '60' -- \
	"${A[@]}" --dst-ip "$IP4_B" --dst-mac "$MAC_B" --size 59
expect size-ip6-small 2 '77' '78' -- \
	"${A[@]}" --dst-ip "$IP6_B" --dst-mac "$MAC_B" --size 77
expect size-ip6-vlan-small 2 '81' '82' -- \
	"${A[@]}" --dst-ip "$IP6_B" --dst-mac "$MAC_B" --size 81 --vlan 7
expect size-reversed 2 "'1000-60'" 'N <= M' -- \
	"${A[@]}" --dst-ip "$IP4_B" --dst-mac "$MAC_B" --size 1000-60
expect size-word 2 "'big'" '60' -- \
	"${A[@]}" --dst-ip "$IP4_B" --dst-mac "$MAC_B" --size big

## Malformed values
expect mac-short 2 "'00:11:22:33:44'" 'six hex bytes' -- \
	"${A[@]}" --dst-ip "$IP4_B" --dst-mac 00:11:22:33:44
expect mac-hex 2 "'zz:11:22:33:44:55'" 'six hex bytes' -- \
	"${A[@]}" --dst-ip "$IP4_B" --src-mac zz:11:22:33:44:55 --dst-mac "$MAC_B"
expect ip-octet 2 "'198.18.0.300'" 'IPv4 or IPv6 address' -- \
	"${A[@]}" --dst-ip 198.18.0.300 --dst-mac "$MAC_B"
expect ip-prefix 2 "'198.18.0.1/33'" 'prefix' -- \
	"${A[@]}" --dst-ip 198.18.0.1/33 --dst-mac "$MAC_B"
expect ip-range-reversed 2 "'198.18.0.20-198.18.0.10'" 'A <= B' -- \
	"${A[@]}" --dst-ip 198.18.0.20-198.18.0.10 --dst-mac "$MAC_B"
expect ip-range-mixed 2 "'198.18.0.10-2001:db8::1'" 'range' -- \
	"${A[@]}" --dst-ip "$IP4_B" --src-ip 198.18.0.10-2001:db8::1 --dst-mac "$MAC_B"
expect port-big 2 "'70000'" '65535' -- \
	"${A[@]}" --dst-ip "$IP4_B" --dst-mac "$MAC_B" --dst-port 70000
expect port-word 2 "'abc'" '65535' -- \
	"${A[@]}" --dst-ip "$IP4_B" --dst-mac "$MAC_B" --src-port abc
expect port-range-reversed 2 "'10-5'" 'N <= M' -- \
	"${A[@]}" --dst-ip "$IP4_B" --dst-mac "$MAC_B" --dst-port 10-5
expect rate-word 2 "'fast'" 'per second' -- \
	"${A[@]}" --dst-ip "$IP4_B" --dst-mac "$MAC_B" --rate fast
expect rate-zero 2 "'0'" 'greater than 0' -- \
	"${A[@]}" --dst-ip "$IP4_B" --dst-mac "$MAC_B" --rate 0
expect vlan-big 2 "'4096'" '4095' -- \
	"${A[@]}" --dst-ip "$IP4_B" --dst-mac "$MAC_B" --vlan 4096
expect mode-word 2 "'bogus'" 'packet, packet-dgram, raw or udp' -- \
	"${A[@]}" --dst-ip "$IP4_B" --mode bogus

## Impossible combinations
expect family-mix 2 '2001:db8:1::2' '198.18.0.10-198.18.0.20' 'one family|same family' -- \
	"${A[@]}" --dst-ip "$IP6_B" --src-ip 198.18.0.10-198.18.0.20 --dst-mac "$MAC_B"
expect vlan-raw 2 '--vlan' 'raw' '--mode packet' -- \
	"${A[@]}" --dst-ip "$IP4_B" --vlan 7 --mode raw

## No CAP_NET_RAW.  As nobody (the binary copied where nobody can run
## it; RLIMIT_MEMLOCK raised first, so the pool is not what fails), and
## as root with CAP_NET_RAW gone from the bounding set.
install -d -m 0755 "$TMP/bin"
chmod 0711 "$TMP"
install -m 0755 "$PKTGEN_ZC" "$TMP/bin/pktgen-zc"
ulimit -l unlimited 2>/dev/null || ulimit -l $((64 * 1024)) 2>/dev/null || true
for mode in packet packet-dgram raw; do
	PKTGEN_ZC="$TMP/bin/pktgen-zc" \
	WRAP="setpriv --inh-caps=-all --ambient-caps=-all --bounding-set=-net_raw --reuid=65534 --regid=65534 --clear-groups" \
	expect "nobody-$mode" 1 'CAP_NET_RAW' "$mode mode" -- \
		"${A[@]}" --mode "$mode" --dst-ip "$IP4_B" \
		$([ $mode = raw ] || echo --dst-mac "$MAC_B")
done
WRAP="setpriv --inh-caps=-net_raw --bounding-set=-net_raw" \
expect root-no-net-raw 1 'CAP_NET_RAW' 'packet mode' -- \
	"${A[@]}" --mode packet --dst-ip "$IP4_B" --dst-mac "$MAC_B"

## An address on the subnet that nobody owns: the neighbour never
## answers; packet modes cannot build a frame without its MAC.
for dst in 198.18.0.99 2001:db8:1::99; do
	for mode in packet packet-dgram; do
		expect "unresolved-$mode-$dst" 1 "$dst" '--dst-mac' -- \
			"${A[@]}" --mode "$mode" --dst-ip "$dst"
		if [ "$LAST_MS" -gt 2500 ]; then
			fail "unresolved-$mode-$dst: took $LAST_MS ms to give up (about 1-2 s expected)"
		fi
	done
done
## The pool against the machine (issue 12): more slots than a pool
## holds, and more memory than the machine has (9000-byte frames on lo,
## whose MTU is 64K, so that 64G stays under the slot limit).
expect pool-slots 2 '--pool-size 2147483648' '16777216' 'at most' -- \
	"${A[@]}" --dst-ip "$IP4_B" --dst-mac "$MAC_B" --pool-size 2G \
	--path copy
ip -n "$NS_A" link set lo up
expect pool-ram 1 '--pool-size [0-9]+ KiB' 'MemAvailable' 'shrink' -- \
	--dev lo --dst-ip 127.0.0.1 --size 9000 --pool-size 64G \
	--path copy --count 1
## Last: taking links down also flushes their IPv6 addresses.
ip -n "$NS_A" link set "$DEV_A" down
expect link-down 1 "'?$DEV_A'?" 'down' "ip link set $DEV_A up" -- \
	"${A[@]}" --dst-ip "$IP4_B" --dst-mac "$MAC_B"
ip -n "$NS_A" link set "$DEV_A" up
ip -n "$NS_B" link set "$DEV_B" down
sleep 0.2
expect no-carrier 1 "'?$DEV_A'?" 'no (link|carrier)' -- \
	"${A[@]}" --dst-ip "$IP4_B" --dst-mac "$MAC_B"

finish
