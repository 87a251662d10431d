#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# Install what pktgen-zc needs to build, test and benchmark on Debian 12
# (run as root).  Used by the README's commands and by .ci/run.
set -eu
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
apt-get install -y -q --no-install-recommends \
	build-essential meson ninja-build pkg-config \
	libpcap-dev libnl-3-dev libnl-route-3-dev libcunit1-dev zlib1g-dev \
	iproute2 util-linux libcap2-bin procps python3 jq bsdextrautils \
	tshark tcpdump tcpreplay netsniff-ng nftables clang gzip ethtool \
	qemu-system-x86 busybox-static linux-source-6.12 \
	bc bison flex libelf-dev libssl-dev cpio xz-utils kmod git \
	ca-certificates
