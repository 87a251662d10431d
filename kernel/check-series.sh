#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# SPDX-License-Identifier: GPL-2.0
#
# check-series.sh - apply, style-check and bisect-build the kernel series
#
# Usage:
#   kernel/check-series.sh [-c FRAGMENT] [-w WORKDIR] [-j JOBS] [-k] [SOURCE]
#
#   SOURCE    the linux-source-6.12 tarball (default:
#             /usr/src/linux-source-6.12.tar.xz) or a clean extracted tree
#             (it is copied, never modified)
#   -c FRAG   kconfig fragment merged on top of the built-in minimal config
#             (tinyconfig + what the series and a qemu boot need)
#   -w DIR    work directory (default: a fresh mktemp -d; reuse one to keep
#             the object tree between runs)
#   -j JOBS   make parallelism (default 2)
#   -k        keep the work directory (default: kept only on failure)
#
# What it does:
#   1. extracts/copies SOURCE into WORKDIR/linux and commits it as the base
#      (git add -Af: Debian's .gitignore ignores everything at top level)
#   2. git am every kernel/patches/0*.patch except the cover letter
#   3. runs scripts/checkpatch.pl --strict on every patch file; any
#      ERROR, WARNING or CHECK fails
#   4. builds every patch of the series in order (O=WORKDIR/build): the
#      first patch with a full vmlinux, each later one incrementally with
#      the objects it touches plus vmlinux, the tip as bzImage; selftest
#      sources are compiled (C) or parsed (shell) at their patch
#
# Exit status: 0 all good, 1 a check failed, 77 a prerequisite is missing.
# Timing on 2 cores: the first full build takes 3-6 minutes, every later
# step 10-60 seconds.

set -u
set -o pipefail

here="$(cd "$(dirname "$0")" && pwd)"
patches="${here}/patches"
source="/usr/src/linux-source-6.12.tar.xz"
fragment=""
work=""
jobs=2
keep=0

die() { echo "check-series: FAIL: $*" >&2; exit 1; }
skip() {
	echo "check-series: ******************************************" >&2
	echo "check-series: SKIPPED, prerequisite missing: $*" >&2
	echo "check-series: ******************************************" >&2
	exit 77
}
step() { echo "check-series: == $*"; }

while getopts "c:w:j:kh" opt; do
	case "${opt}" in
	c) fragment="$(realpath "${OPTARG}")" || exit 77 ;;
	w) work="${OPTARG}" ;;
	j) jobs="${OPTARG}" ;;
	k) keep=1 ;;
	*) sed -n '3,31p' "$0"; exit 2 ;;
	esac
done
shift $((OPTIND - 1))
[[ $# -ge 1 ]] && source="$1"

for tool in git make gcc ld perl flex bison bc tar xz cpio realpath; do
	command -v "${tool}" >/dev/null 2>&1 || skip "${tool}"
done
echo '#include <gelf.h>' | gcc -E - >/dev/null 2>&1 || skip "libelf headers (libelf-dev)"
[[ -e "${source}" ]] || skip "kernel source ${source}"
[[ -z "${fragment}" || -r "${fragment}" ]] || skip "config fragment ${fragment}"
ls "${patches}"/0*.patch >/dev/null 2>&1 || die "no patches in ${patches}"

if [[ -z "${work}" ]]; then
	work="$(mktemp -d /tmp/check-series.XXXXXX)"
else
	mkdir -p "${work}"
fi
work="$(realpath "${work}")"
tree="${work}/linux"
build="${work}/build"
log="${work}/log"
mkdir -p "${log}"

finish() {
	local rc=$?

	if [[ ${rc} -eq 0 && ${keep} -eq 0 ]]; then
		rm -rf "${work}"
	else
		echo "check-series: work directory kept: ${work}"
	fi
}
trap finish EXIT

# Run a command with its output in a log file; show the tail on failure.
run() {
	local name="$1"

	shift
	if ! "$@" >"${log}/${name}.log" 2>&1; then
		tail -n 40 "${log}/${name}.log" >&2
		die "${name} (log: ${log}/${name}.log)"
	fi
}

gitq() { git -C "${tree}" -c user.name=check-series \
	-c user.email=check-series@invalid "$@"; }

step "source: ${source}"
rm -rf "${tree}"
mkdir -p "${tree}"
if [[ -d "${source}" ]]; then
	run copy cp -a "${source}/." "${tree}/"
	rm -rf "${tree}/.git"
else
	run extract tar -xf "${source}" -C "${tree}" --strip-components=1
fi
[[ -f "${tree}/Makefile" ]] || die "no kernel tree in ${source}"
version="$(make -s -C "${tree}" kernelversion 2>/dev/null)"
step "kernel ${version}"
run git-init gitq init -q -b base
run git-base-add gitq add -Af .
run git-base-commit gitq commit -q -m "base: linux ${version}"
run git-base-tag gitq tag series-base

step "git am"
mapfile -t series < <(ls "${patches}"/0*.patch | grep -v '/0000-cover-letter.patch$')
for p in "${series[@]}"; do
	if ! gitq am -q "${p}" >"${log}/am.log" 2>&1; then
		cat "${log}/am.log" >&2
		die "git am $(basename "${p}")"
	fi
	echo "  applied $(basename "${p}")"
done

step "checkpatch --strict"
bad=0
for p in "${series[@]}"; do
	out="${log}/checkpatch-$(basename "${p}" .patch).log"
	(cd "${tree}" && ./scripts/checkpatch.pl --strict --no-color "${p}") \
		>"${out}" 2>&1
	rc=$?
	if [[ ${rc} -ne 0 ]] || grep -qE '^(ERROR|WARNING|CHECK):' "${out}"; then
		grep -E -A4 '^(ERROR|WARNING|CHECK):' "${out}" >&2
		echo "  FAIL $(basename "${p}")" >&2
		bad=1
	else
		echo "  ok   $(basename "${p}"): $(grep -E '^total:' "${out}")"
	fi
done
[[ ${bad} -eq 0 ]] || die "checkpatch"

step "config"
cat >"${work}/minimal.config" <<'EOF'
CONFIG_64BIT=y
CONFIG_PRINTK=y
CONFIG_PRINTK_TIME=y
CONFIG_BUG=y
CONFIG_TTY=y
CONFIG_SERIAL_8250=y
CONFIG_SERIAL_8250_CONSOLE=y
CONFIG_BLK_DEV_INITRD=y
CONFIG_RD_GZIP=y
CONFIG_BINFMT_ELF=y
CONFIG_BINFMT_SCRIPT=y
CONFIG_DEVTMPFS=y
CONFIG_DEVTMPFS_MOUNT=y
CONFIG_PROC_FS=y
CONFIG_SYSFS=y
CONFIG_TMPFS=y
CONFIG_SHMEM=y
CONFIG_MULTIUSER=y
CONFIG_FUTEX=y
CONFIG_EPOLL=y
CONFIG_SIGNALFD=y
CONFIG_TIMERFD=y
CONFIG_EVENTFD=y
CONFIG_POSIX_TIMERS=y
CONFIG_UNIX98_PTYS=y
CONFIG_NAMESPACES=y
CONFIG_NET_NS=y
CONFIG_NET=y
CONFIG_PACKET=y
CONFIG_UNIX=y
CONFIG_INET=y
CONFIG_IPV6=y
CONFIG_NETDEVICES=y
CONFIG_NET_CORE=y
CONFIG_PCI=y
CONFIG_VIRTIO_MENU=y
CONFIG_VIRTIO=y
CONFIG_VIRTIO_PCI=y
CONFIG_VIRTIO_NET=y
CONFIG_VETH=y
CONFIG_DUMMY=y
CONFIG_TUN=y
CONFIG_DEBUG_KERNEL=y
CONFIG_DEBUG_INFO_NONE=y
EOF
mkdir -p "${build}"
run tinyconfig make -C "${tree}" O="${build}" tinyconfig
frags=("${work}/minimal.config")
[[ -n "${fragment}" ]] && frags+=("${fragment}")
run merge-config "${tree}/scripts/kconfig/merge_config.sh" -m -O "${build}" \
	"${build}/.config" "${frags[@]}"
run olddefconfig make -C "${tree}" O="${build}" olddefconfig
for opt in NET PACKET INET IPV6; do
	grep -q "^CONFIG_${opt}=y" "${build}/.config" ||
		die "config lacks CONFIG_${opt}=y, the series would not be built"
done

# Objects a commit touches, as make targets.
touched_objs() {
	gitq diff --name-only "$1^" "$1" -- '*.c' |
		grep -v '^tools/' | sed -e 's/\.c$/.o/'
}

step "bisect build (make -j${jobs}, O=${build})"
mapfile -t commits < <(gitq rev-list --reverse series-base..HEAD)
[[ ${#commits[@]} -eq ${#series[@]} ]] ||
	die "expected ${#series[@]} commits after git am, found ${#commits[@]}"
first=1
for c in "${commits[@]}"; do
	subject="$(gitq log -1 --format=%s "${c}")"
	run "checkout-${c:0:12}" gitq checkout -q "${c}"
	t0=${SECONDS}
	mapfile -t objs < <(touched_objs "${c}")
	if [[ ${#objs[@]} -gt 0 || ${first} -eq 1 ]]; then
		run "build-${c:0:12}" make -C "${tree}" O="${build}" -j"${jobs}" \
			"${objs[@]}" vmlinux
		first=0
		# A warning in a file this commit touches is a failure.
		for o in "${objs[@]}"; do
			if grep -F "${o%.o}.c:" "${log}/build-${c:0:12}.log" |
			   grep -q 'warning:'; then
				grep -F "${o%.o}.c:" "${log}/build-${c:0:12}.log" >&2
				die "compiler warning in ${o%.o}.c"
			fi
		done
	fi
	for f in $(gitq diff --name-only "${c}^" "${c}" -- 'tools/*.c'); do
		run "cc-$(basename "${f}")" gcc -Wall -Werror -O2 \
			-o "${work}/$(basename "${f}" .c)" "${tree}/${f}"
	done
	for f in $(gitq diff --name-only "${c}^" "${c}" -- 'tools/*.sh'); do
		run "sh-$(basename "${f}")" bash -n "${tree}/${f}"
	done
	echo "  ok   ${subject} ($((SECONDS - t0)) s)"
done

step "tip: bzImage"
t0=${SECONDS}
run bzImage make -C "${tree}" O="${build}" -j"${jobs}" bzImage
echo "  ok   $(realpath "${build}/arch/x86/boot/bzImage") ($((SECONDS - t0)) s)"
step "PASS: ${#series[@]} patches apply, pass checkpatch --strict and build one by one"
exit 0
