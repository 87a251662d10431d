#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# zc-tests.sh CASE - the zerocopy engine's namespace tests.
#
# Each case builds its own private network namespaces (names carry this
# shell's pid, so nothing is shared with other runs), runs pktgen-zc in
# them under `timeout`, judges the JSON summary with jq and, where frames
# reach a receiver, every datagram with udprecv (tests/zc/udprecv.c), and
# removes the namespaces on exit.  Exit 0 pass, 1 fail, 77 skip (not root,
# or a tool missing: said loudly).
#
# Topology: namespace A (sender) --veth va/vb-- namespace B (receiver,
# 198.18.0.2, udprecv on port 9000); in A also ifb0 (198.18.1.1/24), an
# ifb device that frees every frame it is given: the discard sink where
# zerocopy completes without a copy.
#
# PKTGEN_ZC and PZC_UDPRECV (environment, set by meson): the tool and the
# receiver.  Verdicts, namespaces and clean-up: tests/lib/common.sh.
#
# ZC_SENDER_EXTRA (environment, for checking that the tests can fail):
# extra arguments appended to every pktgen-zc send.
set -u
source "$(dirname "$0")/../lib/common.sh"

CASE=${1:-}
TEST_NAME=${CASE:-zc-tests}
PZC=${PKTGEN_ZC:-}
RECV=${PZC_UDPRECV:-}
SENDER_CPU=
RPS_MASK=

require_root "network namespaces, CAP_NET_ADMIN/RAW"
require_cmd ip tc jq timeout setpriv prlimit
require_exe PKTGEN_ZC PZC_UDPRECV
tmpdir

# --- namespaces --------------------------------------------------------------

setup_ns() {
	DEV_A=va
	DEV_B=vb
	ns_pair
	NA=$NS_A
	NB=$NS_B
	ns_addr "$NA" va 198.18.0.1/24
	ns_addr "$NB" vb 198.18.0.2/24
	# Static neighbours: frames queued on ARP resolution are flushed
	# from the softirq while new ones already go out directly, which
	# reorders the first datagrams of a run (seen with RPS).
	ip -n "$NA" neigh replace 198.18.0.2 dev va nud permanent lladdr "$MAC_B"
	ip -n "$NB" neigh replace 198.18.0.1 dev vb nud permanent lladdr "$MAC_A"
	if ! ip -n "$NA" link add ifb0 type ifb 2>/dev/null; then
		skip "cannot create an ifb device (CONFIG_IFB?)"
	fi
	ip -n "$NA" addr add 198.18.1.1/24 dev ifb0
	ip -n "$NA" link set ifb0 up
}

# The CPUs this process may use, one per line.
allowed_cpus() {
	local list r a b
	list=$(awk '/^Cpus_allowed_list/ { print $2 }' /proc/self/status)
	for r in ${list//,/ }; do
		a=${r%-*}
		b=${r#*-}
		seq "$a" "$b"
	done
}

# Steer the receiver's packet processing (RPS) to a CPU other than the
# sender's.  Then the kernel copies a zerocopy frame out of the sender's
# slot on another CPU, after sendmsg() has returned, so a slot written
# before its completion arrives really is caught in the act.  Without RPS
# veth delivers inside the sender's own sendmsg() (the softirq runs when
# the transmit path re-enables bottom halves) and the copy is made before
# the call returns.  Returns 1 with one CPU.
setup_rps() {
	local cpus
	mapfile -t cpus < <(allowed_cpus)
	[ "${#cpus[@]}" -ge 2 ] || return 1
	SENDER_CPU=${cpus[0]}
	RPS_MASK=$(printf '%x' $((1 << ${cpus[1]})))
	ip netns exec "$NB" sh -c \
		"echo $RPS_MASK > /sys/class/net/vb/queues/rx-0/rps_cpus" ||
		return 1
	return 0
}

# --- sender and receiver -----------------------------------------------------

# send NS OUTNAME SECONDS ARGS...: pktgen-zc in NS with a timeout (SIGINT
# first, so a hung run still reports); stdout to $TMP/OUTNAME.out, stderr to
# $TMP/OUTNAME.err; sets RC, and ELAPSED in seconds.
send() {
	local ns=$1 name=$2 limit=$3 t0 t1
	shift 3
	t0=$(date +%s.%N)
	timeout -s INT -k 5 "$limit" ip netns exec "$ns" "$PZC" "$@" \
		${ZC_SENDER_EXTRA:-} >"$TMP/$name.out" 2>"$TMP/$name.err"
	RC=$?
	t1=$(date +%s.%N)
	ELAPSED=$(awk "BEGIN { printf \"%.2f\", $t1 - $t0 }")
	echo "  [pktgen-zc $*: exit $RC in $ELAPSED s]"
	if [ "$RC" -ge 124 ]; then
		echo "  stderr: $(head -c 600 "$TMP/$name.err")"
	fi
}

# start_recv NAME COUNT SIZE: udprecv in $NB, waits until it is bound.
start_recv() {
	local name=$1 count=$2 size=$3
	rm -f "$TMP/$name.ready"
	timeout -k 5 60 ip netns exec "$NB" "$RECV" --port 9000 \
		--count "$count" --size "$size" --idle-ms 1500 --max-ms 45000 \
		--ready "$TMP/$name.ready" >"$TMP/$name.recv" 2>&1 &
	RECV_PID=$!
	for _ in $(seq 100); do
		[ -e "$TMP/$name.ready" ] && return 0
		sleep 0.05
	done
	fail "udprecv did not start: $(cat "$TMP/$name.recv")"
	return 1
}

# wait_recv NAME: sets RRC (udprecv's exit status), shows its verdict.
wait_recv() {
	wait "$RECV_PID"
	RRC=$?
	sed 's/^/  /' "$TMP/$1.recv"
}

# jq_is NAME EXPR WHAT: assert that EXPR is true of $TMP/NAME.out.
jq_is() {
	local v
	if ! v=$(jq -e "$2" "$TMP/$1.out" 2>&1); then
		fail "$3 [jq '$2' -> ${v:-no JSON}]"
		return 1
	fi
	pass "$3"
}

# jq_val NAME EXPR: print one value of $TMP/NAME.out.
jq_val() { jq -r "$2" "$TMP/$1.out" 2>/dev/null; }

# The end.zerocopy block, one line.
show_zc() {
	echo "  end: $(jq -c '.end | {frames, sends, send_errors,
		stop_reason, error, zc: .zerocopy}' "$TMP/$1.out" 2>/dev/null ||
		echo "(no JSON) $(head -c 300 "$TMP/$1.out")")"
}

# Every id accounted for and nothing bogus: the balance the tool claims
# is re-derived from the counters, not taken on trust.
check_balanced() {
	local n=$1
	jq_is "$n" '.end.zerocopy.balanced == true and
		.end.zerocopy.sends == .end.zerocopy.ids_completed and
		.end.zerocopy.bogus_ids == 0' \
		"$n: every send id completed exactly once (balanced)"
}

# --- 1. udp zerocopy over veth --------------------------------------------------

udp_veth_run() {
	local name=$1 sends=$2 dgrams=$3 size=$4
	shift 4
	log "== $name: $* (expect $dgrams datagrams of $size bytes)"
	start_recv "$name" "$dgrams" "$size" || return
	send "$NA" "$name" 60 --dev va --mode udp --path zerocopy --dst-ip 198.18.0.2 \
		--dst-port 9000 --zerocopy on --json --quiet \
		${SENDER_CPU:+--cpu $SENDER_CPU} "$@"
	wait_recv "$name"
	show_zc "$name"
	[ "$RC" = 0 ] && pass "$name: pktgen-zc exit 0" ||
		fail "$name: pktgen-zc exit $RC: $(head -c 400 "$TMP/$name.err")"
	[ "$RRC" = 0 ] && pass "$name: receiver: all $dgrams datagrams intact, in order" ||
		fail "$name: receiver exit $RRC (1 content, 3 sequence/count)"
	jq_is "$name" ".end.stop_reason == \"count reached\" and
		.end.send_errors == 0 and .end.sends == $sends and
		.end.frames == $dgrams" "$name: $sends sends, $dgrams frames"
	jq_is "$name" '.end.zerocopy.in_effect == true and
		.end.zerocopy.requested == "on"' "$name: zerocopy in effect"
	jq_is "$name" ".end.zerocopy.sends == $sends" \
		"$name: one send id per send"
	check_balanced "$name"
	jq_is "$name" '.end.zerocopy.ids_copied == .end.zerocopy.sends' \
		"$name: over veth every completion is COPIED"
	jq_is "$name" '.end.zerocopy.notifications > 0 and
		.end.zerocopy.notifications <= .end.zerocopy.ids_completed' \
		"$name: notifications counted"
}

case_udp_veth() {
	setup_ns
	if setup_rps; then
		echo "RPS: sender on CPU $SENDER_CPU, receive processing on mask $RPS_MASK"
	else
		echo "NOTE: one CPU only: no RPS, the kernel copies inside sendmsg()"
	fi
	# Default 4M pool: every run reuses its slots many times over.
	udp_veth_run plain 20000 20000 1400 --payload-size 1400 --count 20000
	udp_veth_run gso14k 2000 20000 1400 --gso 1400 --payload-size 14000 \
		--count 2000
	udp_veth_run gso64k 500 22000 1472 --gso 1472 --payload-size 64768 \
		--count 500
	jq_is gso64k '.end.zerocopy.peak_in_flight == .start.pool.slots or
		.end.zerocopy.peak_in_flight > 1' \
		"gso64k: several sends in flight at once"
}

# --- 2. ifb sink: real zerocopy -----------------------------------------------

case_ifb_sink() {
	setup_ns
	log "== ifb: udp zerocopy to a device that frees every frame"
	send "$NA" ifb 30 --dev ifb0 --mode udp --path zerocopy --dst-ip 198.18.1.2 \
		--payload-size 1400 --duration 1 --zerocopy on --json --quiet
	show_zc ifb
	[ "$RC" = 0 ] && pass "ifb: exit 0" || fail "ifb: exit $RC: $(cat "$TMP/ifb.err")"
	jq_is ifb '.end.stop_reason == "duration reached" and
		.end.sends > 1000 and .end.send_errors == 0' \
		"ifb: ran for the duration, over 1000 sends"
	jq_is ifb '.end.zerocopy.in_effect == true' "ifb: zerocopy in effect"
	check_balanced ifb
	jq_is ifb '.end.zerocopy.sends == .end.sends' "ifb: one id per send"
	jq_is ifb '.end.zerocopy.ids_copied == 0' \
		"ifb: no completion COPIED: the frames left from the pinned pool"
	jq_is ifb '.end.zerocopy.notifications > 0 and
		.end.zerocopy.coalescing > 1' \
		"ifb: notifications coalesce ranges of ids"
	jq_is ifb '(.end.zerocopy.ids_completed / .end.zerocopy.notifications
		- .end.zerocopy.coalescing | fabs) < 0.01' \
		"ifb: coalescing == ids_completed / notifications"
}

# --- 3. packet, packet-dgram, raw on the stock kernel ----------------------------

case_copy_modes() {
	local m n want
	setup_ns
	probe_log
	for m in packet packet-dgram raw; do
		n=${m/-/_}
		# auto: the TX ring in packet modes (where the kernel has
		# one, the probe says); raw 1400-byte sends are
		# below the zerocopy crossover, so auto copies without asking.
		want=ring
		probe_ring || want=copy
		[ "$m" = raw ] && want=copy
		log "== $m, defaults: the $want path, frames delivered intact"
		start_recv "$n" 2000 1400 || continue
		send "$NA" "$n" 30 --dev va --mode "$m" --dst-ip 198.18.0.2 \
			--dst-port 9000 --payload-size 1400 --count 2000
		wait_recv "$n"
		[ "$RC" = 0 ] && pass "$m auto: exit 0" || fail "$m auto: exit $RC: $(cat "$TMP/$n.err")"
		[ "$RRC" = 0 ] && pass "$m auto: 2000 datagrams intact, in order" ||
			fail "$m auto: receiver exit $RRC"
		grep -q "^  path $want," "$TMP/$n.out" &&
			pass "$m auto: the summary names the $want path" ||
			fail "$m auto: the summary should name the $want path: $(cat "$TMP/$n.out")"
		grep -q 'zerocopy unavailable' "$TMP/$n.err" &&
			fail "$m auto: nothing asked for zerocopy, yet stderr says: $(cat "$TMP/$n.err")"

		log "== $m, auto --json"
		send "$NA" "${n}_json" 30 --dev va --mode "$m" --dst-ip 198.18.0.2 \
			--dst-port 9000 --payload-size 1400 --count 500 --json
		[ "$RC" = 0 ] && pass "$m auto json: exit 0" || fail "$m auto json: exit $RC"
		jq_is "${n}_json" ".start.path.name == \"$want\" and
			(.start.path.reason | length > 0) and
			.end.path == \"$want\" and
			.end.zerocopy.requested == \"auto\" and
			.end.zerocopy.in_effect == false" \
			"$m auto json: path $want with a reason, zerocopy not in effect"
		jq_is "${n}_json" '.end.zerocopy.sends == 0 and
			.end.zerocopy.ids_completed == 0 and .end.frames == 500 and
			.end.sends == 500 and .end.zerocopy.balanced == true' \
			"$m auto json: 500 frames, no send ids"

		if probe_zc "$m"; then
			# The kernel/ series: packet and raw sockets take
			# SO_ZEROCOPY; over veth every id comes back COPIED.
			log "== $m, --zerocopy on: the kernel has it (probe): zerocopy"
			start_recv "${n}_on" 200 1400 || continue
			send "$NA" "${n}_on" 30 --dev va --mode "$m" --dst-ip 198.18.0.2 \
				--dst-port 9000 --payload-size 1400 --count 200 \
				--zerocopy on --json
			wait_recv "${n}_on"
			[ "$RC" = 0 ] && [ "$RRC" = 0 ] &&
				pass "$m on: exit 0, 200 datagrams intact" ||
				fail "$m on: exit $RC, receiver exit $RRC: $(cat "$TMP/${n}_on.err")"
			jq_is "${n}_on" '.start.path.name == "zerocopy" and
				.end.zerocopy.in_effect == true' \
				"$m on: the zerocopy path, zerocopy in effect"
			check_balanced "${n}_on"
			continue
		fi
		log "== $m, --zerocopy on: refused (probe: no SO_ZEROCOPY on $m sockets)"
		send "$NA" "${n}_on" 30 --dev va --mode "$m" --dst-ip 198.18.0.2 \
			--dst-port 9000 --payload-size 1400 --count 10 --zerocopy on
		[ "$RC" = 1 ] && pass "$m on: exit 1" || fail "$m on: exit $RC, expected 1"
		if grep -q "kernel/" "$TMP/${n}_on.err" &&
		   grep -q "SO_ZEROCOPY refused" "$TMP/${n}_on.err"; then
			pass "$m on: $(cat "$TMP/${n}_on.err")"
		else
			fail "$m on: message should explain SO_ZEROCOPY and point at kernel/: [$(cat "$TMP/${n}_on.err")]"
		fi
		[ -s "$TMP/${n}_on.out" ] && fail "$m on: something was reported as sent: $(cat "$TMP/${n}_on.out")"
	done

	# Sends over the crossover: auto asks for zerocopy.  Where the
	# kernel has it on raw sockets (the kernel/ series; the probe says)
	# the run takes the zerocopy path; on a stock kernel it is refused
	# and the run copies, saying so once on stderr (also with --json)
	# and in the summary.
	ip -n "$NA" link set va mtu 9000
	ip -n "$NB" link set vb mtu 9000
	if probe_zc raw; then
		log "== raw, 8400-byte sends, auto: zerocopy (the kernel has it)"
		start_recv raw_big 200 8400 || return
		send "$NA" raw_big 30 --dev va --mode raw --dst-ip 198.18.0.2 \
			--dst-port 9000 --payload-size 8400 --count 200 --json
		wait_recv raw_big
		[ "$RC" = 0 ] && [ "$RRC" = 0 ] && pass "raw big: 200 datagrams intact" ||
			fail "raw big: exit $RC, receiver exit $RRC: $(cat "$TMP/raw_big.err")"
		jq_is raw_big '.start.path.name == "zerocopy" and
			.end.zerocopy.in_effect == true' \
			"raw big: auto took the zerocopy path, in effect"
		grep -q 'zerocopy unavailable' "$TMP/raw_big.err" &&
			fail "raw big: the kernel has zerocopy, yet stderr says: $(cat "$TMP/raw_big.err")"
		check_balanced raw_big
		return
	fi
	log "== raw, 8400-byte sends, auto: zerocopy asked for and refused"
	start_recv raw_big 200 8400 || return
	send "$NA" raw_big 30 --dev va --mode raw --dst-ip 198.18.0.2 \
		--dst-port 9000 --payload-size 8400 --count 200
	wait_recv raw_big
	[ "$RC" = 0 ] && [ "$RRC" = 0 ] && pass "raw big: 200 datagrams intact" ||
		fail "raw big: exit $RC, receiver exit $RRC: $(cat "$TMP/raw_big.err")"
	if [ "$(grep -c 'zerocopy unavailable' "$TMP/raw_big.err")" = 1 ] &&
	   grep -q "zerocopy unavailable for raw sockets.*sending by copy.*kernel/" "$TMP/raw_big.err"; then
		pass "raw big: stderr says once that it copies, and why"
	else
		fail "raw big: stderr should say exactly once that raw sends by copy (kernel/ series): [$(cat "$TMP/raw_big.err")]"
	fi
	grep -q 'zerocopy: not in effect (zerocopy unavailable' "$TMP/raw_big.out" &&
		pass "raw big: the summary says zerocopy was not in effect" ||
		fail "raw big: summary lacks 'not in effect': $(cat "$TMP/raw_big.out")"
	send "$NA" raw_big_json 30 --dev va --mode raw --dst-ip 198.18.0.2 \
		--dst-port 9000 --payload-size 8400 --count 100 --json
	jq_is raw_big_json '.start.path.name == "copy" and
		.end.zerocopy.in_effect == false and
		(.end.zerocopy.note | test("sending by copy")) and
		(.end.zerocopy.note | test("kernel/"))' \
		"raw big json: copy, the note says why and names kernel/"
	[ "$(grep -c 'zerocopy unavailable' "$TMP/raw_big_json.err")" = 1 ] &&
		pass "raw big json: stderr says once that it copies" ||
		fail "raw big json: stderr should still say once that it copies; stderr was [$(cat "$TMP/raw_big_json.err")]"
}

# --- 4. the deliberately broken variant is caught ---------------------------------

break_pair() {
	local tag=$1 pool=$2 sends=$3 broken_must_fail=$4 n
	shift 4
	for variant in normal broken; do
		n=${tag}_$variant
		log "== $n: --gso 1400 --payload-size 14000 --count $sends --pool-size $pool"
		start_recv "$n" $((sends * 10)) 1400 || return
		if [ $variant = broken ]; then
			PKTGEN_ZC_TEST_BREAK=reuse send "$NA" "$n" 60 --dev va \
				--mode udp --path zerocopy --dst-ip 198.18.0.2 --dst-port 9000 \
				--gso 1400 --payload-size 14000 --count "$sends" \
				--pool-size "$pool" --zerocopy on --json --quiet \
				"$@" --test-break-reuse
		else
			send "$NA" "$n" 60 --dev va --mode udp --path zerocopy --dst-ip 198.18.0.2 \
				--dst-port 9000 --gso 1400 --payload-size 14000 \
				--count "$sends" --pool-size "$pool" --zerocopy on \
				--json --quiet "$@"
		fi
		wait_recv "$n"
		show_zc "$n"
		[ "$RC" = 0 ] || fail "$n: pktgen-zc exit $RC: $(head -c 300 "$TMP/$n.err")"
		check_balanced "$n"
		if [ $variant = normal ]; then
			[ "$RRC" = 0 ] && pass "$n: the receiver's checks pass" ||
				fail "$n: the correct engine failed the receiver's checks (exit $RRC)"
		elif [ "$broken_must_fail" = yes ]; then
			if [ "$RRC" = 1 ] && [ "$(sed -n 's/.*content_errors=\([0-9]*\).*/\1/p' "$TMP/$n.recv")" -gt 0 ]; then
				pass "$n: the broken engine is CAUGHT by the content check"
			else
				fail "$n: the broken engine (slot written while in flight) went UNDETECTED (receiver exit $RRC)"
			fi
		fi
	done
}

case_break_reuse() {
	local slots
	setup_ns
	if setup_rps; then
		echo "RPS: sender on CPU $SENDER_CPU, receive processing on mask $RPS_MASK"
		# (a) The race alone: a 64M pool holds ~4700 slots of 14 KB,
		# more than the 2000 sends, so no slot is ever used twice.
		# The receiving CPU copies the frame out of the slot after
		# sendmsg() returned; the broken engine has already scribbled
		# over the second half: datagrams 6-10 of each send arrive
		# as 0xa5.  The correct engine does not touch the slot.
		break_pair race 64M 2000 yes --cpu "$SENDER_CPU"
		slots=$(jq_val race_normal '.start.pool.slots')
		[ "${slots:-0}" -gt 2000 ] && pass "race: $slots slots > 2000 sends: no slot reused" ||
			fail "race: the pool ($slots slots) should exceed the 2000 sends"
	else
		echo "NOTE: LOUD: only one CPU: the race part (a) cannot run here;"
		echo "NOTE: veth copies inside sendmsg(), so only (b) detects the break"
	fi
	# (b) Reuse: a 1M pool (74 slots) recycled 27 times.  With RPS the
	# kernel reads each slot on another CPU, so the correct engine's
	# wait-for-completion rule is what keeps every datagram intact; the
	# broken one is caught (the race, and slots it spoiled and reuses).
	break_pair reuse 1M 2000 yes ${SENDER_CPU:+--cpu $SENDER_CPU}
	jq_is reuse_normal '.end.zerocopy.peak_in_flight > 1' \
		"reuse: several slots in flight at once"
}

# The ring's rule is the same: a frame is rewritten only after the kernel
# hands it back (its status AVAILABLE again).  The broken variant writes
# the frame right after offering it; with receive processing on another
# CPU the peer reads the frame's pages after that, and the receiver sees
# spoiled or missing datagrams.  A ring of 1M (512 frames) recycled 8
# times, so the correct engine also shows that waiting for the status is
# enough.
case_break_ring() {
	local n variant
	setup_ns
	setup_rps || echo "NOTE: LOUD: only one CPU: the peer reads inside the sender's send(); the break may go unseen"
	for variant in normal broken; do
		n=ring_$variant
		log "== $n: --path ring --payload-size 1400 --count 4000 --pool-size 1M"
		start_recv "$n" 4000 1400 || return
		if [ $variant = broken ]; then
			PKTGEN_ZC_TEST_BREAK=reuse send "$NA" "$n" 60 --dev va \
				--mode packet --path ring --dst-ip 198.18.0.2 \
				--dst-port 9000 --payload-size 1400 --count 4000 \
				--pool-size 1M --rate 50kpps --json --quiet \
				${SENDER_CPU:+--cpu $SENDER_CPU} --test-break-reuse
		else
			send "$NA" "$n" 60 --dev va --mode packet --path ring \
				--dst-ip 198.18.0.2 --dst-port 9000 \
				--payload-size 1400 --count 4000 --pool-size 1M \
				--rate 50kpps --json --quiet ${SENDER_CPU:+--cpu $SENDER_CPU}
		fi
		wait_recv "$n"
		[ "$RC" = 0 ] || fail "$n: pktgen-zc exit $RC: $(head -c 300 "$TMP/$n.err")"
		jq_is "$n" '.start.path.name == "ring" and .end.sends == 4000 and
			.end.ring_frames_abandoned == 0' "$n: 4000 frames on the ring"
		if [ $variant = normal ]; then
			[ "$RRC" = 0 ] && pass "$n: the receiver's checks pass" ||
				fail "$n: the correct ring engine failed the receiver's checks (exit $RRC)"
			jq_is "$n" '.start.pool.slots < 4000' \
				"$n: fewer ring frames than sends: frames were reused"
		elif [ "$RRC" != 0 ]; then
			pass "$n: the broken ring engine is CAUGHT: $(tail -n1 "$TMP/$n.recv")"
		else
			fail "$n: the broken ring engine (frame written while the kernel holds it) went UNDETECTED"
		fi
	done
}

# --- 5. faults ------------------------------------------------------------------

NOLOCK="setpriv --inh-caps=-ipc_lock --bounding-set=-ipc_lock"
# MSG_ZEROCOPY's pinned-page charge goes to the *user's* locked_vm, which
# every root process without CAP_IPC_LOCK shares (and frames still held
# by a namespace being torn down keep theirs for a while).  A uid of our
# own makes the limit ours alone; it keeps only what udp mode needs:
# SO_BINDTODEVICE (net_raw), SO_SNDBUFFORCE (net_admin), source port 9
# (net_bind_service).  The limits are set before, as root.
ZC_UID=$((3000000 + $$ % 1000000))
NOLOCK_UID="setpriv --reuid=$ZC_UID --regid=$ZC_UID --clear-groups
	--inh-caps=-all,+net_raw,+net_admin,+net_bind_service
	--ambient-caps=+net_raw,+net_admin,+net_bind_service
	--bounding-set=-ipc_lock"

case_fault_memlock() {
	local lim hard need
	setup_ns
	# The process must really lack CAP_IPC_LOCK (bit 14), or the limits
	# below would not bind.
	local capeff
	capeff=$(ip netns exec "$NA" $NOLOCK awk '/^CapEff/ { print $2 }' /proc/self/status)
	if [ -n "$capeff" ] && (( (0x$capeff & 0x4000) == 0 )); then
		pass "setpriv drops CAP_IPC_LOCK"
	else
		fail "setpriv did not drop CAP_IPC_LOCK"
		return
	fi

	log "== memlock 64 KiB (soft = hard), --pool-size 16M: refused with advice"
	RC=0
	timeout -k 5 20 ip netns exec "$NA" $NOLOCK bash -c \
		'ulimit -l 64 && exec "$@"' - "$PZC" --dev ifb0 --mode udp --path zerocopy \
		--dst-ip 198.18.1.2 --payload-size 1400 --count 100 \
		--pool-size 16M >"$TMP/pool.out" 2>"$TMP/pool.err" || RC=$?
	echo "  [exit $RC] $(cat "$TMP/pool.err")"
	[ "$RC" = 1 ] && pass "pool: exit 1" || fail "pool: exit $RC, expected 1"
	need=$(sed -n 's/.*lock the \([0-9]*\) KiB buffer pool.*/\1/p' "$TMP/pool.err")
	lim=$(sed -n 's/.*ulimit -l \([0-9]*\).*/\1/p' "$TMP/pool.err")
	if [ -n "$need" ] && [ "$need" -ge 16000 ] && [ -n "$lim" ] &&
	   [ "$lim" -ge "$need" ] && grep -q 'RLIMIT_MEMLOCK is 64 KiB' "$TMP/pool.err" &&
	   grep -q 'CAP_IPC_LOCK' "$TMP/pool.err"; then
		pass "pool: says it needs $need KiB, the limit is 64 KiB, and how to grant it (ulimit -l $lim, CAP_IPC_LOCK)"
	else
		fail "pool: the message should give the KiB needed, the limit and the ways to raise it"
	fi

	log "== memlock soft 64 KiB under a higher hard limit: the tool raises the soft limit itself"
	hard=$(ulimit -H -l)
	if [ "$hard" = unlimited ] || [ "$hard" -ge 8192 ]; then
		[ "$hard" = unlimited ] || hard=$((hard * 1024))
		timeout -k 5 20 ip netns exec "$NA" $NOLOCK prlimit \
			--memlock=65536:"$hard" "$PZC" --dev ifb0 --mode udp --path zerocopy \
			--dst-ip 198.18.1.2 --payload-size 1400 --count 1000 \
			--pool-size 4M --json --quiet >"$TMP/soft.out" 2>"$TMP/soft.err"
		RC=$?
		[ "$RC" = 0 ] && pass "soft: exit 0 with a 4M pool" ||
			fail "soft: exit $RC: $(cat "$TMP/soft.err")"
		check_balanced soft
	else
		echo "  (hard RLIMIT_MEMLOCK $hard KiB < 8 MiB here: soft-raise check not run)"
	fi

	# MSG_ZEROCOPY charges the pages of every send in flight to the
	# user's locked_vm against RLIMIT_MEMLOCK (mm_account_pinned_pages;
	# not the pool's mlock, which is per process): 256 KiB is 64 pages,
	# 2 per 1400-byte send.  A tbf on the ifb holds frames (50 Mbit/s),
	# so more are in flight than the limit allows: ENOBUFS, which the
	# engine must retry after completions come back.
	log "== memlock 256 KiB, frames held by tbf 50mbit: MSG_ZEROCOPY's pinned-page charge hits ENOBUFS"
	tc -n "$NA" qdisc add dev ifb0 root tbf rate 50mbit burst 16k limit 4m
	timeout -s INT -k 5 20 ip netns exec "$NA" prlimit \
		--memlock=262144:262144 $NOLOCK_UID "$PZC" --dev ifb0 --mode udp --path zerocopy \
		--dst-ip 198.18.1.2 --payload-size 1400 --duration 1 \
		--pool-size 128K --json --quiet >"$TMP/zcmem.out" 2>"$TMP/zcmem.err"
	RC=$?
	show_zc zcmem
	[ "$RC" = 0 ] && pass "zcmem: exit 0" || fail "zcmem: exit $RC: $(cat "$TMP/zcmem.err")"
	jq_is zcmem '.end.zerocopy.enobufs_retries > 0' \
		"zcmem: ENOBUFS from the kernel retried and counted ($(jq_val zcmem .end.zerocopy.enobufs_retries))"
	jq_is zcmem '.end.stop_reason == "duration reached" and
		.end.send_errors == 0 and .end.sends > 100' \
		"zcmem: the run goes on to its end"
	check_balanced zcmem
	log "== control: the same run with CAP_IPC_LOCK: no ENOBUFS"
	send "$NA" zcmemcap 20 --dev ifb0 --mode udp --path zerocopy --dst-ip 198.18.1.2 \
		--payload-size 1400 --duration 1 --pool-size 128K --json --quiet
	show_zc zcmemcap
	jq_is zcmemcap '.end.zerocopy.enobufs_retries == 0' \
		"control: the ENOBUFS above came from the memlock charge"
	check_balanced zcmemcap
}

optmem_set() {
	ip netns exec "$NA" sysctl -qw net.core.optmem_max="$1"
}

case_fault_optmem() {
	local host
	setup_ns
	host=$(cat /proc/sys/net/core/optmem_max)
	optmem_set 1024 || skip "cannot set net.core.optmem_max in a namespace"
	if [ "$(cat /proc/sys/net/core/optmem_max)" = "$host" ] &&
	   [ "$(ip netns exec "$NA" sysctl -n net.core.optmem_max)" = 1024 ]; then
		pass "optmem_max is per namespace (host keeps $host, $NA has 1024)"
	else
		optmem_set "$host"
		skip "net.core.optmem_max is not per namespace on this kernel: not touching the host's"
	fi
	# Each MSG_ZEROCOPY send needs a notification skb charged to the
	# socket's option memory; with 1024 bytes about one fits, so nearly
	# every send meets ENOBUFS until the previous one's completion is
	# read.  Over veth, so the receiver checks that retried sends are
	# neither lost nor duplicated.
	udp_veth_run optmem 5000 5000 1400 --payload-size 1400 --count 5000
	jq_is optmem '.end.zerocopy.enobufs_retries > 100' \
		"optmem: sends met ENOBUFS, retried and counted ($(jq_val optmem .end.zerocopy.enobufs_retries))"
	# In batches: the kernel takes the first messages of a sendmmsg()
	# and refuses the next; ids must still be one per accepted message.
	jq_is optmem '.end.short_batches > 10 and .end.sends == 5000' \
		"optmem: $(jq_val optmem .end.short_batches) batches taken in part, every id still balanced"
	udp_veth_run optmem_gso 1000 10000 1400 --gso 1400 --payload-size 14000 \
		--count 1000
	jq_is optmem_gso '.end.zerocopy.enobufs_retries > 10' \
		"optmem_gso: ENOBUFS retried and counted"
}

# A send that the kernel refuses with ENOBUFS for good must not spin
# forever: --duration and --drain-timeout bound the run, and the end says
# what happened.
case_fault_enobufs_stall() {
	setup_ns
	log "== optmem_max 64: not even one notification fits; --duration 1 --drain-timeout 1"
	optmem_set 64 || skip "cannot set net.core.optmem_max in a namespace"
	send "$NA" stall1 10 --dev ifb0 --mode udp --path zerocopy --dst-ip 198.18.1.2 \
		--payload-size 1400 --duration 1 --drain-timeout 1 --json --quiet
	show_zc stall1
	echo "  stderr: $(cat "$TMP/stall1.err")"
	if [ "$RC" -ge 124 ] || [ "${ELAPSED%%.*}" -ge 8 ]; then
		fail "stall1: HANG: --duration 1 not honoured, still retrying ENOBUFS after ${ELAPSED%%.*} s (ended by SIGINT from timeout)"
	else
		pass "stall1: ended after ${ELAPSED%%.*} s"
	fi
	[ "$RC" = 1 ] && pass "stall1: exit 1" || fail "stall1: exit $RC, expected 1 (no send ever succeeded)"
	jq_is stall1 '.error != null and (.error | test("ENOBUFS|No buffer space|optmem"))' \
		"stall1: the error names ENOBUFS / optmem"
	check_balanced stall1
	optmem_set 131072

	log "== memlock 256 KiB, tbf at 100 bit/s holds every frame: --duration 1 --drain-timeout 1"
	tc -n "$NA" qdisc add dev ifb0 root tbf rate 100bit burst 2k limit 4m
	local t0 t1
	t0=$(date +%s)
	timeout -s INT -k 5 10 ip netns exec "$NA" prlimit \
		--memlock=262144:262144 $NOLOCK_UID "$PZC" --dev ifb0 --mode udp --path zerocopy \
		--dst-ip 198.18.1.2 --payload-size 1400 --duration 1 \
		--drain-timeout 1 --pool-size 128K --json --quiet \
		>"$TMP/stall2.out" 2>"$TMP/stall2.err"
	RC=$?
	t1=$(date +%s)
	show_zc stall2
	echo "  [exit $RC after $((t1 - t0)) s] stderr: $(cat "$TMP/stall2.err")"
	if [ "$RC" -ge 124 ] || [ $((t1 - t0)) -ge 8 ]; then
		fail "stall2: HANG: still retrying ENOBUFS after $((t1 - t0)) s (ended by SIGINT from timeout)"
	else
		pass "stall2: ended after $((t1 - t0)) s"
	fi
	[ "$RC" = 1 ] && pass "stall2: exit 1" || fail "stall2: exit $RC, expected 1"
	local out
	out=$(jq_val stall2 '.end.zerocopy.sends - .end.zerocopy.ids_completed')
	if [ -n "$out" ] && [ "$out" != null ] && [ "$out" -gt 0 ] &&
	   grep -q "$out zerocopy send ids still outstanding" "$TMP/stall2.err"; then
		pass "stall2: the $out ids the kernel still holds are counted in the message"
	else
		fail "stall2: outstanding ids ($out) not accounted for in the message"
	fi
}

linkdown_run() {
	local name=$1 dev=$2 dst=$3 t
	shift 3
	log "== $name: ip link set $dev down 0.5 s into a 5 s run"
	(sleep 0.5; ip -n "$NA" link set "$dev" down) &
	send "$NA" "$name" 20 --dev "$dev" --mode udp --path zerocopy --dst-ip "$dst" \
		--payload-size 1400 --duration 5 --json --quiet "$@"
	wait
	show_zc "$name"
	echo "  stderr: $(cat "$TMP/$name.err")"
	[ "$RC" = 1 ] && pass "$name: exit 1" || fail "$name: exit $RC, expected 1"
	t=${ELAPSED%%.*}
	[ "$t" -lt 3 ] && pass "$name: stopped at once ($ELAPSED s), not at the 5 s duration" ||
		fail "$name: took $ELAPSED s"
	jq_is "$name" '.end.stop_reason == "error" and .error != null' \
		"$name: JSON end.error set"
	if grep -q "$dev" "$TMP/$name.err" && grep -qi "down" "$TMP/$name.err"; then
		pass "$name: the message says $dev went down"
	else
		fail "$name: the message should say that $dev went down, not only the errno: [$(cat "$TMP/$name.err")]"
	fi
	local out
	out=$(jq_val "$name" '.end.zerocopy.sends - .end.zerocopy.ids_completed')
	if [ "$(jq_val "$name" .end.zerocopy.balanced)" = true ] && [ "$out" = 0 ]; then
		pass "$name: every id accounted for (balanced)"
	elif [ -n "$out" ] && grep -q "$out zerocopy send ids still outstanding" "$TMP/$name.err"; then
		pass "$name: $out outstanding ids counted in the message"
	else
		fail "$name: ids not accounted for"
	fi
	ip -n "$NA" link set "$dev" up
}

case_fault_linkdown() {
	setup_ns
	linkdown_run veth va 198.18.0.2
	# With a slow qdisc, frames are queued (ids outstanding) when the
	# device goes down; the qdisc reset frees them.
	tc -n "$NA" qdisc add dev ifb0 root tbf rate 20mbit burst 16k limit 40m
	linkdown_run ifbq ifb0 198.18.1.2
	jq_is ifbq '.end.zerocopy.peak_in_flight > 10' \
		"ifbq: ids were in flight in the qdisc"
}

sigint_run() {
	local name=$1 pid t0 t1 rc
	shift
	t0=$(date +%s.%N)
	ip netns exec "$NA" "$PZC" --dev ifb0 --mode udp --path zerocopy --dst-ip 198.18.1.2 \
		--payload-size 1400 --duration 10 "$@" ${ZC_SENDER_EXTRA:-} \
		>"$TMP/$name.out" 2>"$TMP/$name.err" &
	pid=$!
	sleep 0.7
	kill -INT "$pid"
	# no hang: the run must end within its drain timeout
	for _ in $(seq 100); do
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.1
	done
	if kill -0 "$pid" 2>/dev/null; then
		fail "$name: still running 10 s after SIGINT"
		kill -KILL "$pid"
	fi
	wait "$pid"
	rc=$?
	t1=$(date +%s.%N)
	echo "  [$name: exit $rc, $(awk "BEGIN { printf \"%.2f\", $t1 - $t0 }") s]"
	[ "$rc" = 0 ] && pass "$name: exit 0 after SIGINT" ||
		fail "$name: exit $rc after SIGINT: $(cat "$TMP/$name.err")"
}

case_fault_sigint() {
	setup_ns
	log "== SIGINT at 0.7 s, text summary"
	sigint_run text
	sed 's/^/  | /' "$TMP/text.out"
	if grep -q '(interrupted)' "$TMP/text.out" &&
	   grep -q 'zerocopy: in effect; ids sent' "$TMP/text.out" &&
	   ! grep -q UNBALANCED "$TMP/text.out"; then
		pass "text: summary printed, interrupted, balanced"
	else
		fail "text: summary missing or unbalanced"
	fi
	local s c
	s=$(sed -n 's/.*ids sent \([0-9]*\), completed \([0-9]*\).*/\1/p' "$TMP/text.out")
	c=$(sed -n 's/.*ids sent \([0-9]*\), completed \([0-9]*\).*/\2/p' "$TMP/text.out")
	[ -n "$s" ] && [ "$s" = "$c" ] && [ "$s" -gt 0 ] &&
		pass "text: ids sent $s == completed $c" ||
		fail "text: ids sent '$s' vs completed '$c'"

	log "== SIGINT at 0.7 s, --json"
	sigint_run json --json
	show_zc json
	jq_is json '.end.stop_reason == "interrupted" and .error == null' \
		"json: stop_reason interrupted, no error"
	check_balanced json

	log "== SIGINT at 0.7 s with frames held in a tbf qdisc (ids in flight)"
	tc -n "$NA" qdisc add dev ifb0 root tbf rate 20mbit burst 16k limit 40m
	sigint_run held --json
	show_zc held
	jq_is held '.end.stop_reason == "interrupted" and
		.end.zerocopy.peak_in_flight > 10' \
		"held: interrupted with ids in flight"
	check_balanced held
}

# Every case but two is udp zerocopy, which needs the kernel to take
# SO_ZEROCOPY on UDP sockets (Linux 4.18 and later; the probe says).
case "$CASE" in
zc-copy-modes) ;;
zc-break-ring)
	probe_ring ||
		skip "no packet TX ring on this kernel (probe --json: $(probe_get .tx_ring.error))" ;;
*)
	probe_zc udp ||
		skip "this kernel refuses SO_ZEROCOPY on UDP sockets (probe --json: $(probe_get '.zerocopy.udp.error'))" ;;
esac

case "$CASE" in
zc-udp-veth) case_udp_veth ;;
zc-ifb-sink) case_ifb_sink ;;
zc-copy-modes) case_copy_modes ;;
zc-break-reuse) case_break_reuse ;;
zc-break-ring) case_break_ring ;;
zc-fault-memlock) case_fault_memlock ;;
zc-fault-optmem) case_fault_optmem ;;
zc-fault-enobufs-stall) case_fault_enobufs_stall ;;
zc-fault-linkdown) case_fault_linkdown ;;
zc-fault-sigint) case_fault_sigint ;;
*) echo "usage: $0 CASE (one of the zc-* tests in meson.build)" >&2; exit 2 ;;
esac
finish
