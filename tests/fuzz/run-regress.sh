#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# run-regress.sh TARGET DIR: run a fuzz target once on every input in
# DIR (inputs that once crashed it, and a few that matter), as a plain
# test.  TARGET is a libFuzzer binary (fuzz build) or the same target
# linked with driver.c: both take file names and run each once.
set -eu
target=$1
dir=$2
set -- "$dir"/*
[ -e "$1" ] || { echo "run-regress.sh: no inputs in $dir" >&2; exit 1; }
exec "$target" "$@"
