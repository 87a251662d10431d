#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# Build with warnings as errors and run every test suite (unit, netns,
# vm, kernel), then the unit and netns suites again under ASan+UBSan,
# then the fuzz step (clang, libFuzzer; see below).
# Needs root for the netns and vm suites (they skip, loudly, without it).
set -euo pipefail
cd "$(dirname "$0")/.."
meson setup build-ci --wipe -Dwerror=true >/dev/null 2>&1 ||
	meson setup build-ci -Dwerror=true
meson compile -C build-ci
meson test -C build-ci --print-errorlogs --num-processes 1
# -fsanitize=undefined leaves float-cast-overflow out (gcc and clang): a
# double converted to an integer it does not fit is undefined behaviour
# that replay's timing once had; check it here too.
asan_opts=(-Dwerror=true -Db_sanitize=address,undefined -Db_lundef=false
	-Dc_args=-fsanitize=float-cast-overflow
	-Dc_link_args=-fsanitize=float-cast-overflow)
meson setup build-asan --wipe "${asan_opts[@]}" >/dev/null 2>&1 ||
	meson setup build-asan "${asan_opts[@]}"
meson compile -C build-asan
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
	meson test -C build-asan --print-errorlogs --num-processes 1 \
		--suite unit --suite netns

# Fuzz step: the tests/fuzz targets built with clang's libFuzzer, ASan
# and the UBSan checks gcc's build lacks (build-fuzz, -Dfuzz=enabled).
# First the regression inputs (tests/fuzz/regress/), the unit suite and
# the century replay under clang's UBSan; then each target for
# FUZZ_SECONDS (default 60) from seeds: the shared captures and mangled
# variants (tests/fuzz/make-seeds.py), with the corpus kept in
# build-fuzz/fuzz-corpus between runs.  Any finding fails CI and leaves
# its input in build-fuzz/fuzz-findings/: fix it, then add the input to
# tests/fuzz/regress/TARGET/ so that it runs as a plain test.
fuzz_secs=${FUZZ_SECONDS:-60}
pcaps=${PZC_PCAPS:-../shared/pcaps}
fuzz_opts=(-Dwerror=true -Dfuzz=enabled -Db_sanitize=address,undefined
	-Db_lundef=false)
CC=clang meson setup build-fuzz --wipe "${fuzz_opts[@]}" >/dev/null 2>&1 ||
	CC=clang meson setup build-fuzz "${fuzz_opts[@]}"
meson compile -C build-fuzz
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
meson test -C build-fuzz --print-errorlogs --num-processes 1 --suite unit
meson test -C build-fuzz --print-errorlogs replay-century
rm -rf build-fuzz/fuzz-seeds build-fuzz/fuzz-findings
mkdir -p build-fuzz/fuzz-findings
if [ -d "$pcaps" ]; then
	python3 tests/fuzz/make-seeds.py build-fuzz/fuzz-seeds "$pcaps"
else
	echo "test.sh: no shared captures at $pcaps: fuzzing from the" \
		"regression inputs only" >&2
fi
for t in capture replay cli frame; do
	mkdir -p "build-fuzz/fuzz-corpus/$t" "build-fuzz/fuzz-seeds/$t"
	echo "fuzz-$t: ${fuzz_secs}s"
	if ! "build-fuzz/tests/fuzz/fuzz-$t" -max_total_time="$fuzz_secs" \
		-close_fd_mask=3 -print_final_stats=1 \
		-artifact_prefix="build-fuzz/fuzz-findings/$t-" \
		"build-fuzz/fuzz-corpus/$t" "build-fuzz/fuzz-seeds/$t" \
		"tests/fuzz/regress/$t" >"build-fuzz/fuzz-$t.log" 2>&1; then
		tail -n 40 "build-fuzz/fuzz-$t.log" >&2
		echo "fuzz-$t: a finding; its input is in build-fuzz/fuzz-findings/" >&2
		exit 1
	fi
	grep -E '^stat::number_of_executed_units|DONE' "build-fuzz/fuzz-$t.log" || true
done
