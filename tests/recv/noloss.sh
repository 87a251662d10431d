#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# No loss on a quiet veth: in every send mode and family, recv counts
# exactly the frames sent, none lost, duplicated or reordered, no bad
# checksum or payload, no drop at its socket, and the run id that the
# sender printed.  Then two runs at once on the link (different run ids
# and sizes): recv --run-id takes only its own and counts the other's,
# and --remote-clock labels its latency as depending on the clocks.
source "$(dirname "$0")/lib.sh"
setup
N=3000

run_case() {
	local name=$1 dst=$2 size=$3
	shift 3
	recv_start "$name" --dst-port "$PORT" --count "$N" --idle 3
	local rc=0
	pzc_a --dev "$DEV_A" --dst-ip "$dst" --dst-port "$PORT" --count "$N" \
		--size "$size" --rate 20kpps --quiet --json "$@" \
		>"$TMP/$name.send.json" 2>"$TMP/$name.send.err" || rc=$?
	recv_wait "$name"
	if [ "$rc" -ne 0 ]; then
		cat "$TMP/$name.send.err" >&2
		fail "$name: pktgen-zc send exited $rc"
		return 0
	fi
	local run
	run=$("$PYTHON" -c 'import json, sys; print(json.load(open(sys.argv[1]))["start"]["run_id"])' "$TMP/$name.send.json")
	expect "$name" "run id" 'e["run_id"]' "$run"
	expect "$name" received 'e["received"]' "$N"
	expect "$name" "lost, duplicated, reordered" \
		'(e["lost"], e["duplicated"], e["reordered"]["frames"])' "(0, 0, 0)"
	expect "$name" "bad IP/UDP checksums, bad payload" \
		'(e["bad_ip_checksum"], e["bad_udp_checksum"], e["bad_payload"])' "(0, 0, 0)"
	expect "$name" "kernel drops" 'e["kernel"]["drops"]' 0
	expect "$name" "highest sequence" 'e["highest_seq"]' $((N - 1))
	expect "$name" "stop reason" 'e["stop_reason"]' "count reached"
	expect "$name" "flows" 'len(e["flows"])' 1
	expect "$name" "latency samples (24-byte stamps)" \
		'e["latency_ns"]["samples"]' "$N"
	expect "$name" "clock label" 'e["clock"]' "shared-host assumed"
	# One host, one clock: latencies are positive but for the steps of
	# CLOCK_REALTIME against the sender's monotonic clock during the run
	# (a VM's clock sync moves it by about 0.1 ms here): above -1 ms.
	log "$name: latency min $(jget "$name" 'e["latency_ns"]["min"]') ns," \
		"$(jget "$name" 'e["latency_ns"]["negative"]') negative"
	expect "$name" "latency above -1 ms (one clock)" \
		'e["latency_ns"]["min"] > -1000000' True
}

for fam in 4 6; do
	if [ $fam = 4 ]; then dst=$IP4_B; size=100; else dst=$IP6_B; size=120; fi
	run_case "packet-v$fam" "$dst" "$size" --mode packet --dst-mac "$MAC_B"
	run_case "packet-dgram-v$fam" "$dst" "$size" --mode packet-dgram --dst-mac "$MAC_B"
	run_case "raw-v$fam" "$dst" "$size" --mode raw
	run_case "udp-v$fam" "$dst" "$size" --mode udp
	# udp mode: the kernel leaves the checksum partial on a veth, and
	# recv says it could not verify it rather than calling it good.
	expect "udp-v$fam" "unverifiable UDP checksums" \
		'e["udp_checksum_unverified"]' "$N"
done

# Two runs at once, run ids 11 and 22 (frames of 100 and 200 bytes),
# recv selects 22.
recv_start two --run-id 22 --dst-port "$PORT" --count "$N" --idle 3 \
	--remote-clock
pzc_a --dev "$DEV_A" --dst-ip "$IP4_B" --dst-port "$PORT" --count "$N" \
	--size 100 --rate 10kpps --quiet --run-id 11 --mode raw >/dev/null &
pid11=$!
track "$pid11"
pzc_a --dev "$DEV_A" --dst-ip "$IP4_B" --dst-port "$PORT" --count "$N" \
	--size 200 --rate 10kpps --quiet --run-id 22 --mode udp >/dev/null ||
	fail "two: the run-id 22 sender failed"
wait "$pid11" || fail "two: the run-id 11 sender failed"
recv_wait two
expect two "run id" 'e["run_id"]' 22
expect two "received (run 22 only)" 'e["received"]' "$N"
expect two "bytes (200-byte frames only)" 'e["bytes"]' $((N * 200))
expect two lost 'e["lost"]' 0
expect two "clock label (--remote-clock)" '(d["start"]["clock"], e["clock"])' \
	"('remote: depends on the clock offset', 'remote: depends on the clock offset')"
expect two "frames of run 11 seen, not counted" \
	'0 < e["other"]["other_run"] <= '"$N" True
finish
