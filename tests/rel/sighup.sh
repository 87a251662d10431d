#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# SIGHUP ends a run like SIGINT and SIGTERM: it stops sending, drains,
# prints the summary (stop reason: interrupted) and exits 0, and the
# summary's count is what reached the peer.  Before, the default action
# killed the run (exit 129, no summary).
source "$(dirname "$0")/../netns/lib.sh"
setup
for mode in packet udp; do
	args=(--dev "$DEV_A" --mode "$mode" --dst-ip "$IP4_B" --dst-port "$PORT"
		--src-port 9 --rate 2kpps)
	[ $mode = packet ] && args+=(--dst-mac "$MAC_B")
	cap_start "hup-$mode" 0 "udp dst port $PORT"
	ip netns exec "$NS_A" "$PKTGEN_ZC" "${args[@]}" \
		>"$TMP/hup-$mode.out" 2>"$TMP/hup-$mode.err" &
	pid=$!
	sleep 1
	kill -HUP $pid
	rc=0
	t0=$(date +%s%N)
	wait $pid || rc=$?
	ms=$((($(date +%s%N) - t0) / 1000000))
	cap_stop "hup-$mode" 1
	sent=$(sed -n 's/^sent on [^:]*: \([0-9]*\) frames.*/\1/p' "$TMP/hup-$mode.out")
	got=$(tail -n1 "$TMP/hup-$mode.cap.out" | awk '{print $2}')
	if [ $rc -ne 0 ]; then
		fail "hup-$mode: exit $rc after SIGHUP (0 expected): $(cat "$TMP/hup-$mode.err")"
	elif [ -z "$sent" ] || ! grep -q interrupted "$TMP/hup-$mode.out"; then
		fail "hup-$mode: no summary saying it was interrupted: $(cat "$TMP/hup-$mode.out")"
	elif [ $ms -gt 3000 ]; then
		fail "hup-$mode: took $ms ms to stop after SIGHUP"
	elif [ "$sent" != "$got" ]; then
		fail "hup-$mode: the summary says $sent frames, the peer saw $got"
	else
		pass "hup-$mode: exit 0 within $ms ms, $sent frames sent (interrupted), all at the peer"
	fi
done
finish
