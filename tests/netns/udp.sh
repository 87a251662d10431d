#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# --mode udp (UDP sockets; MSG_ZEROCOPY works here on a stock kernel): the
# kernel writes every header, so only the UDP payloads can be compared
# with the record, and the ports must be what we asked for.  The UDP
# checksum is not verified: on veth the kernel leaves it partial
# (CHECKSUM_PARTIAL), so a capture shows an unfinished checksum.
source "$(dirname "$0")/lib.sh"
setup
path_needs udp udp6
N=500
cmp="--level payload --verify --no-udp-csum --sport-range 9 --dport-range $PORT"

for size in 60 61 1000 1514 60-1514; do
	send_case "ip4-$size" $N "$cmp" \
		--mode udp --dst-ip "$IP4_B" --size "$size"
done
for size in 78 79 1000 1514 78-1514; do
	send_case "ip6-$size" $N "$cmp" \
		--mode udp --dst-ip "$IP6_B" --size "$size"
done
# Zerocopy must really be on in udp mode where the kernel has it (the
# probe), and every id completed.
if ! probe_zc udp; then
	log "LOUD: this kernel refuses SO_ZEROCOPY on UDP sockets (probe --json): the zerocopy check is not run"
	finish
fi
pzc_a --dev "$DEV_A" --mode udp --dst-ip "$IP4_B" --dst-port "$PORT" \
	--count $N --rate 20kpps --path zerocopy --json >"$TMP/zc.json" 2>"$TMP/zc.err" || true
if "$PYTHON" - "$TMP/zc.json" $N <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
zc = d["end"]["zerocopy"]
n = int(sys.argv[2])
ok = zc["in_effect"] and zc["sends"] == n and zc["ids_completed"] == n \
     and zc["balanced"]
print("zerocopy:", json.dumps(zc))
sys.exit(0 if ok else 1)
PY
then
	pass "udp: MSG_ZEROCOPY in effect, $N ids sent and completed"
else
	cat "$TMP/zc.err" >&2
	fail "udp: zerocopy not in effect or ids not all completed"
fi
finish
