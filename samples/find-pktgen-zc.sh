# SPDX-License-Identifier: GPL-2.0-only
# Sourced by the samples (POSIX sh): sets PKTGEN_ZC to the pktgen-zc to
# run.  First $PKTGEN_ZC if set, then the build tree beside the samples
# (../build/pktgen-zc/pktgen-zc, as `meson setup build && meson compile
# -C build` in the repository makes it), then pktgen-zc in PATH.  With
# none of them the sample stops: one line on what to do, exit 127.
pzc_me=$(basename "$0")
pzc_tree=$(cd "$(dirname "$0")/.." && pwd)/build/pktgen-zc/pktgen-zc
if [ -n "${PKTGEN_ZC:-}" ]; then
	if [ ! -x "$PKTGEN_ZC" ]; then
		echo "$pzc_me: PKTGEN_ZC='$PKTGEN_ZC' is not an executable file" >&2
		exit 127
	fi
elif [ -x "$pzc_tree" ]; then
	PKTGEN_ZC=$pzc_tree
elif command -v pktgen-zc >/dev/null 2>&1; then
	PKTGEN_ZC=$(command -v pktgen-zc)
else
	echo "$pzc_me: pktgen-zc not found: not in \$PKTGEN_ZC, $pzc_tree or PATH; build it (meson setup build && meson compile -C build) or set PKTGEN_ZC=/path/to/pktgen-zc" >&2
	exit 127
fi
