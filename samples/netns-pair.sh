#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# Two private namespaces joined by a veth pair, for trying the samples:
#   ./netns-pair.sh up     then e.g.  ip netns exec pzc-a ./line-rate-64.sh pzc-a0
#   ./netns-pair.sh down
set -eu
case "${1:-up}" in
up)
	ip netns add pzc-a
	ip netns add pzc-b
	ip -n pzc-a link add pzc-a0 type veth peer name pzc-b0 netns pzc-b
	ip -n pzc-a addr add 198.18.0.1/24 dev pzc-a0
	ip -n pzc-b addr add 198.18.0.2/24 dev pzc-b0
	ip -n pzc-a link set pzc-a0 up
	ip -n pzc-b link set pzc-b0 up
	echo "pzc-a0 (198.18.0.1) in pzc-a <-> pzc-b0 (198.18.0.2) in pzc-b"
	;;
down)
	ip netns del pzc-a 2>/dev/null || true
	ip netns del pzc-b 2>/dev/null || true
	;;
*)
	echo "usage: $0 up|down" >&2
	exit 2
	;;
esac
