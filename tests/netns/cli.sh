#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# How a run starts, ends and reports: --json (valid JSON with start,
# intervals and end; end.frames == N and the peer saw N), --count with
# --duration (whichever comes first ends the run), SIGINT mid-run (exit 0,
# a summary, and exactly the frames it claims reached the peer), and
# --dry-run (the record is written, nothing reaches the peer).
source "$(dirname "$0")/lib.sh"
setup
N=500
common=(--dev "$DEV_A" --mode packet --dst-mac "$MAC_B" --dst-ip "$IP4_B"
	--dst-port "$PORT")

# jcheck FILE PYTHON-EXPR...: every expression holds for d = the document.
jcheck() {
	local f=$1
	shift
	"$PYTHON" - "$f" "$@" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
bad = [e for e in sys.argv[2:] if not eval(e, {"d": d})]
for e in bad:
    print("not true:", e, file=sys.stderr)
sys.exit(1 if bad else 0)
PY
}

## --json
cap_start json $N
rc=0
pzc_a "${common[@]}" --count $N --rate 20kpps --json --interval 10ms \
	>"$TMP/json.out" 2>"$TMP/json.err" || rc=$?
cap_stop json
if [ $rc -ne 0 ]; then
	fail "json: exit $rc: $(cat "$TMP/json.err")"
elif ! "$PYTHON" -m json.tool "$TMP/json.out" >/dev/null; then
	fail "json: stdout is not valid JSON: $(head -c 300 "$TMP/json.out")"
elif ! jcheck "$TMP/json.out" \
	'set(d) >= {"start", "intervals", "end"}' \
	'isinstance(d["intervals"], list) and len(d["intervals"]) >= 1' \
	"d['end']['frames'] == $N" \
	"d['start']['count'] == $N" \
	'd["error"] is None' \
	'all(i["frames"] >= 0 and i["end"] >= i["start"] for i in d["intervals"])'; then
	fail "json: the document lacks what it must say"
elif [ "$(cap_frames json)" != $N ]; then
	fail "json: the peer saw $(cap_frames json) frames, not $N"
else
	pass "json: valid, start/intervals/end, end.frames == $N == frames at the peer"
fi
if [ $rc -eq 0 ] && ! jcheck "$TMP/json.out" \
	'sum(i["frames"] for i in d["intervals"]) == d["end"]["frames"]' \
	'abs(d["intervals"][-1]["end"] - d["end"]["seconds"]) < 0.005'; then
	# The intervals must cover the whole run, the last partial one too.
	fail "json: the intervals hold $("$PYTHON" -c 'import json,sys; print(sum(i["frames"] for i in json.load(open(sys.argv[1]))["intervals"]))' "$TMP/json.out") of $N frames (the last, partial interval is missing)"
fi

## --count with --duration: the count ends a long duration...
t0=$(date +%s%N)
rc=0
pzc_a "${common[@]}" --count $N --duration 20s --rate 20kpps --json \
	>"$TMP/cd1.out" 2>"$TMP/cd1.err" || rc=$?
ms=$((($(date +%s%N) - t0) / 1000000))
if [ $rc -eq 0 ] && [ $ms -lt 5000 ] && jcheck "$TMP/cd1.out" \
	"d['end']['frames'] == $N" \
	'"count" in d["end"]["stop_reason"]'; then
	pass "count+duration: --count $N ended a 20 s --duration after $ms ms"
else
	fail "count+duration: --count $N --duration 20s: exit $rc after $ms ms: $(cat "$TMP/cd1.err") $(head -c 600 "$TMP/cd1.out")"
fi

## ...and the duration ends a large count; the peer sees every frame.
cap_start cd2
t0=$(date +%s%N)
rc=0
pzc_a "${common[@]}" --count 1000000 --duration 1s --rate 20kpps --json \
	>"$TMP/cd2.out" 2>"$TMP/cd2.err" || rc=$?
ms=$((($(date +%s%N) - t0) / 1000000))
cap_stop cd2 1
if [ $rc -eq 0 ] && [ $ms -lt 4000 ] && jcheck "$TMP/cd2.out" \
	'15000 <= d["end"]["frames"] <= 20500' \
	'0.9 <= d["end"]["seconds"] <= 1.5' \
	'"duration" in d["end"]["stop_reason"]' \
	"d['end']['frames'] == $(cap_frames cd2)"; then
	pass "count+duration: --duration 1s ended a 1000000 --count after $ms ms with $(cap_frames cd2) frames, all at the peer"
else
	fail "count+duration: --count 1000000 --duration 1s: exit $rc after $ms ms, peer saw $(cap_frames cd2): $(cat "$TMP/cd2.err") $(head -c 600 "$TMP/cd2.out")"
fi
"$PZC_PCAPCMP" --stamps --verify "$TMP/cd2.cap.pcap" >"$TMP/cd2.cmp" 2>&1 ||
	fail "count+duration: the captured frames are not 0..N-1 in order: $(cat "$TMP/cd2.cmp")"

## SIGINT mid-run: exit 0 and a summary that tells the truth.
cap_start sigint
ip netns exec "$NS_A" "$PKTGEN_ZC" "${common[@]}" --rate 2kpps \
	--write-pcap "$TMP/sigint.sent.pcap" \
	>"$TMP/sigint.out" 2>"$TMP/sigint.err" &
pid=$!
sleep 1
kill -INT $pid
rc=0
t0=$(date +%s%N)
wait $pid || rc=$?
ms=$((($(date +%s%N) - t0) / 1000000))
cap_stop sigint 1
sent=$(sed -n 's/^sent on [^:]*: \([0-9]*\) frames.*/\1/p' "$TMP/sigint.out")
if [ $rc -ne 0 ]; then
	fail "sigint: exit $rc after SIGINT (0 expected): $(cat "$TMP/sigint.err")"
elif [ -z "$sent" ] || ! grep -q 'interrupted' "$TMP/sigint.out"; then
	fail "sigint: no summary saying it was interrupted: $(cat "$TMP/sigint.out")"
elif [ $ms -gt 3000 ]; then
	fail "sigint: took $ms ms to stop after SIGINT"
elif [ "$sent" -lt 1000 ] || [ "$sent" -gt 2600 ]; then
	fail "sigint: $sent frames in about 1 s at 2 kpps"
elif ! "$PZC_PCAPCMP" --level l2 --count "$sent" --stamps \
	"$TMP/sigint.sent.pcap" "$TMP/sigint.cap.pcap" >"$TMP/sigint.cmp" 2>&1; then
	fail "sigint: the summary says $sent frames; record and peer disagree: $(cat "$TMP/sigint.cmp")"
else
	pass "sigint: exit 0 within $ms ms, summary says $sent frames sent (interrupted), the record and the peer hold exactly those"
fi

## --dry-run: frames built and recorded, none sent.
cap_start dry
rc=0
pzc_a "${common[@]}" --count $N --size 60-1514 --dry-run \
	--write-pcap "$TMP/dry.sent.pcap" >"$TMP/dry.out" 2>"$TMP/dry.err" || rc=$?
sleep 0.5
cap_stop dry 0
if [ $rc -ne 0 ]; then
	fail "dry-run: exit $rc: $(cat "$TMP/dry.err")"
elif [ "$(cap_frames dry)" != 0 ]; then
	fail "dry-run: the peer saw $(cap_frames dry) frames; a dry run sends nothing"
elif ! "$PZC_PCAPCMP" --count $N --stamps --verify "$TMP/dry.sent.pcap" \
	>"$TMP/dry.cmp" 2>&1; then
	fail "dry-run: the record is not $N good frames: $(cat "$TMP/dry.cmp")"
else
	pass "dry-run: $N frames recorded, 0 reached the peer"
fi
## --json on every outcome: a usage error and a set-up error are JSON
## documents too, with a top-level error and the parameters as parsed.
for c in "usage 2 --rate 1G" "setup 2 --dev nosuch0"; do
	read -r name want args <<<"$c"
	rc=0
	# shellcheck disable=SC2086
	pzc_a "${common[@]}" --count 5 --json $args >"$TMP/j$name.out" \
		2>"$TMP/j$name.err" || rc=$?
	if [ "$rc" = "$want" ] && [ "$(wc -l <"$TMP/j$name.err")" = 1 ] &&
	   jcheck "$TMP/j$name.out" 'd["end"] is None' \
		'd["error"] and d["error"] in open("'"$TMP/j$name.err"'").read()' \
		'd["start"]["config"]["count"] == 5'; then
		pass "json $name error: exit $rc, one line on stderr, the same text as the document's top-level error"
	else
		fail "json $name error: exit $rc (want $want), stderr: $(cat "$TMP/j$name.err"), stdout: $(head -c 300 "$TMP/j$name.out")"
	fi
done

## start.config echoes the run's parameters; a missed rate is reported.
rc=0
pzc_a "${common[@]}" --count 300000 --rate 100Mpps --size 100 --seed 7 \
	--src-port 1000-1010 --json >"$TMP/short.out" 2>"$TMP/short.err" || rc=$?
if [ $rc -eq 0 ] && jcheck "$TMP/short.out" \
	'd["start"]["config"]["rate"] == {"value": 1e8, "unit": "pps"}' \
	'd["start"]["config"]["seed"] == 7' \
	'd["start"]["config"]["src_port"]["first"] == 1000' \
	'd["start"]["config"]["src_port"]["last"] == 1010' \
	'd["start"]["config"]["dst_ip"]["given"] == "'"$IP4_B"'"' \
	'd["start"]["config"]["size"]["first"] == 100' \
	'd["end"]["rate_shortfall"]["percent_below"] > 1' &&
   grep -q "warning: the run sent .* below the 1e+08 pps asked for" "$TMP/short.err"; then
	pass "start.config echoes rate, seed, ports, address and size; 100 Mpps missed: warned, end.rate_shortfall set"
else
	fail "rate shortfall / config echo: exit $rc, stderr: $(cat "$TMP/short.err"), end: $("$PYTHON" -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d["end"].get("rate_shortfall"), d["start"].get("config"))' "$TMP/short.out" 2>&1 | head -c 400)"
fi

## probe --dev: the interface as a sender sees it; a missing one is exit 2.
rc=0
ip netns exec "$NS_A" "$PKTGEN_ZC" probe --dev "$DEV_A" --json \
	>"$TMP/probe.out" 2>"$TMP/probe.err" || rc=$?
if [ $rc -eq 0 ] && jcheck "$TMP/probe.out" \
	'd["device"]["name"] == "'"$DEV_A"'"' 'd["device"]["mtu"] == '"$MTU" \
	'd["device"]["up"] is True' 'd["device"]["ethernet"] is True' \
	'd["device"]["scatter_gather"] in (True, False)'; then
	pass "probe --dev $DEV_A: name, MTU $MTU, up, scatter-gather $("$PYTHON" -c 'import json,sys; print(json.load(open(sys.argv[1]))["device"]["scatter_gather"])' "$TMP/probe.out")"
else
	fail "probe --dev: exit $rc: $(cat "$TMP/probe.err") $(head -c 300 "$TMP/probe.out")"
fi
rc=0
ip netns exec "$NS_A" "$PKTGEN_ZC" probe --dev nosuch0 >/dev/null \
	2>"$TMP/probe2.err" || rc=$?
if [ $rc -eq 2 ] && grep -q "nosuch0': no such interface" "$TMP/probe2.err"; then
	pass "probe --dev nosuch0: exit 2, $(cat "$TMP/probe2.err")"
else
	fail "probe --dev nosuch0: exit $rc: $(cat "$TMP/probe2.err")"
fi

finish
