#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# 64 KB sends cut into 1400-byte datagrams by the kernel (UDP_SEGMENT),
# from pinned buffers with MSG_ZEROCOPY: works on a stock kernel.
# Usage: udp-gso-zerocopy.sh IFACE [DST_IP]
set -eu
dev=${1:?usage: $0 IFACE [DST_IP]}
dst=${2:-198.18.0.2}
set -x
exec pktgen-zc --dev "$dev" --mode udp --dst-ip "$dst" --dst-port 9000 \
	--payload-size 64400 --gso 1400 --zerocopy on --duration 5
