#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Known duplicates, reordering, losses, bad checksums and bad payloads:
# craft.py writes a capture of stamped frames with each of them (and
# frames of another run, unstamped ones, ones to another port) and what
# recv must report; 'pktgen-zc replay' plays it into the namespace and
# recv --run-id 777 --dst-port 9000 must report exactly that, in total
# and per flow (the two flows share the numbers odd and even, so losses
# are attributed to flows).
source "$(dirname "$0")/lib.sh"
setup
"$PYTHON" "$(dirname "$0")/craft.py" "$TMP/crafted.pcap" "$TMP/expect.json" "$MAC_B"
recv_start crafted --run-id 777 --dst-port "$PORT" --count 1000 --idle 2
pzc_a replay "$TMP/crafted.pcap" --dev "$DEV_A" --rate 20kpps --quiet \
	>"$TMP/replay.out" 2>&1 || { cat "$TMP/replay.out" >&2; fail "replay exited non-zero"; }
recv_wait crafted

x() { "$PYTHON" -c 'import json, sys; x = json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' "$TMP/expect.json" "$1"; }

for k in received unique lost duplicated highest_seq bad_ip_checksum \
	bad_udp_checksum bad_payload; do
	expect crafted "$k" "e[\"$k\"]" "$(x "x[\"$k\"]")"
done
expect crafted "reordered frames" 'e["reordered"]["frames"]' "$(x 'x["reordered"]')"
expect crafted "max displacement" 'e["reordered"]["max_displacement"]' "$(x 'x["max_displacement"]')"
expect crafted "mean displacement" 'round(e["reordered"]["mean_displacement"], 3)' "$(x 'x["mean_displacement"]')"
expect crafted "frames of other runs" 'e["other"]["other_run"]' "$(x 'x["other_run"]')"
expect crafted "unstamped frames" 'e["other"]["unstamped"]' "$(x 'x["unstamped"]')"
# Port 9001 never reaches the ring: the socket filter keeps it out.
expect crafted "frames in the ring (port 9001 filtered in the kernel)" \
	'e["other"]["ring_frames"]' "$(x 'x["frames"] - x["port_9001"]')"
expect crafted "kernel drops" 'e["kernel"]["drops"]' 0
expect crafted "losses attributed to flows" 'e["flows_lost_attributable"]' True
for src in 198.18.0.1:1000 198.18.0.1:1001; do
	for k in received unique lost duplicated; do
		expect crafted "$src $k" \
			"[f for f in e[\"flows\"] if f[\"src\"] == \"$src\"][0][\"$k\"]" \
			"$(x "x[\"flows\"][\"$src\"][\"$k\"]")"
	done
	expect crafted "$src reordered" \
		"[f for f in e[\"flows\"] if f[\"src\"] == \"$src\"][0][\"reordered\"][\"frames\"]" \
		"$(x "x[\"flows\"][\"$src\"][\"reordered\"]")"
	expect crafted "$src max displacement" \
		"[f for f in e[\"flows\"] if f[\"src\"] == \"$src\"][0][\"reordered\"][\"max_displacement\"]" \
		"$(x "x[\"flows\"][\"$src\"][\"max_displacement\"]")"
done
finish
