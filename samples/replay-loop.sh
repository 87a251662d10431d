#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# Replay the sample capture ten times at ten times its own speed.
# Usage: replay-loop.sh IFACE
set -eu
dev=${1:?usage: $0 IFACE}
here=$(dirname "$0")
set -x
exec pktgen-zc replay "$here/udp-flows.pcap" --dev "$dev" --speed 10 \
	--loop 10
