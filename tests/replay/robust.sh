#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Robustness of replay against its input, one case per meson test
# (robust.sh CASE):
#   input-stdin   "-" reads standard input, redirected from a file and
#                 from a pipe: every frame arrives in order
#   input-fifo    a FIFO, process substitution <(...), and gzip through
#                 both and as a .gz file: every frame, in order, and no
#                 hang (each run has a time limit)
#   input-loop    a pipe that fits the pool plays --loop 2 (preloaded);
#                 one that does not says why and sends nothing (exit 1)
#   runt          records too short for their link or IPv4/IPv6 header
#                 (e.g. a Linux cooked record of its 16-byte header
#                 alone) are skipped as too_short in every link type and
#                 in raw mode; the rest arrive as the oracle predicts
#   rss           --loop 2 of a capture of 3 million skipped records (51
#                 MB) peaks within 16 MB of the RSS of a small capture:
#                 preloading keeps nothing per skipped record
#   gap-cap       a 10-day gap: --max-gap 1.5s waits 1.5 s and says so,
#                 once; the default (1h) says it waits an hour, until when
#   century       records 100 years apart at --speed 0.01 (a wait beyond
#                 2^64 ns): no undefined behaviour (CI runs this under
#                 UBSan with float-cast-overflow), the second record
#                 waits (capped, or 585 years, 2^64 ns, with --max-gap
#                 off), and says so
#   y2038         records 2 s apart across January 2038 (pcap's unsigned
#                 seconds, which libpcap reads as negative) keep their gaps
#   refused       raw mode, a record to the broadcast address (the kernel
#                 refuses it: no SO_BROADCAST): skipped and counted as
#                 refused, named (file, record 3) in the JSON, the other
#                 four arrive; --strict stops at it (exit 1), naming it
#   input-errors  a missing file, a directory, an empty file and one that
#                 is not a capture: exit 2, one line naming the file once
# Each fails on the tree before the fix it tests (see the commit).
source "$(dirname "$0")/lib.sh"
CASE=${1:?usage: robust.sh CASE}
TEST_NAME="robust-$CASE"
setup

# replay_to NAME SECS ARGS...: replay (see lib.sh) that is killed after
# SECS seconds: a hang is a failure, not a stuck CI.
replay_to() {
	local name=$1 secs=$2
	shift 2
	RC=0
	timeout -s KILL "$secs" ip netns exec "$NS_A" "$PKTGEN_ZC" replay "$@" \
		--dev "$DEV_A" --json >"$TMP/$name.json" 2>"$TMP/$name.err" ||
		RC=$?
	no_sanitizer "$TMP/$name.err" "$name: pktgen-zc replay $*" || true
	[ "$RC" -ne 137 ] || fail "$name: pktgen-zc replay $* hung (killed after ${secs}s)"
}

# seq_run NAME N LOOPS ARGS...: replay_to, then every one of N frames
# (LOOPS times) must have arrived in order.
seq_run() {
	local name=$1 n=$2 loops=$3
	shift 3
	cap_start "$name" $((n * loops))
	replay_to "$name" 20 --rate 20kpps "$@"
	cap_stop "$name"
	if [ "$RC" -ne 0 ]; then
		fail "$name: exit $RC: $(tail -n1 "$TMP/$name.err")"
	elif util seq "$TMP/$name.cap.pcap" "$n" "$loops" >"$TMP/$name.seq"; then
		pass "$name: $(head -n1 "$TMP/$name.seq")"
	else
		cat "$TMP/$name.seq" >&2
		fail "$name: not every frame arrived in order"
	fi
}

N=200
util gen-seq "$TMP/seq.pcap" $N 300

case "$CASE" in
input-stdin)
	seq_run stdin-file $N 1 - <"$TMP/seq.pcap"
	seq_run stdin-pipe $N 1 - < <(cat "$TMP/seq.pcap")
	shopt -s lastpipe
	cat "$TMP/seq.pcap" | seq_run stdin-pipe2 $N 1 -
	;;
input-fifo)
	require_cmd gzip
	mkfifo "$TMP/fifo"
	cat "$TMP/seq.pcap" >"$TMP/fifo" &
	seq_run fifo $N 1 "$TMP/fifo"
	wait
	seq_run procsub $N 1 <(cat "$TMP/seq.pcap")
	gzip -c "$TMP/seq.pcap" >"$TMP/seq.pcap.gz"
	seq_run gzfile $N 1 "$TMP/seq.pcap.gz"
	seq_run gzpipe $N 1 <(gzip -c "$TMP/seq.pcap")
	seq_run gzstdin $N 1 - <"$TMP/seq.pcap.gz"
	;;
input-loop)
	seq_run pipe-loop2 $N 2 --loop 2 <(cat "$TMP/seq.pcap")
	util gen-seq "$TMP/big.pcap" 3000 1000
	replay_to pipe-big 20 --loop 2 --pool-size 1M <(cat "$TMP/big.pcap")
	if [ "$RC" -eq 1 ] && grep -q 'pipe.*--pool-size' "$TMP/pipe-big.err"; then
		pass "pipe-big: $(head -n1 "$TMP/pipe-big.err")"
	else
		fail "pipe-big: exit $RC, want 1 and a word on --pool-size: $(tail -n1 "$TMP/pipe-big.err")"
	fi
	;;
refused)
	# raw mode routes: give the pair addresses of their own
	ip -n "$NS_A" addr add 198.18.5.1/24 dev "$DEV_A"
	ip -n "$NS_B" addr add 198.18.5.2/24 dev "$DEV_B"
	"$PY" - "$TMP/bcast.pcap" 198.18.5.1 198.18.5.2 <<'PY'
import socket, struct, sys
out, src, dst = sys.argv[1], socket.inet_aton(sys.argv[2]), sys.argv[3]
recs = []
for i in range(5):
    d = socket.inet_aton("255.255.255.255" if i == 2 else dst)
    udp = struct.pack("!HHHH", 9, 9000, 8 + 4, 0) + struct.pack("!I", i)
    ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(udp), i + 1, 0,
                     64, 17, 0, src, d)
    s = sum(struct.unpack("!10H", ip))
    s = (s & 0xffff) + (s >> 16)
    s = (s & 0xffff) + (s >> 16)
    ip = ip[:10] + struct.pack("!H", ~s & 0xffff) + ip[12:]
    f = b"\xff" * 6 + b"\x02\x00\x00\x00\x00\x01" + b"\x08\x00" + ip + udp
    recs.append(struct.pack("<IIII", 1700000000, i, len(f), len(f)) + f)
open(out, "wb").write(struct.pack("<IHHiIII", 0xa1b2c3d4, 2, 4, 0, 0,
                                  65535, 1) + b"".join(recs))
PY
	cap_start refused 4 "udp dst port 9000"
	replay_to refused 20 --topspeed --mode raw "$TMP/bcast.pcap"
	cap_stop refused
	got=$(jget refused '"%s %s %s %s" % (e["frames"], e["replay"]["skipped"]["refused"], e["replay"]["first_refused"]["record"], doc["error"])' 2>/dev/null || echo "no JSON")
	if [ "$RC" -eq 0 ] && [ "$got" = "4 1 3 None" ]; then
		pass "refused: record 3 skipped as refused and named, 4 sent"
	else
		fail "refused: exit $RC, frames/refused/record/error = $got, want '4 1 3 None': $(tail -n2 "$TMP/refused.err")"
	fi
	replay_to strict 20 --topspeed --mode raw --strict "$TMP/bcast.pcap"
	got=$(jget strict '"%s %s" % (e["replay"]["first_refused"]["record"], e["frames"])' 2>/dev/null || echo "no JSON")
	if [ "$RC" -eq 1 ] && [ "$got" = "3 2" ] &&
	   grep -q 'Permission denied' "$TMP/strict.err"; then
		pass "strict: the run stops at record 3, exit 1: $(tail -n1 "$TMP/strict.err")"
	else
		fail "strict: exit $RC, record/frames = $got, want 1 and '3 2': $(tail -n2 "$TMP/strict.err")"
	fi
	;;
runt)
	util gen-runts "$TMP" >"$TMP/runts.want"
	while read -r f short sent; do
		name=${f%.pcap}
		opts=(--dst-mac "$MAC_B")
		[ "$f" = eth.pcap ] && opts=()
		cap_start "$name" "$sent"
		replay_to "$name" 20 --topspeed "${opts[@]}" "$TMP/$f"
		cap_stop "$name"
		util expect "$TMP/$name.exp" "$MTU" auto "$MAC_B" "$MAC_A" \
			"$TMP/$f" >"$TMP/$name.want"
		got=$(jget "$name" '"%s %s" % (e["replay"]["skipped"]["too_short"], e["frames"])' 2>/dev/null || echo "no JSON")
		if [ "$RC" -ne 0 ] || [ "$got" != "$short $sent" ]; then
			fail "$name: exit $RC, too_short and frames $got, want $short $sent"
		elif util check-run "$(cat "$TMP/$name.want")" "$TMP/$name.json" \
			"$TMP/$name.exp" "$TMP/$name.cap.pcap" >"$TMP/$name.chk"; then
			pass "$name: too_short $short, $sent sent as the oracle says"
		else
			cat "$TMP/$name.chk" >&2
			fail "$name: not what the oracle predicts"
		fi
	done < <(grep -v -- --raw "$TMP/runts.want")
	read -r _ short other sent < <(grep -- --raw "$TMP/runts.want")
	replay_to raw-mode 20 --topspeed --mode raw "$TMP/raw.pcap"
	got=$(jget raw-mode '"%s %s %s" % (e["replay"]["skipped"]["too_short"], e["replay"]["skipped"]["other_family"], e["frames"])' 2>/dev/null || echo "no JSON")
	if [ "$RC" -eq 0 ] && [ "$got" = "$short $other $sent" ]; then
		pass "raw mode: too_short, other_family, sent = $got"
	else
		fail "raw mode: exit $RC, too_short, other_family, sent = $got, want $short $other $sent: $(tail -n1 "$TMP/raw-mode.err")"
	fi
	;;
rss)
	# maxrss NAME ARGS...: replay_to, its peak RSS in kB into
	# $TMP/NAME.rss (the getrusage of a child: ip netns exec becomes
	# pktgen-zc).
	maxrss() {
		local name=$1
		shift
		RC=0
		"$PY" -c 'import resource, subprocess, sys
rc = subprocess.call(sys.argv[2:], stdout=open(sys.argv[1] + ".json", "w"),
                     stderr=open(sys.argv[1] + ".err", "w"))
open(sys.argv[1] + ".rss", "w").write(
    "%d\n" % resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
sys.exit(rc)' "$TMP/$name" timeout -s KILL 60 ip netns exec "$NS_A" \
			"$PKTGEN_ZC" replay "$@" --dev "$DEV_A" --json || RC=$?
	}
	N=3000000
	util gen-skipped "$TMP/small.pcap" 1000
	util gen-skipped "$TMP/big.pcap" $N
	maxrss small --topspeed --loop 2 "$TMP/small.pcap"
	maxrss big --topspeed --loop 2 "$TMP/big.pcap"
	small=$(cat "$TMP/small.rss") big=$(cat "$TMP/big.rss")
	got=$(jget big '"%s %s %s" % (e["replay"]["preloaded"], e["replay"]["skipped"]["truncated"], e["frames"])' 2>/dev/null || echo "no JSON")
	if [ "$RC" -ne 0 ] || [ "$got" != "True $((2 * N)) 2" ]; then
		fail "big: exit $RC, preloaded, truncated, frames = $got, want True $((2 * N)) 2: $(tail -n1 "$TMP/big.err")"
	elif [ $((big - small)) -gt 16384 ]; then
		fail "--loop 2 of $N skipped records: peak RSS $((big / 1024)) MB, a 1000-record capture $((small / 1024)) MB: memory grows with the capture"
	else
		pass "--loop 2 of $N skipped records: peak RSS $((big / 1024)) MB, a 1000-record capture $((small / 1024)) MB"
	fi
	;;
gap-cap)
	DAY=86400
	util gen-times "$TMP/gap.pcap" 1700000000 $((1700000000 + 10 * DAY)) \
		$((1700000000 + 10 * DAY)).001
	cap_start gap 3
	start=$SECONDS
	replay_to gap 20 --max-gap 1.5s "$TMP/gap.pcap"
	cap_stop gap
	util gaps "$TMP/gap.cap.pcap" >"$TMP/gap.gaps"
	first=$(head -n1 "$TMP/gap.gaps")
	nwait=$(grep -c 'waiting' "$TMP/gap.err" || true)
	if [ "$RC" -ne 0 ] || [ "$(wc -l <"$TMP/gap.gaps")" -ne 2 ]; then
		fail "gap: exit $RC, $(wc -l <"$TMP/gap.gaps") gaps received, want 0 and 2: $(tail -n1 "$TMP/gap.err")"
	elif ! "$PY" -c "import sys; sys.exit(not 1400 <= float('$first') <= 2500)"; then
		fail "gap: the 10-day gap took $first ms with --max-gap 1.5s"
	elif [ "$nwait" -ne 1 ] || ! grep -q 'waiting 1.5 s (--max-gap), until 20..-..-.. ..:..:.. UTC' "$TMP/gap.err"; then
		fail "gap: want one message that it waits 1.5 s and until when, got $nwait: $(cat "$TMP/gap.err")"
	else
		pass "gap: 10 days capped to $first ms: $(grep waiting "$TMP/gap.err")"
	fi
	# The default cap: interrupted (SIGINT, exit 0) while it waits.
	RC=0
	timeout --preserve-status -s INT 2 ip netns exec "$NS_A" "$PKTGEN_ZC" \
		replay "$TMP/gap.pcap" --dev "$DEV_A" >"$TMP/gapd.out" \
		2>"$TMP/gapd.err" || RC=$?
	if [ "$RC" -eq 0 ] && grep -q 'comes 10.0 days after.*waiting 1.0 h (--max-gap), until' "$TMP/gapd.err"; then
		pass "default cap: $(grep waiting "$TMP/gapd.err")"
	else
		fail "default cap: exit $RC, want 0 and a message that it waits 1.0 h: $(cat "$TMP/gapd.err")"
	fi
	;;
century)
	util gen-times "$TMP/century.pcap" 1 $((1 + 3155760000))
	for cap in default off; do
		args=(--speed 0.01)
		[ "$cap" = default ] || args+=(--max-gap "$cap")
		cap_start "century-$cap"
		RC=0
		timeout --preserve-status -s INT 2 ip netns exec "$NS_A" \
			"$PKTGEN_ZC" replay "${args[@]}" "$TMP/century.pcap" \
			--dev "$DEV_A" --json >"$TMP/century-$cap.json" \
			2>"$TMP/century-$cap.err" || RC=$?
		cap_stop "century-$cap"
		want='waiting 1.0 h (--max-gap)'
		# 10000 years are more than 2^64 ns: the wait saturates.
		[ "$cap" = off ] && want='waiting 585 years, until 2'
		n=$("$PY" "$HERE/pcaputil.py" gaps "$TMP/century-$cap.cap.pcap" | wc -l)
		if grep -Eq 'runtime error:|Sanitizer' "$TMP/century-$cap.err"; then
			fail "century --max-gap $cap: a sanitizer report: $(grep -E 'runtime error|Sanitizer' "$TMP/century-$cap.err" | head -n1)"
		elif [ "$RC" -ne 0 ] || [ "$n" -ne 0 ]; then
			fail "century --max-gap $cap: exit $RC, $((n + 1)) frames received before ^C, want 0 and 1: $(tail -n1 "$TMP/century-$cap.err")"
		elif ! grep -qF "$want" "$TMP/century-$cap.err"; then
			fail "century --max-gap $cap: no '$want' on stderr: $(cat "$TMP/century-$cap.err")"
		else
			pass "century --max-gap $cap: one frame, then $(grep -o 'waiting.*' "$TMP/century-$cap.err")"
		fi
	done
	;;
y2038)
	t=$((2147483647 - 1))
	util gen-times "$TMP/y2038.pcap" $t $((t + 2)) $((t + 4))
	cap_start y2038 3
	replay_to y2038 20 --speed 4 "$TMP/y2038.pcap"
	cap_stop y2038
	gaps=$(util gaps "$TMP/y2038.cap.pcap" | tr '\n' ' ')
	if [ "$RC" -ne 0 ] || ! "$PY" -c "import sys; g = [float(x) for x in '$gaps'.split()]; sys.exit(not (len(g) == 2 and all(400 <= x <= 800 for x in g)))"; then
		fail "y2038: exit $RC, gaps $gaps ms, want two of 500 ms (2 s at --speed 4): $(tail -n1 "$TMP/y2038.err")"
	else
		pass "y2038: gaps $gaps ms across 2038-01-19 03:14:08 UTC"
	fi
	;;
input-errors)
	mkdir "$TMP/dir"
	: >"$TMP/empty.pcap"
	echo "not a capture at all, just some text" >"$TMP/text.pcap"
	for f in missing.pcap dir empty.pcap text.pcap; do
		replay_to "err-$f" 20 "$TMP/$f"
		n=$(grep -o -F "$TMP/$f" "$TMP/err-$f.err" | wc -l)
		lines=$(wc -l <"$TMP/err-$f.err")
		if [ "$RC" -eq 2 ] && [ "$n" -eq 1 ] && [ "$lines" -eq 1 ]; then
			pass "$f: $(cat "$TMP/err-$f.err")"
		else
			fail "$f: exit $RC, the name $n times in $lines lines, want 2, once, one line: $(cat "$TMP/err-$f.err")"
		fi
	done
	;;
*)
	echo "robust.sh: unknown case '$CASE'" >&2
	exit 2 ;;
esac
finish
