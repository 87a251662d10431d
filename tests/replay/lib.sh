# SPDX-License-Identifier: GPL-2.0-only
# The replay suite's layer over tests/lib/common.sh (sourced, bash).  Each
# test gets its own pair of namespaces (NS_A sender, NS_B peer; see
# ns_pair) joined by a veth pair rpa <-> rpb.  Neither end has an address
# and both have IPv6 disabled, so neither kernel sends anything of its
# own (no router solicitations, MLD, ARP): a capture on rpb without a
# filter holds exactly what pktgen-zc sent, which is what replaying
# arbitrary captures (STP, IPX, DECnet, ...) needs.  The exit trap
# removes the namespaces and every temporary file.
#
# The executables come from meson (env): PKTGEN_ZC, PZC_CAPTURE; PZC_PCAPS
# is the shared capture directory.  pcaputil.py (next to this file) is the
# independent oracle: it reads captures without libpcap, predicts what
# replay must send and generates test captures.

set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../lib/common.sh"

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
DEV_A=rpa
DEV_B=rpb
# Everything that arrives, for up to a minute; 200 ms after the count.
CAP_OPTS=(-f "" -t 60 -g 200)

require_pcaps() {
	[ -n "${PZC_PCAPS:-}" ] && [ -d "$PZC_PCAPS" ] &&
		[ -f "$PZC_PCAPS/INDEX.tsv" ] ||
		skip "the shared captures are missing: \$PZC_PCAPS='${PZC_PCAPS:-}' (the repository's ../shared/pcaps; CI has it)"
}

setup() {
	require_root
	require_cmd ip python3
	require_exe PKTGEN_ZC PZC_CAPTURE PZC_PCAPCMP
	PY=$(python3 -c 'import sys; print(sys.executable)')
	tmpdir
	ns_new NS_A a
	ns_new NS_B b
	ns_ipv6_off "$NS_A"
	ns_ipv6_off "$NS_B"
	ns_pair
}

# The interpreter itself, not a version manager's shim in front of it
# (pyenv's costs seconds a call on a loaded machine).
# Set by setup().
PY=python3
util() { "$PY" "$HERE/pcaputil.py" "$@"; }

# replay NAME ARGS...: pktgen-zc replay ARGS --dev rpa --json in the
# sender namespace; stdout to $TMP/NAME.json, stderr to $TMP/NAME.err,
# the exit status in RC.  A sanitizer report or a death by signal is a
# failure whatever the test expects (CI runs this suite under ASan+UBSan).
replay() {
	local name=$1
	shift
	RC=0
	ip netns exec "$NS_A" "$PKTGEN_ZC" replay "$@" --dev "$DEV_A" --json \
		>"$TMP/$name.json" 2>"$TMP/$name.err" || RC=$?
	no_sanitizer "$TMP/$name.err" "pktgen-zc replay $*" || true
	if [ "$RC" -ge 128 ]; then
		cat "$TMP/$name.err" >&2
		fail "$name: pktgen-zc replay $* died by signal $((RC - 128))"
	fi
}

# jget NAME EXPR: a value from the end object of $TMP/NAME.json, EXPR a
# python expression over `e` (json.dumps'd unless a str).
jget() {
	"$PY" - "$TMP/$1.json" "$2" <<'EOF'
import json, sys
doc = json.load(open(sys.argv[1]))
e = doc["end"]
v = eval(sys.argv[2])
print(v if isinstance(v, str) else json.dumps(v, sort_keys=True))
EOF
}

# replay_ok NAME ARGS...: replay, which must exit 0 with "error": null
# (grep, not python: this runs often and python starts slowly).
replay_ok() {
	local name=$1
	replay "$@"
	if [ "$RC" -ne 0 ]; then
		cat "$TMP/$name.err" >&2
		fail "$name: pktgen-zc replay ${*:2} exited $RC"
		return 1
	fi
	grep -q '"error": null' "$TMP/$name.json" || {
		fail "$name: the JSON reports an error or has no end: $(grep -o '"error": .*' "$TMP/$name.json")"
		return 1
	}
	return 0
}
