#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# Regenerate udp-flows.pcap without sending anything (--dry-run).
set -eu
here=$(dirname "$0")
exec "${PKTGEN_ZC:-pktgen-zc}" --dev lo --dst-ip 198.18.0.2 \
	--src-ip 198.18.0.1 --dst-mac 02:00:00:00:00:02 \
	--src-mac 02:00:00:00:00:01 --dst-port 9000-9003 --size 60-1514 \
	--random size --count 64 --rate 1000 --dry-run \
	--write-pcap "$here/udp-flows.pcap" --quiet
