#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Least privilege while sending.  Reads /proc/PID/status of a paced run
# from outside while it sends:
# - root, packet mode (copy): no capability left in any set (CapEff,
#   CapPrm, CapInh, CapAmb, CapBnd all 0) and NoNewPrivs 1;
# - root, udp mode with MSG_ZEROCOPY under a finite RLIMIT_MEMLOCK: only
#   CAP_IPC_LOCK (the kernel charges zerocopy pages in flight to the limit
#   unless the sender has it);
# - nobody running a copy of the binary with the documented file
#   capabilities (setcap cap_net_raw,cap_ipc_lock,cap_net_bind_service,
#   cap_sys_nice=ep): packet mode with --priority and udp mode from port 9
#   work, the peer gets every frame, and nothing is left while sending,
#   though the SCHED_FIFO policy set before the drop stays;
# - demo: its sender keeps CAP_NET_RAW, CAP_NET_BIND_SERVICE and
#   CAP_IPC_LOCK (it opens one sender after another), nothing else.
source "$(dirname "$0")/../netns/lib.sh"
require_cmd setpriv setcap chrt
setup

CAP_NET_BIND_SERVICE=$((1 << 10))
CAP_NET_RAW=$((1 << 13))
CAP_IPC_LOCK=$((1 << 14))

# status_of PID FIELD: the hex value of FIELD in /proc/PID/status.
status_of() { awk -v f="$2:" '$1 == f { print $2 }' "/proc/$1/status"; }

# sample NAME PID: wait (at most 0.5 s of its 2 s) until the run has set
# no_new_privs, then keep its status and scheduling policy.
sample() {
	local name=$1 pid=$2
	for _ in $(seq 25); do
		[ -r "/proc/$pid/status" ] || break
		grep -q '^NoNewPrivs:.*1' "/proc/$pid/status" && break
		sleep 0.02
	done
	sleep 0.3
	cat "/proc/$pid/status" >"$TMP/$name.status" 2>/dev/null || true
	chrt -p "$pid" >"$TMP/$name.chrt" 2>/dev/null || true
}

field() { awk -v f="$2:" '$1 == f { print $2 }' "$TMP/$1.status"; }

# expect_caps NAME EFF: CapEff == CapPrm == EFF, CapInh == CapAmb == 0,
# NoNewPrivs 1 (and CapBnd == EFF when BND is given).
expect_caps() {
	local name=$1 want=$2 bnd=${3:-} f v bad=
	if [ ! -s "$TMP/$name.status" ]; then
		fail "$name: the run ended before its status could be read"
		return
	fi
	for f in CapEff CapPrm; do
		v=$((16#$(field "$name" $f)))
		[ "$v" -eq "$want" ] || bad="$bad $f=$(field "$name" $f)"
	done
	for f in CapInh CapAmb; do
		v=$((16#$(field "$name" $f)))
		[ "$v" -eq 0 ] || bad="$bad $f=$(field "$name" $f)"
	done
	if [ -n "$bnd" ]; then
		v=$((16#$(field "$name" CapBnd)))
		[ "$v" -eq "$bnd" ] || bad="$bad CapBnd=$(field "$name" CapBnd)"
	fi
	[ "$(field "$name" NoNewPrivs)" = 1 ] || bad="$bad NoNewPrivs=$(field "$name" NoNewPrivs)"
	if [ -n "$bad" ]; then
		fail "$name: while sending:$bad (CapEff $(printf %#x "$want") expected)"
	else
		pass "$name: while sending CapEff=CapPrm=$(field "$name" CapEff), CapInh=CapAmb=0${bnd:+, CapBnd=$(field "$name" CapBnd)}, NoNewPrivs 1"
	fi
}

# run_case NAME N WRAP... -- PKTGEN-ZC ARGS: a run of N frames at 500 pps
# (about N/500 s), sampled while it sends; the peer must get all N.
run_case() {
	local name=$1 n=$2 rc=0 pid got
	shift 2
	local wrap=()
	while [ "$1" != -- ]; do
		wrap+=("$1")
		shift
	done
	shift
	cap_start "$name" "$n" "udp dst port $PORT"
	ip netns exec "$NS_A" "${wrap[@]}" "$@" --count "$n" --rate 500 \
		--dst-port "$PORT" --quiet >"$TMP/$name.out" 2>"$TMP/$name.err" &
	pid=$!
	sample "$name" $pid
	wait $pid || rc=$?
	cap_stop "$name" 2
	got=$(tail -n1 "$TMP/$name.cap.out" | awk '{print $2}')
	if [ $rc -ne 0 ]; then
		fail "$name: exit $rc: $(cat "$TMP/$name.err")"
	elif [ "$got" != "$n" ]; then
		fail "$name: the peer got $got of $n frames"
	else
		pass "$name: exit 0, the peer got all $n frames"
	fi
}

pkt=(--dev "$DEV_A" --mode packet --dst-mac "$MAC_B" --dst-ip "$IP4_B")
udp=(--dev "$DEV_A" --mode udp --dst-ip "$IP4_B" --src-port 9)

## Root, copy.
run_case root-packet 1000 env -- "$PKTGEN_ZC" "${pkt[@]}" --zerocopy off
expect_caps root-packet 0 0
## Root, udp with zerocopy under a finite memlock limit (lowering it is
## always allowed).
ulimit -l 8192 2>/dev/null || true
## Where the kernel lacks UDP zerocopy (the probe) there is nothing to keep.
if probe_zc udp; then
	run_case root-udp-zc 1000 env -- "$PKTGEN_ZC" "${udp[@]}" --zerocopy on
	expect_caps root-udp-zc $CAP_IPC_LOCK $CAP_IPC_LOCK
else
	log "LOUD: no SO_ZEROCOPY on UDP sockets here (probe --json): root-udp-zc not run"
fi

## nobody with file capabilities on a copy of the binary.
install -d -m 0755 "$TMP/bin"
chmod 0711 "$TMP"
install -m 0755 "$PKTGEN_ZC" "$TMP/bin/pktgen-zc"
setcap cap_net_raw,cap_ipc_lock,cap_net_bind_service,cap_sys_nice=ep \
	"$TMP/bin/pktgen-zc" || skip "setcap on $TMP/bin failed (file system without xattrs?)"
NOBODY=(setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all)
run_case nobody-packet 1000 "${NOBODY[@]}" -- "$TMP/bin/pktgen-zc" \
	"${pkt[@]}" --priority 10
expect_caps nobody-packet 0
if grep -q 'SCHED_FIFO' "$TMP/nobody-packet.chrt"; then
	pass "nobody-packet: --priority 10 took effect (SCHED_FIFO) before the drop"
else
	fail "nobody-packet: not SCHED_FIFO while sending: $(cat "$TMP/nobody-packet.chrt")"
fi
run_case nobody-udp 1000 "${NOBODY[@]}" -- "$TMP/bin/pktgen-zc" "${udp[@]}"
expect_caps nobody-udp "$(( $(grep -c 'zerocopy: not in effect' "$TMP/nobody-udp.out") ? 0 : CAP_IPC_LOCK ))"
## Without the file capabilities nobody cannot open a packet socket: the
## capabilities above are what made it work.
rc=0
ip netns exec "$NS_A" "${NOBODY[@]}" "$PKTGEN_ZC" "${pkt[@]}" --count 5 \
	>/dev/null 2>"$TMP/nocaps.err" || rc=$?
if [ $rc -eq 1 ] && grep -q CAP_NET_RAW "$TMP/nocaps.err"; then
	pass "nocaps: without them nobody is refused: $(head -n1 "$TMP/nocaps.err")"
else
	fail "nocaps: nobody without capabilities: exit $rc: $(cat "$TMP/nocaps.err")"
fi

## demo (its own namespaces; the main thread's status is the sender's).
ip netns exec "$NS_A" "$PKTGEN_ZC" demo >"$TMP/demo.out" 2>"$TMP/demo.err" &
pid=$!
sample demo $pid
rc=0
wait $pid || rc=$?
[ $rc -eq 0 ] || fail "demo: exit $rc: $(tail -n 12 "$TMP/demo.out") $(cat "$TMP/demo.err")"
expect_caps demo $((CAP_NET_RAW | CAP_NET_BIND_SERVICE | CAP_IPC_LOCK)) \
	$((CAP_NET_RAW | CAP_NET_BIND_SERVICE | CAP_IPC_LOCK))
finish
