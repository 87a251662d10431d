#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# 64-byte frames on the wire (60 without FCS) at 1 Gbit/s of L1 bits
# (1.488 Mpps) for 10 s.  Usage: line-rate-64.sh IFACE [DST_IP] [RATE]
set -eu
dev=${1:?usage: $0 IFACE [DST_IP] [RATE]}
dst=${2:-198.18.0.2}
rate=${3:-1Gbit}
set -x
exec pktgen-zc --dev "$dev" --mode packet --dst-ip "$dst" --size 60 \
	--rate "$rate" --duration 10
