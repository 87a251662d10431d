#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# pzc-pcapcmp, the host tests' comparator, on generated cases
# (pcapcmp-cases.py): a run's frames among other traffic, behind a
# stripped header, identical or differing by a byte, a frame missing or
# extra, two swapped, a sent frame of another port, nothing sent.  Every
# verdict must be the expected one, and the one tests/vm/pcapcmp.py
# (the VM suite's comparator, which can switch to this one) gives on the
# same files: `pcapcmp.py EXP SEEN PORT STRIP` is `pzc-pcapcmp
# --udp-dport PORT --strip STRIP EXP SEEN`.  --unordered forgives the
# swap and nothing else.  No privileges.
set -euo pipefail
source "$(dirname "$0")/../lib/common.sh"
require_exe PZC_PCAPCMP
require_cmd python3
tmpdir
VM_CMP=$PZC_TESTS_DIR/vm/pcapcmp.py
[ -f "$VM_CMP" ] || log "LOUD: $VM_CMP is gone: no parity check"

# verdict RC: same (0), differ (1) or broken (anything else).
verdict() { case "$1" in 0) echo same ;; 1) echo differ ;; *) echo "broken($1)" ;; esac; }

python3 "$(dirname "$0")/pcapcmp-cases.py" "$TMP" >"$TMP/cases"
while read -r name port strip want; do
	exp=$TMP/$name.exp.pcap seen=$TMP/$name.seen.pcap
	rc=0
	"$PZC_PCAPCMP" --udp-dport "$port" --strip "$strip" "$exp" "$seen" \
		>"$TMP/$name.out" 2>&1 || rc=$?
	got=$(verdict $rc)
	if [ "$got" != "$want" ]; then
		cat "$TMP/$name.out" >&2
		fail "$name: pzc-pcapcmp says $got, want $want"
		continue
	fi
	if [ -f "$VM_CMP" ]; then
		rc=0
		python3 "$VM_CMP" "$exp" "$seen" "$port" "$strip" \
			>"$TMP/$name.vm" 2>&1 || rc=$?
		[ "$(verdict $rc)" = "$got" ] ||
			fail "$name: pzc-pcapcmp says $got, tests/vm/pcapcmp.py $(verdict $rc): $(cat "$TMP/$name.vm")"
	fi
	pass "$name: $got ($(grep -m1 -E 'FAILED|identical|differs|holds|cannot' "$TMP/$name.out" || true))"
done <"$TMP/cases"

# --unordered: the swapped pair is the same multiset; a missing frame
# is still missing.
for c in order:0 missing:1 byte:1; do
	name=${c%:*} want=${c#*:} rc=0
	"$PZC_PCAPCMP" --unordered --udp-dport 9000 --strip 12 \
		"$TMP/$name.exp.pcap" "$TMP/$name.seen.pcap" \
		>"$TMP/$name.un" 2>&1 || rc=$?
	[ "$rc" = "$want" ] &&
		pass "--unordered $name: exit $rc: $(grep -m1 -E 'order aside|multisets' "$TMP/$name.un")" ||
		fail "--unordered $name: exit $rc, want $want: $(cat "$TMP/$name.un")"
done

# Bad input: exit 2, one line naming the value.
for bad in "--strip x" "--udp-dport 70000" "--count -1"; do
	rc=0
	# shellcheck disable=SC2086
	"$PZC_PCAPCMP" $bad "$TMP/same.exp.pcap" 2>"$TMP/bad.err" || rc=$?
	[ "$rc" = 2 ] && [ "$(wc -l <"$TMP/bad.err")" = 1 ] &&
		grep -qF "'${bad#* }'" "$TMP/bad.err" &&
		pass "$bad: exit 2: $(cat "$TMP/bad.err")" ||
		fail "$bad: exit $rc: $(cat "$TMP/bad.err")"
done
finish
