#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# 'pktgen-zc demo' (its own namespaces and veth pair) exits 0, and every
# row of its table says ok, for each of the four modes.
source "$(dirname "$0")/lib.sh"
require_root
require_exe PKTGEN_ZC
tmpdir
rc=0
timeout 120 "$PKTGEN_ZC" demo >"$TMP/out" 2>"$TMP/err" || rc=$?
cat "$TMP/out"
cat "$TMP/err" >&2
# The table: from its header line to the next empty line.
awk '/^mode +family +sent/ {t = 1; next} t && /^$/ {exit} t' "$TMP/out" \
	>"$TMP/rows"
rows=$(wc -l <"$TMP/rows")
notok=$(awk '$NF != "ok"' "$TMP/rows")
[ "$rc" -eq 0 ] || fail "demo exited $rc"
[ "$rows" -ge 4 ] || fail "demo table has $rows rows"
[ -z "$notok" ] || fail "demo rows not ok: $notok"
for mode in packet packet-dgram raw udp; do
	grep -q "^$mode " "$TMP/rows" || fail "demo has no $mode row"
done
[ "$FAILS" -ne 0 ] || pass "demo exited 0 and all $rows rows say ok"
finish
