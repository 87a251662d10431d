#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# A report that cannot be delivered is a failure: with stdout a pipe
# whose reader has gone, or /dev/full, the run must exit 1 and say so on
# stderr (before, SIGPIPE was ignored and the run exited 0 with the
# summary and the JSON lost).  With a working stdout nothing changes.
source "$(dirname "$0")/../netns/lib.sh"
setup
common=(--dev "$DEV_A" --mode packet --dst-mac "$MAC_B" --dst-ip "$IP4_B"
	--dst-port "$PORT" --count 200 --rate 1kpps --quiet)

# The reader exits at once; pktgen-zc writes its summary 0.2 s later.
for what in summary json; do
	extra=()
	[ $what = json ] && extra=(--json)
	set +o pipefail
	pzc_a "${common[@]}" "${extra[@]}" 2>"$TMP/pipe-$what.err" | true
	rc=${PIPESTATUS[0]}
	set -o pipefail
	if [ "$rc" -eq 1 ] && grep -q 'stdout.*Broken pipe' "$TMP/pipe-$what.err"; then
		pass "pipe-$what: a closed pipe on stdout: exit 1: $(head -n1 "$TMP/pipe-$what.err")"
	else
		fail "pipe-$what: a closed pipe on stdout: exit $rc, stderr: $(cat "$TMP/pipe-$what.err")"
	fi
done

rc=0
pzc_a "${common[@]}" --json >/dev/full 2>"$TMP/full.err" || rc=$?
if [ "$rc" -eq 1 ] && grep -q 'stdout.*No space left on device' "$TMP/full.err"; then
	pass "full: stdout on /dev/full: exit 1: $(head -n1 "$TMP/full.err")"
else
	fail "full: stdout on /dev/full: exit $rc, stderr: $(cat "$TMP/full.err")"
fi

rc=0
pzc_a "${common[@]}" --json >"$TMP/ok.out" 2>"$TMP/ok.err" || rc=$?
if [ "$rc" -eq 0 ] && [ ! -s "$TMP/ok.err" ] &&
	"$PYTHON" -m json.tool "$TMP/ok.out" >/dev/null; then
	pass "ok: a working stdout: exit 0, valid JSON, nothing on stderr"
else
	fail "ok: a working stdout: exit $rc, stderr: $(cat "$TMP/ok.err")"
fi
finish
