#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# Replay the sample capture ten times at ten times its own speed.
# Usage: replay-loop.sh IFACE
set -eu
. "$(dirname "$0")/find-pktgen-zc.sh"
if [ $# -ne 1 ]; then
	echo "usage: $0 IFACE" >&2
	exit 2
fi
here=$(dirname "$0")
set -x
exec "$PKTGEN_ZC" replay "$here/udp-flows.pcap" --dev "$1" --speed 10 \
	--loop 10
