#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# 64 KB sends cut into 1400-byte datagrams by the kernel (UDP_SEGMENT),
# from pinned buffers with MSG_ZEROCOPY: works on a stock kernel.  5 s
# (DURATION=SECONDS in the environment changes it).
# Usage: udp-gso-zerocopy.sh IFACE [DST_IP]
set -eu
. "$(dirname "$0")/find-pktgen-zc.sh"
if [ $# -lt 1 ] || [ $# -gt 2 ]; then
	echo "usage: $0 IFACE [DST_IP]" >&2
	exit 2
fi
dev=$1
dst=${2:-198.18.0.2}
set -x
exec "$PKTGEN_ZC" --dev "$dev" --mode udp --dst-ip "$dst" --dst-port 9000 \
	--payload-size 64400 --gso 1400 --zerocopy on --duration "${DURATION:-5}"
