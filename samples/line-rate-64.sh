#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# 64-byte frames on the wire (60 without FCS) at 1 Gbit/s of L1 bits
# (1.488 Mpps) for 10 s (DURATION=SECONDS in the environment changes it).
# Usage: line-rate-64.sh IFACE [DST_IP] [RATE]
set -eu
. "$(dirname "$0")/find-pktgen-zc.sh"
if [ $# -lt 1 ] || [ $# -gt 3 ]; then
	echo "usage: $0 IFACE [DST_IP] [RATE]" >&2
	exit 2
fi
dev=$1
dst=${2:-198.18.0.2}
rate=${3:-1Gbit}
set -x
exec "$PKTGEN_ZC" --dev "$dev" --mode packet --dst-ip "$dst" --size 60 \
	--rate "$rate" --duration "${DURATION:-10}"
