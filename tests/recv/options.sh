#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Bad recv options: exit status 2 and exactly one line on stderr that
# names the value (no namespace needed: parsing comes first); a missing
# interface is a run-time failure, exit 1, one line naming it.
set -euo pipefail
source "$(dirname "$0")/../lib/common.sh"
require_exe PKTGEN_ZC
tmpdir

bad() {
	local want=$1 says=$2 rc=0 lines
	shift 2
	"$PKTGEN_ZC" recv "$@" >"$TMP/out" 2>"$TMP/err" || rc=$?
	lines=$(wc -l <"$TMP/err")
	if [ "$rc" -ne "$want" ] || [ "$lines" -ne 1 ] ||
		! grep -qF -- "$says" "$TMP/err"; then
		fail "recv $*: exit $rc (want $want), $lines line(s) (want 1) saying '$says':"
		cat "$TMP/err" >&2
	else
		pass "recv $*: exit $rc: $(cat "$TMP/err")"
	fi
}

bad 2 "--dev is required"
bad 2 "--ring-size '1k'" --dev lo --ring-size 1k
bad 2 "--ring-size '5G'" --dev lo --ring-size 5G
bad 2 "--idle 'soon'" --dev lo --idle soon
bad 2 "--idle '0'" --dev lo --idle 0
bad 2 "--run-id '4294967296'" --dev lo --run-id 4294967296
bad 2 "--run-id '-1'" --dev lo --run-id -1
bad 2 "--count '0'" --dev lo --count 0
bad 2 "--duration 'x'" --dev lo --duration x
bad 2 "--interval '0'" --dev lo --interval 0
bad 2 "--dst-port '70000'" --dev lo --dst-port 70000
bad 2 "--src-ip '1.2.3.4' and --dst-ip '::1'" --dev lo --src-ip 1.2.3.4 --dst-ip ::1
bad 2 "unknown option '--frobnicate'" --dev lo --frobnicate
bad 2 "unexpected argument 'extra'" --dev lo extra
if [ "$(id -u)" -eq 0 ]; then
	bad 1 "interface 'pzr-no-such'" --dev pzr-no-such
fi
finish
