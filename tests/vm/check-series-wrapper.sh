#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# Run kernel/check-series.sh if the kernel series ships one; skip (77) if not,
# so the test can be registered before the script exists.
root=${1:?usage: check-series-wrapper.sh SRCROOT}
script=$root/kernel/check-series.sh
if [ ! -f "$script" ]; then
	echo "SKIP: $script does not exist (yet)"
	exit 77
fi
cd "$root" && exec bash "$script"
