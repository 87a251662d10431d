#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# A traffic mix: --size as a weighted list (and imix) with --flows.  The
# peer's capture must hold exactly the size histogram the JSON reports
# (end.sizes), exactly --flows distinct 5-tuples, and two runs with the
# same --seed must send the same sequence of sizes and tuples (another
# seed, another sequence); also with two workers.
source "$(dirname "$0")/lib.sh"
setup
N=4000

# capture_facts CAP: "size:count ..." histogram, distinct tuples, and the
# sequence of (size, tuple) as one hash, of a capture.
facts() {
	"$PYTHON" - "$1" <<'PY'
import hashlib, struct, sys
from collections import Counter
d = open(sys.argv[1], 'rb').read()
e = '<' if struct.unpack('<I', d[:4])[0] in (0xa1b2c3d4, 0xa1b23c4d) else '>'
off, sizes, tuples, seq = 24, Counter(), set(), hashlib.sha256()
while off + 16 <= len(d):
    _, _, incl, orig = struct.unpack(e + 'IIII', d[off:off + 16])
    f = d[off + 16:off + 16 + incl]
    off += 16 + incl
    ihl = (f[14] & 15) * 4
    t = f[26:34] + f[14 + ihl:14 + ihl + 4]   # addresses, ports
    sizes[orig] += 1
    tuples.add(t)
    seq.update(struct.pack('>I', orig) + t)
print(' '.join(f'{k}:{v}' for k, v in sorted(sizes.items())),
      len(tuples), seq.hexdigest()[:16])
PY
}

json_sizes() {
	"$PYTHON" -c 'import json,sys; d=json.load(open(sys.argv[1]))["end"]["sizes"]; print(" ".join(f"{k}:{v}" for k,v in sorted((int(k),v) for k,v in d.items())))' "$1"
}

# run NAME SEED EXTRA...: send N frames of the mix, captured on the peer.
run() {
	local name=$1 seed=$2 rc=0
	shift 2
	cap_start "$name" $N "udp"
	pzc_a --dev "$DEV_A" --mode packet --dst-mac "$MAC_B" \
		--dst-ip 198.18.0.2-198.18.0.9 --dst-port 5000-5099 \
		--src-port 1000-1003 --flows 50 --count $N --rate 20kpps \
		--seed "$seed" --json "$@" >"$TMP/$name.json" \
		2>"$TMP/$name.err" || rc=$?
	cap_stop "$name"
	[ "$rc" = 0 ] || fail "$name: exit $rc: $(cat "$TMP/$name.err")"
	read -r -a F <<<"$(facts "$TMP/$name.cap.pcap")"
}

run w1 7 --size 64:7,570:4,1514:1
h1="${F[*]:0:3}" t1=${F[3]} s1=${F[4]}
js=$(json_sizes "$TMP/w1.json")
[ "$h1" = "$js" ] && pass "weighted list: the capture's histogram is the JSON's ($js)" ||
	fail "weighted list: captured [$h1], JSON says [$js]"
[ "$t1" = 50 ] && pass "--flows 50: 50 distinct 5-tuples on the wire" ||
	fail "--flows 50: $t1 distinct 5-tuples on the wire"

run w1again 7 --size 64:7,570:4,1514:1
[ "${F[4]}" = "$s1" ] && pass "the same seed sends the same sequence of sizes and tuples" ||
	fail "the same seed sent another sequence (${F[4]} vs $s1)"
run w1seed8 8 --size 64:7,570:4,1514:1
[ "${F[4]}" != "$s1" ] && pass "another seed, another sequence" ||
	fail "seed 8 sent the sequence of seed 7"
run w2 7 --size 64:7,570:4,1514:1 --threads 2
[ "${F[4]}" != "" ] && [ "${F[*]:0:3}" = "$h1" ] &&
	pass "two workers send the same histogram as one (${F[*]:0:3})" ||
	fail "two workers: histogram [${F[*]:0:3}] vs one worker [$h1]"

run imix 7 --size imix
hi="${F[*]:0:3}"
js=$(json_sizes "$TMP/imix.json")
[ "$hi" = "$js" ] && [[ "$hi" == 60:*" "590:*" "1514:* ]] &&
	pass "imix: 60, 590 and 1514 bytes, as the JSON says ($js)" ||
	fail "imix: captured [$hi], JSON says [$js]"
finish
