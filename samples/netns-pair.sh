#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# Two private namespaces joined by a veth pair, for trying the samples:
#   ./netns-pair.sh up     then e.g.  ip netns exec pzc-a ./line-rate-64.sh pzc-a0
#   ./netns-pair.sh down
# PREFIX=NAME in the environment (default pzc) names them NAME-a and
# NAME-b, the interfaces NAME-a0 and NAME-b0 (at most 12 characters).
# Usage: netns-pair.sh up|down
set -eu
p=${PREFIX:-pzc}
case "$p" in
"" | *[!A-Za-z0-9_-]* | ?????????????*)
	echo "$0: PREFIX='$p': 1 to 12 letters, digits, '-' or '_'" >&2
	exit 2 ;;
esac
case "${1:-up}" in
up)
	ip netns add "$p-a"
	ip netns add "$p-b"
	ip -n "$p-a" link add "$p-a0" type veth peer name "$p-b0" netns "$p-b"
	ip -n "$p-a" addr add 198.18.0.1/24 dev "$p-a0"
	ip -n "$p-b" addr add 198.18.0.2/24 dev "$p-b0"
	ip -n "$p-a" link set lo up
	ip -n "$p-b" link set lo up
	ip -n "$p-a" link set "$p-a0" up
	ip -n "$p-b" link set "$p-b0" up
	echo "$p-a0 (198.18.0.1) in $p-a <-> $p-b0 (198.18.0.2) in $p-b"
	;;
down)
	ip netns del "$p-a" 2>/dev/null || true
	ip netns del "$p-b" 2>/dev/null || true
	;;
*)
	echo "usage: $0 up|down" >&2
	exit 2
	;;
esac
