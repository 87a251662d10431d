#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# Regenerate udp-flows.pcap (or write OUT) without sending anything
# (--dry-run); --seed makes the same frames every time.
# Usage: make-udp-flows.sh [OUT]
set -eu
. "$(dirname "$0")/find-pktgen-zc.sh"
if [ $# -gt 1 ]; then
	echo "usage: $0 [OUT]" >&2
	exit 2
fi
out=${1:-$(dirname "$0")/udp-flows.pcap}
exec "$PKTGEN_ZC" --dev lo --dst-ip 198.18.0.2 \
	--src-ip 198.18.0.1 --dst-mac 02:00:00:00:00:02 \
	--src-mac 02:00:00:00:00:01 --dst-port 9000-9003 --size 60-1514 \
	--random size --seed 1 --count 64 --rate 1000 --dry-run \
	--write-pcap "$out" --quiet
