#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# samples.sh CASE: run one of samples/*.sh as a user would, in private
# namespaces (the test's own veth pair, pzca 198.18.0.1 <-> pzcb
# 198.18.0.2), with the interface as its argument and a short run (the
# samples take DURATION, COUNT, RATE from the environment), and check
# what it did: its exit status, what it says it sent, and that the peer
# received at least that (pzcb's rx_packets; the samples run unpaced or
# fast, so no capture that could drop is judged).  Cases:
#   line-rate-64 imix-flows udp-gso-zerocopy replay-loop  the senders
#   make-udp-flows  writes the committed udp-flows.pcap's frames again
#   start-together  makes its own namespaces; both senders start, none left
#   netns-pair      up makes the pair, a sample runs on it, down removes it
#   find            how a sample finds pktgen-zc: $PKTGEN_ZC, the build
#                   tree, PATH; without one: one line, exit 127
set -euo pipefail
source "$(dirname "$0")/../lib/common.sh"
CASE=${1:?usage: samples.sh CASE}
TEST_NAME="samples-$CASE"
SAMPLES=$(cd "$PZC_TESTS_DIR/../samples" && pwd)
require_root
require_exe PKTGEN_ZC PZC_PCAPCMP
require_cmd ip python3
tmpdir

# pair: the namespaces, addresses, link up.
pair() {
	ns_pair
	ns_addr "$NS_A" "$DEV_A" 198.18.0.1/24
	ns_addr "$NS_B" "$DEV_B" 198.18.0.2/24
}

rx_packets() { ns_cat "$NS_B" "/sys/class/net/$DEV_B/statistics/rx_packets"; }

# run NAME SAMPLE ARGS...: the sample in NS_A (environment as given by
# the caller); its exit status in RC, output in $TMP/NAME.out/.err, the
# peer's received packets in RX.
run() {
	local name=$1 sample=$2 rx0
	shift 2
	rx0=$(rx_packets)
	RC=0
	ip netns exec "$NS_A" timeout -s INT -k 5 60 "$SAMPLES/$sample" "$@" \
		>"$TMP/$name.out" 2>"$TMP/$name.err" || RC=$?
	RX=$(($(rx_packets) - rx0))
	no_sanitizer "$TMP/$name.err" "$sample" || true
	if [ "$RC" -ne 0 ]; then
		cat "$TMP/$name.out" "$TMP/$name.err" >&2
		fail "$sample $*: exit $RC"
		return 1
	fi
	return 0
}

# summary_frames NAME: the frames the text summary says were sent.
summary_frames() {
	sed -n 's/^[a-z]* on [^:]*: \([0-9]*\) frames.*/\1/p' "$TMP/$1.out"
}

# arrived NAME SAMPLE SENT: the peer got at least SENT (> 0) frames.
arrived() {
	if [ -z "$3" ] || [ "$3" -le 0 ]; then
		fail "$2: no frame count in its output: $(head -c 400 "$TMP/$1.out")"
	elif [ "$RX" -lt "$3" ]; then
		fail "$2: says it sent $3 frames; the peer received $RX"
	else
		pass "$2: exit 0, sent $3 frames, the peer received $RX packets"
	fi
}

case "$CASE" in
line-rate-64)
	pair
	DURATION=1 run line line-rate-64.sh "$DEV_A" 198.18.0.2 20kpps || finish
	arrived line line-rate-64.sh "$(summary_frames line)"
	;;
imix-flows)
	require_cmd jq
	pair
	COUNT=2000 RATE=20kpps run imix imix-flows.sh "$DEV_A" || finish
	n=$(jq -r '.end.frames' "$TMP/imix.out")
	[ "$(jq -r '.end.sizes | [.[]] | add' "$TMP/imix.out")" = 2000 ] ||
		fail "imix-flows.sh: end.sizes does not add up to 2000: $(jq -c .end.sizes "$TMP/imix.out")"
	arrived imix imix-flows.sh "$n"
	;;
udp-gso-zerocopy)
	pair
	probe_zc udp ||
		skip "this kernel refuses SO_ZEROCOPY on UDP sockets (probe --json), which the sample asks for"
	DURATION=1 run gso udp-gso-zerocopy.sh "$DEV_A" || finish
	# Over veth the kernel copies the frames it accepted zerocopy.
	grep -Eq '^  zerocopy: (in effect|accepted)' "$TMP/gso.out" ||
		fail "udp-gso-zerocopy.sh: the summary does not say the kernel took zerocopy sends: $(cat "$TMP/gso.out")"
	# veth counts a GSO send as one packet: compare sends.
	arrived gso udp-gso-zerocopy.sh \
		"$(sed -n 's/^  sends \([0-9]*\),.*/\1/p' "$TMP/gso.out")"
	;;
replay-loop)
	pair
	run replay replay-loop.sh "$DEV_A" || finish
	n=$(summary_frames replay)
	[ "$n" = 640 ] || fail "replay-loop.sh: $n frames, want 640 (64 records, 10 loops)"
	arrived replay replay-loop.sh "$n"
	;;
make-udp-flows)
	RC=0
	"$SAMPLES/make-udp-flows.sh" "$TMP/flows.pcap" >"$TMP/make.out" 2>&1 || RC=$?
	if [ "$RC" -ne 0 ]; then
		cat "$TMP/make.out" >&2
		fail "make-udp-flows.sh: exit $RC"
		finish
	fi
	# The stamps carry the time: compare what --seed fixes (sizes,
	# ports) with the committed file, and check the frames themselves.
	"$PZC_PCAPCMP" --count 64 --stamps --verify --dport-range 9000-9003 \
		"$TMP/flows.pcap" >"$TMP/make.cmp" 2>&1 ||
		fail "make-udp-flows.sh: not 64 good stamped frames: $(cat "$TMP/make.cmp")"
	if python3 - "$TMP/flows.pcap" "$SAMPLES/udp-flows.pcap" <<'PY'
import struct, sys
def shape(path):
    d = open(path, "rb").read()
    e = "<" if d[:4] in (b"\xd4\xc3\xb2\xa1", b"\x4d\x3c\xb2\xa1") else ">"
    off, out = 24, []
    while off + 16 <= len(d):
        _, _, incl, orig = struct.unpack(e + "IIII", d[off:off + 16])
        f = d[off + 16:off + 16 + incl]
        out.append((orig, f[:34], f[34:38]))   # length, L2+IP header, ports
        off += 16 + incl
    return out
a, b = shape(sys.argv[1]), shape(sys.argv[2])
print(f"{len(a)} frames written, {len(b)} committed")
sys.exit(0 if a == b else 1)
PY
	then
		pass "make-udp-flows.sh: the committed udp-flows.pcap's sizes, headers and ports again"
	else
		fail "make-udp-flows.sh: its frames differ from samples/udp-flows.pcap (regenerate and commit it)"
	fi
	;;
start-together)
	before=$(ip netns list | grep -c '^pzc-st' || true)
	run2=0
	timeout -k 5 60 "$SAMPLES/start-together.sh" 1 >"$TMP/st.out" \
		2>"$TMP/st.err" || run2=$?
	after=$(ip netns list | grep -c '^pzc-st' || true)
	began=$(grep -c ' began .* ms after --start-at' "$TMP/st.out" || true)
	got=$(sed -n 's/^the receiver got \([0-9]*\) of 1000 frames of run [12] .*/\1/p' "$TMP/st.out" | awk '{ n += $1 } END { print n + 0 }')
	if [ "$run2" -ne 0 ]; then
		cat "$TMP/st.out" "$TMP/st.err" >&2
		fail "start-together.sh: exit $run2"
	elif [ "$began" -ne 2 ] || [ "${got:-0}" -ne 2000 ] ||
	     ! awk '/ began .* ms after --start-at/ { if ($3 < 0 || $3 > 100) bad = 1 } END { exit bad }' "$TMP/st.out"; then
		cat "$TMP/st.out" >&2
		fail "start-together.sh: $began senders reported a start (each within 100 ms of --start-at?), the receiver got ${got:-?} of 2000"
	else
		pass "start-together.sh: both senders began at --start-at, 2000 frames received: $(grep began "$TMP/st.out" | tr '\n' ';')"
	fi
	[ "$after" -le "$before" ] ||
		fail "start-together.sh left namespaces behind: $(ip netns list | grep '^pzc-st')"
	;;
netns-pair)
	p=pzs$$
	at_exit "PREFIX=$p '$SAMPLES/netns-pair.sh' down"
	RC=0
	PREFIX=$p "$SAMPLES/netns-pair.sh" up >"$TMP/up.out" 2>&1 || RC=$?
	if [ "$RC" -ne 0 ]; then
		cat "$TMP/up.out" >&2
		fail "netns-pair.sh up: exit $RC"
		finish
	fi
	NS_A=$p-a NS_B=$p-b DEV_B=$p-b0
	DURATION=1 run pair line-rate-64.sh "$p-a0" 198.18.0.2 10kpps || finish
	arrived pair "line-rate-64.sh on netns-pair.sh's pair" "$(summary_frames pair)"
	NS_A= NS_B=
	PREFIX=$p "$SAMPLES/netns-pair.sh" down
	if ip netns list | grep -q "^$p-"; then
		fail "netns-pair.sh down left $(ip netns list | grep "^$p-")"
	else
		pass "netns-pair.sh down removed $p-a and $p-b"
	fi
	RC=0
	PREFIX='bad name' "$SAMPLES/netns-pair.sh" up 2>"$TMP/bad.err" || RC=$?
	[ "$RC" -eq 2 ] && [ "$(wc -l <"$TMP/bad.err")" -eq 1 ] &&
		pass "netns-pair.sh with a bad PREFIX: exit 2: $(cat "$TMP/bad.err")" ||
		fail "netns-pair.sh with a bad PREFIX: exit $RC: $(cat "$TMP/bad.err")"
	;;
find)
	# A copy of the samples with no build tree beside them, and a PATH
	# without pktgen-zc.
	mkdir -p "$TMP/repo/samples" "$TMP/bin"
	cp "$SAMPLES"/*.sh "$SAMPLES/udp-flows.pcap" "$TMP/repo/samples/"
	for t in sh dirname basename cat pwd; do
		ln -s "$(command -v $t)" "$TMP/bin/$t"
	done
	# expect NAME RC PATTERN ENV...: make-udp-flows.sh under ENV exits
	# RC; with RC != 0, stderr is one line matching PATTERN.
	expect() {
		local name=$1 want=$2 pat=$3 rc=0
		shift 3
		env -i PATH="$TMP/bin" "$@" "$TMP/repo/samples/make-udp-flows.sh" \
			"$TMP/$name.pcap" >"$TMP/$name.out" 2>"$TMP/$name.err" || rc=$?
		if [ "$rc" -ne "$want" ]; then
			fail "$name: exit $rc, want $want: $(cat "$TMP/$name.err")"
		elif [ "$want" -ne 0 ] && { [ "$(wc -l <"$TMP/$name.err")" -ne 1 ] ||
			! grep -qE "$pat" "$TMP/$name.err"; }; then
			fail "$name: want one line matching /$pat/: $(cat "$TMP/$name.err")"
		elif [ "$want" -eq 0 ] && [ ! -s "$TMP/$name.pcap" ]; then
			fail "$name: exit 0 but nothing written"
		else
			pass "$name: exit $rc $(head -n1 "$TMP/$name.err")"
		fi
	}
	expect none 127 'pktgen-zc not found.*PKTGEN_ZC=' 
	expect bad-env 127 "PKTGEN_ZC='$TMP/nosuch' is not an executable" \
		PKTGEN_ZC="$TMP/nosuch"
	expect env 0 '' PKTGEN_ZC="$PKTGEN_ZC"
	mkdir -p "$TMP/repo/build/pktgen-zc"
	ln -s "$PKTGEN_ZC" "$TMP/repo/build/pktgen-zc/pktgen-zc"
	expect build-tree 0 ''
	rm -r "$TMP/repo/build"
	ln -s "$PKTGEN_ZC" "$TMP/bin/pktgen-zc"
	expect path 0 ''
	rc=0
	"$SAMPLES/line-rate-64.sh" 2>"$TMP/usage.err" || rc=$?
	[ "$rc" -eq 2 ] && [ "$(wc -l <"$TMP/usage.err")" -eq 1 ] &&
		pass "no interface: exit 2: $(cat "$TMP/usage.err")" ||
		fail "no interface: exit $rc: $(cat "$TMP/usage.err")"
	;;
*)
	echo "samples.sh: unknown case '$CASE'" >&2
	exit 2 ;;
esac
finish
