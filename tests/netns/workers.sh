#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# --threads: two workers, each its own socket and slots, must together
# send exactly the frames one worker sends (each once: the union of what
# the peer captured equals one worker's record, order aside), on the ring
# and on the copy path, and in udp mode with zerocopy; every counter
# balances, per worker and in total.  The payload is the 'inc' pattern,
# so frames do not depend on when they were sent.
source "$(dirname "$0")/lib.sh"
setup
N=3000

# same_frames REF CAP LEVEL: the multisets of frames (l2: whole frames;
# payload: UDP payloads) are equal.
same_frames() {
	"$PZC_PCAPCMP" --unordered --level "$3" "$1" "$2"
}

# workers_case NAME LEVEL PATH ARGS...: one worker's record (--dry-run)
# against the capture of two workers on PATH, then the JSON's totals and
# per-worker rows.
workers_case() {
	local name=$1 level=$2 path=$3 rc=0
	shift 3
	pzc_a --dev "$DEV_A" --count $N --payload inc --dst-port "$PORT" \
		--dry-run --write-pcap "$TMP/$name.one.pcap" --quiet "$@" \
		>"$TMP/$name.one.out" 2>&1 || rc=$?
	[ "$rc" = 0 ] || { fail "$name: the one-worker record failed: $(cat "$TMP/$name.one.out")"; return 0; }
	cap_start "$name" $N "udp dst port $PORT"
	pzc_a --dev "$DEV_A" --count $N --payload inc --dst-port "$PORT" \
		--rate 20kpps --threads 2 --path "$path" --json "$@" \
		>"$TMP/$name.json" 2>"$TMP/$name.err" || rc=$?
	cap_stop "$name"
	if [ "$rc" != 0 ]; then
		fail "$name: two workers exited $rc: $(cat "$TMP/$name.err")"
		return 0
	fi
	if same_frames "$TMP/$name.one.pcap" "$TMP/$name.cap.pcap" "$level" \
		>"$TMP/$name.cmp" 2>&1; then
		pass "$name: two workers sent one worker's frames, each once: $(cat "$TMP/$name.cmp")"
	else
		fail "$name: the union of two workers' frames differs: $(cat "$TMP/$name.cmp")"
	fi
	if "$PYTHON" - "$TMP/$name.json" $N <<'PY'
import json, sys
doc = json.load(open(sys.argv[1]))
d = doc["end"]
n = int(sys.argv[2])
w = d["workers"]
zc = d["zerocopy"]
ok = (len(w) == 2 and d["frames"] == n and d["sends"] == n and
      sum(x["frames"] for x in w) == n and
      all(x["frames"] == n // 2 for x in w) and
      len({x["cpu"] for x in w}) == 2 and
      zc["balanced"] and zc["sends"] == zc["ids_completed"] and
      sum(x["zerocopy_ids"] for x in w) == zc["sends"] and
      doc["error"] is None)
print(json.dumps({"frames": d["frames"], "workers": w, "zerocopy": zc}))
sys.exit(0 if ok else 1)
PY
	then
		pass "$name: totals, per-worker rows and zerocopy ids balance"
	else
		fail "$name: the JSON does not balance: $(cat "$TMP/$name.json" | tail -c 600)"
	fi
}

if probe_ring; then
	workers_case ring l2 ring --mode packet --dst-mac "$MAC_B" \
		--dst-ip "$IP4_B" --size 60-1000 --src-port 1000-1099
else
	log "LOUD: no packet TX ring here (probe --json): ring not run"
fi
workers_case copy l2 copy --mode packet --dst-mac "$MAC_B" \
	--dst-ip "$IP4_B" --random size,src-port --src-port 1000-1999 \
	--size 60-1514
if probe_zc udp; then
	workers_case udp-zc payload zerocopy --mode udp --dst-ip "$IP4_B" \
		--payload-size 1000
else
	log "LOUD: no SO_ZEROCOPY on UDP sockets here (probe --json): udp-zc not run"
fi
finish
