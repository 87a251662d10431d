#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# The simple IMIX (64, 594 and 1518 bytes on the wire, 7:4:1) over 1000
# distinct 5-tuples (256 sources x 100 destination ports, the first 1000
# of them), raw mode (the kernel routes), one JSON document at the end
# with the sizes actually sent (end.sizes).  The same --seed repeats the
# same sequence of sizes and flows.  COUNT (default 100000) and RATE
# (default 50kpps) in the environment change the run's length and pace.
# Usage: imix-flows.sh IFACE [DST_IP]
set -eu
. "$(dirname "$0")/find-pktgen-zc.sh"
if [ $# -lt 1 ] || [ $# -gt 2 ]; then
	echo "usage: $0 IFACE [DST_IP]" >&2
	exit 2
fi
dev=$1
dst=${2:-198.18.0.2}
set -x
exec "$PKTGEN_ZC" --dev "$dev" --mode raw --dst-ip "$dst" \
	--src-ip 198.18.0.0/24 --dst-port 5000-5099 --size imix \
	--flows 1000 --seed 1 --count "${COUNT:-100000}" \
	--rate "${RATE:-50kpps}" --json
