#!/bin/sh
# Random sizes from 60 to 1514 bytes over 256 sources and 100 destination
# ports, raw mode (the kernel routes), one JSON document at the end.
# Usage: imix-flows.sh IFACE [DST_IP]
set -eu
dev=${1:?usage: $0 IFACE [DST_IP]}
dst=${2:-198.18.0.2}
set -x
exec pktgen-zc --dev "$dev" --mode raw --dst-ip "$dst" \
	--src-ip 198.18.0.0/24 --dst-port 5000-5099 --size 60-1514 \
	--random size,src-ip --count 100000 --rate 50k --json
