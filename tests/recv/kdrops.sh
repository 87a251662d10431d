#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# recv's own drops: a ring of 256 KiB (two blocks), the reader stopped
# (SIGSTOP) while 3000 frames of 1000 bytes (3 MB) arrive, then let go.
# The kernel drops what the ring cannot hold and counts it
# (PACKET_STATISTICS tp_drops); recv must report those drops as its own,
# apart from losses on the path (none here): lost = kernel drops, and
# received + kernel drops = sent.
source "$(dirname "$0")/lib.sh"
setup
N=3000
recv_start stalled --dst-port "$PORT" --count "$N" --idle 2 --ring-size 256k
kill -STOP "$RECV_PID"
pzc_a --dev "$DEV_A" --mode udp --dst-ip "$IP4_B" --dst-port "$PORT" \
	--count "$N" --size 1000 --rate 20kpps --quiet >/dev/null ||
	fail "the sender failed"
kill -CONT "$RECV_PID"
recv_wait stalled
drops=$(jget stalled 'e["kernel"]["drops"]')
log "recv's socket dropped $drops of $N"
if [ "$drops" -gt 0 ]; then
	pass "stalled: kernel drops reported ($drops)"
else
	fail "stalled: no kernel drops reported with a stopped reader and a 256 KiB ring"
fi
expect stalled "ring geometry" '(d["start"]["ring"]["blocks"], d["start"]["ring"]["block_size"])' "(2, 131072)"
expect stalled "lost (all of them the socket's drops)" 'e["lost"]' "$drops"
expect stalled "received + kernel drops" 'e["unique"] + e["kernel"]["drops"]' "$N"
expect stalled "lost on the path" 'e["lost_on_path_at_least"]' 0
# The text summary names them too.
ip netns exec "$NS_B" "$PKTGEN_ZC" recv --dev "$DEV_B" --duration 0.3 -q \
	>"$TMP/text.out" 2>&1 || fail "recv (text) exited $?"
grep -q 'kernel: 0 drops at this socket' "$TMP/text.out" &&
	pass "text summary names the socket's drops" ||
	fail "text summary lacks the kernel line: $(cat "$TMP/text.out")"
finish
