#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# meson install hook for -Dsetcap=true: give the installed binary the file
# capabilities a run needs without root (see README, Capabilities).  The
# process drops them again once its sockets are open (pktgen-zc/priv.h).
# Arguments: the setcap program, sbindir as meson has it.  With DESTDIR
# (a staged install for a package) the capabilities are set on the
# staged file; a package format that drops extended attributes loses
# them, and its install script must run setcap instead.
set -eu
setcap=$1
sbindir=$2
caps=cap_net_raw,cap_ipc_lock,cap_net_bind_service,cap_sys_nice=ep
case $sbindir in
/*) bin="${DESTDIR:-}$sbindir/pktgen-zc" ;;
*) bin="$MESON_INSTALL_DESTDIR_PREFIX/$sbindir/pktgen-zc" ;;
esac
if [ -n "${MESON_INSTALL_DRY_RUN:-}" ]; then
	echo "would run: $setcap $caps $bin"
	exit 0
fi
if ! "$setcap" "$caps" "$bin"; then
	echo "install-setcap.sh: setcap $caps $bin failed: it needs root" \
		"(CAP_SETFCAP) and a file system with extended attributes;" \
		"rerun the install as root or set up without -Dsetcap=true" >&2
	exit 1
fi
echo "pktgen-zc: $bin now has $caps"
