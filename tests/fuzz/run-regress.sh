#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# run-regress.sh TARGET DIR: run a fuzz target once on every input in
# DIR (inputs that once crashed it, and a few that matter), as a plain
# test.  TARGET is a libFuzzer binary (fuzz build) or the same target
# linked with driver.c: both take file names and run each once.
set -euo pipefail
source "$(dirname "$0")/../lib/common.sh"
target=${1:?usage: run-regress.sh TARGET DIR}
dir=${2:?usage: run-regress.sh TARGET DIR}
TEST_NAME="fuzz-$(basename "$dir")"
[ -x "$target" ] || fatal "'$target' is not an executable"
set -- "$dir"/*
[ -e "$1" ] || fatal "no inputs in $dir"
log "$# inputs"
exec "$target" "$@"
