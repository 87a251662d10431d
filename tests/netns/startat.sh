#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# --start-at: two senders in two namespaces (one on each end of the veth
# pair), started at different moments with the same --start-at, begin
# sending within 20 ms of it and of each other; the JSON records the
# host and the start time.  A signal while waiting ends the run at once,
# exit 0, nothing sent.
source "$(dirname "$0")/lib.sh"
setup
TOL_MS=20

at=$("$PYTHON" -c 'import time; print(f"{time.time() + 2.0:.3f}")')
pzc_a --dev "$DEV_A" --dst-ip "$IP4_B" --dst-port "$PORT" --count 2000 \
	--rate 100kpps --start-at "$at" --json >"$TMP/a.json" 2>"$TMP/a.err" &
pa=$!
sleep 0.5
ip netns exec "$NS_B" "$PKTGEN_ZC" --dev "$DEV_B" --dst-ip "$IP4_A" \
	--dst-port "$PORT" --count 2000 --rate 100kpps --start-at "$at" --json \
	>"$TMP/b.json" 2>"$TMP/b.err" &
pb=$!
ra=0 rb=0
wait $pa || ra=$?
wait $pb || rb=$?
[ "$ra" = 0 ] && [ "$rb" = 0 ] || fail "exit $ra and $rb: $(cat "$TMP/a.err" "$TMP/b.err")"
grep -q 'waiting until .*--start-at' "$TMP/a.err" &&
	pass "the sender says it waits, and until when: $(head -n1 "$TMP/a.err")" ||
	fail "no 'waiting until' line: $(cat "$TMP/a.err")"
if out=$("$PYTHON" - "$TMP/a.json" "$TMP/b.json" "$at" $TOL_MS <<'PY'
import json, socket, sys
a, b = (json.load(open(p)) for p in sys.argv[1:3])
at, tol = float(sys.argv[3]), float(sys.argv[4]) / 1000
ta, tb = a["start"]["timestamp"], b["start"]["timestamp"]
print(f"A began {1000 * (ta - at):+.3f} ms, B {1000 * (tb - at):+.3f} ms "
      f"after --start-at")
ok = (a["start"]["start_at"] == at and b["start"]["start_at"] == at and
      0 <= ta - at < tol and 0 <= tb - at < tol and abs(ta - tb) < tol and
      a["start"]["host"] == socket.gethostname() and
      a["end"]["frames"] == 2000 and b["end"]["frames"] == 2000)
sys.exit(0 if ok else 1)
PY
); then
	pass "both began within $TOL_MS ms of --start-at: $out"
else
	fail "the starts are off or the JSON lacks host/start_at: $out"
fi

# Interrupted while waiting: nothing sent, exit 0.
at=$("$PYTHON" -c 'import time; print(f"{time.time() + 30:.3f}")')
pzc_a --dev "$DEV_A" --dst-ip "$IP4_B" --count 10 --start-at "$at" --json \
	>"$TMP/int.json" 2>"$TMP/int.err" &
pa=$!
sleep 0.5
# The pid of pktgen-zc itself, not of the shell that runs it.
pkill -INT -f -- "--start-at $at" || fail "no sender waiting for $at"
rc=0
wait $pa || rc=$?
if [ "$rc" = 0 ] && "$PYTHON" -c 'import json,sys; e=json.load(open(sys.argv[1]))["end"]; sys.exit(0 if e["frames"] == 0 and e["stop_reason"] == "interrupted" else 1)' "$TMP/int.json"; then
	pass "SIGINT while waiting: exit 0, interrupted, nothing sent"
else
	fail "SIGINT while waiting: exit $rc: $(cat "$TMP/int.err" "$TMP/int.json" | tail -c 300)"
fi
finish
