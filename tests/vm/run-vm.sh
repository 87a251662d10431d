#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# tests/vm/run-vm.sh - build the patched 6.12 kernel, boot it under qemu (TCG)
# and prove the kernel/ series: SO_ZEROCOPY/MSG_ZEROCOPY on packet and raw
# (IP_HDRINCL) sockets.
#
#   run-vm.sh TOOL SRCROOT OUTDIR CHECK
#
# TOOL     the pktgen-zc binary ("" or a missing file: the pktgen checks skip)
# SRCROOT  the project source root (kernel/patches, kernel/config.fragment)
# OUTDIR   where this run keeps its work and verdicts (the meson build dir)
# CHECK    boot | so | probe | mt | nobufs | batch | gso | rxpath | virtio | dummy | veth |
#          release | bypass | pktgen-gso | selftest | dmesg | all
#          (or key: print the kernel cache directory of this series)
#
# The first CHECK to run builds what is missing and boots the VM once; the
# verdicts are kept in OUTDIR/vm-results, keyed by everything that went into
# them, and every other CHECK only reads them.  Exit 0 pass, 1 fail, 77 skip.
#
# Environment:
#   PKTGEN_ZC_VM_CACHE      kernel cache (default /var/cache/pktgen-zc-vm):
#                           <key>/bzImage and <key>/msg_zerocopy, where key is
#                           the sha256 of the patches, the config fragment, the
#                           kernel source version and this build recipe.
#   PKTGEN_ZC_VM_NO_SERIES  1: build and boot the same kernel WITHOUT the
#                           series (the stock-kernel proof: the zerocopy
#                           checks must then fail).  Patches that touch only
#                           tools/testing/selftests are still applied, so the
#                           same msg_zerocopy meets the stock kernel.
#   PKTGEN_ZC_VM_COUNT      frames per pktgen-zc run (default 500)
#   PKTGEN_ZC_VM_MT_COUNT   sends per thread, two threads on one socket
#                           (default 100000; the broken variant 2000)
#   PKTGEN_ZC_VM_RX_COUNT   frames per receive-path check (default 2000)
#   PKTGEN_ZC_VM_RELEASE_COUNT  frames of the early-release check in packet
#                           mode (100000; raw mode a fifth, the broken
#                           variant 5000)
#   PKTGEN_ZC_VM_JOBS       make -j (default: nproc)
set -euo pipefail

TOOL=${1-}
SRCROOT=${2:?usage: run-vm.sh TOOL SRCROOT OUTDIR CHECK}
OUTDIR=${3:?usage: run-vm.sh TOOL SRCROOT OUTDIR CHECK}
CHECK=${4:-all}

HERE=$(cd "$(dirname "$0")" && pwd)
SRCROOT=$(cd "$SRCROOT" && pwd)
mkdir -p "$OUTDIR"
OUTDIR=$(cd "$OUTDIR" && pwd)
TARBALL=${PKTGEN_ZC_VM_TARBALL:-/usr/src/linux-source-6.12.tar.xz}
CACHE=${PKTGEN_ZC_VM_CACHE:-/var/cache/pktgen-zc-vm}
NO_SERIES=${PKTGEN_ZC_VM_NO_SERIES:-0}
COUNT=${PKTGEN_ZC_VM_COUNT:-500}
# sends per thread of the two-thread one-socket check
MT_COUNT=${PKTGEN_ZC_VM_MT_COUNT:-100000}
# frames through each receive path (plain veth, GRO fraglist, XDP)
RX_COUNT=${PKTGEN_ZC_VM_RX_COUNT:-2000}
# stamped frames of the early-release check through a pool of few slots
RELEASE_COUNT=${PKTGEN_ZC_VM_RELEASE_COUNT:-100000}
JOBS=${PKTGEN_ZC_VM_JOBS:-$(nproc)}
# bump when the way the kernel is built changes, so the cache is not trusted
RECIPE=3
# filter-dump writes the virtio-net header of a vnet_hdr backend in front of
# every frame (qemu 7.2: struct virtio_net_hdr_v1, 12 bytes)
VNET_HDR_LEN=12

if [ "$NO_SERIES" = 1 ]; then
	RESULTS=$OUTDIR/vm-results-stock
else
	RESULTS=$OUTDIR/vm-results
fi

note() { echo "run-vm: $*" >&2; }

skip() {
	echo "######################################################################"
	echo "# SKIP: the VM bench can not run here:"
	for m in "$@"; do echo "#   $m"; done
	echo "# Install: qemu-system-x86 linux-source-6.12 busybox-static bc bison"
	echo "#   flex libelf-dev libssl-dev cpio iproute2 build-essential python3"
	echo "# and run as root (tap device in a private network namespace)."
	echo "######################################################################"
	exit 77
}

# ---- prerequisites ----------------------------------------------------------
check_prereqs() {
	local missing=() c
	for c in qemu-system-x86_64 gcc make bison flex bc cpio gzip python3 \
		unshare git xz tar sha256sum ldd ip; do
		command -v "$c" > /dev/null 2>&1 || missing+=("command $c")
	done
	[ -r "$TARBALL" ] || missing+=("$TARBALL (package linux-source-6.12)")
	if [ ! -x /bin/busybox ] || ldd /bin/busybox > /dev/null 2>&1; then
		missing+=("a static /bin/busybox (package busybox-static)")
	fi
	[ "$(id -u)" = 0 ] || missing+=("root")
	[ -c /dev/net/tun ] || missing+=("/dev/net/tun")
	[ -e /usr/include/libelf.h ] || missing+=("libelf.h (package libelf-dev)")
	if [ "${#missing[@]}" -eq 0 ] &&
	   ! echo 'int main(void){return 0;}' |
		gcc -static -x c -o /dev/null - 2> /dev/null; then
		missing+=("gcc -static (package libc6-dev)")
	fi
	if [ "${#missing[@]}" -eq 0 ] && ! unshare --net true 2> /dev/null; then
		missing+=("unshare --net (network namespaces)")
	fi
	[ "${#missing[@]}" -eq 0 ] || skip "${missing[@]}"
}

# ---- the kernel -------------------------------------------------------------
# The series is copied once, at the start, into SERIES_DIR: the key and the
# patches applied are then the same files even while someone edits the series.
SERIES_DIR=
snapshot_series() {
	local p
	SERIES_DIR=$(mktemp -d "${TMPDIR:-/tmp}/pktgen-zc-vm-series.XXXXXX")
	trap 'rm -rf "$SERIES_DIR"' EXIT
	[ -d "$SRCROOT/kernel/patches" ] || return 0
	find "$SRCROOT/kernel/patches" -maxdepth 1 -name '*.patch' \
		! -name '0000-cover-letter.patch' | while read -r p; do
		# without the series, keep the patches that touch nothing but
		# the selftests: the same msg_zerocopy then meets a stock kernel
		if [ "$NO_SERIES" = 1 ] &&
		   grep '^+++ b/' "$p" | grep -qv '^+++ b/tools/testing/selftests/'; then
			continue
		fi
		cp "$p" "$SERIES_DIR/"
	done
}

series_patches() {
	find "$SERIES_DIR" -maxdepth 1 -name '*.patch' | LC_ALL=C sort
}

kernel_key() {
	local p
	{
		echo "recipe $RECIPE"
		echo "source $(dpkg-query -W -f='${Version}' linux-source-6.12 2>/dev/null ||
			stat -c '%s %Y' "$TARBALL")"
		echo "tarball $(basename "$TARBALL")"
		echo "gcc $(gcc -dumpfullversion)"
		echo "--- config.fragment"
		cat "$SRCROOT/kernel/config.fragment"
		while read -r p; do
			[ -n "$p" ] || continue
			echo "--- patch $(basename "$p")"
			cat "$p"
		done <<< "$(series_patches)"
	} | sha256sum | cut -c1-24
}

# The fragment is merged with -m and then olddefconfig, which silently drops
# an option whose dependencies are unmet; a test kernel that lacks, say,
# KASAN must not pass for one that has it.
verify_config() {
	local cfg=$1 bad=0 line opt
	while read -r line; do
		case "$line" in
		CONFIG_*=*)
			grep -qxF "$line" "$cfg" ||
				{ note "config: wanted $line, got: $(grep "^${line%%=*}=" "$cfg" || echo unset)"; bad=1; } ;;
		"# CONFIG_"*" is not set")
			opt=${line#"# "}; opt=${opt%% *}
			grep -q "^$opt=" "$cfg" && { note "config: wanted $opt unset"; bad=1; } ;;
		esac
	done < "$SRCROOT/kernel/config.fragment"
	return $bad
}

# One kernel tree is kept in the cache (CACHE/tree) with the stock source as
# its base commit: a new key resets it to that commit and applies the series
# again, so make rebuilds only what the patches (or the reset) touched.
# Extraction and the base commit happen only when the tree is missing or of
# another source version.
prepare_tree() { # TREE LOG
	local tree=$1 log=$2 want have
	want="$(basename "$TARBALL") $(dpkg-query -W -f='${Version}' linux-source-6.12 2>/dev/null || stat -c '%s %Y' "$TARBALL")"
	have=$(cat "$tree/.pktgen-zc-base" 2>/dev/null || true)
	if [ "$have" != "$want" ] || ! git -C "$tree" rev-parse -q --verify base > /dev/null 2>&1; then
		note "extracting $TARBALL into $tree"
		rm -rf "$tree"
		mkdir -p "$tree"
		tar -xf "$TARBALL" -C "$tree" --strip-components=1
		(
			cd "$tree"
			git init -q .
			# Debian's .gitignore ignores everything at the top level
			git add -Af .
			git commit -q -m "base: $want"
			git tag base
		) >> "$log" 2>&1 || return 1
		echo "$want" > "$tree/.pktgen-zc-base"
	elif [ "$(cat "$tree/.pktgen-zc-series" 2>/dev/null)" = "$(series_hash)" ] &&
	     [ -z "$(git -C "$tree" status --porcelain --untracked-files=no)" ]; then
		# the same series is applied already: touch nothing, so that
		# make has nothing to redo
		note "reusing the kernel tree $tree, the series is applied already"
		return 0
	else
		note "reusing the kernel tree $tree"
		(
			cd "$tree"
			git am --abort > /dev/null 2>&1 || true
			save_mtimes
			git reset -q --hard base
		) >> "$log" 2>&1 || return 1
	fi
	rm -f "$tree/.pktgen-zc-series"
	return 2
}

# Resetting the tree to base and applying the series again rewrites every
# file the series touches, and make would then rebuild everything that
# includes, say, include/linux/skbuff.h, although the file is the same as
# in the last build.  So the content hash and mtime of every file the old
# series changed are kept, and a file that comes back with the same content
# gets its old mtime back (restore_mtimes, after git am): only what really
# changed is rebuilt.
save_mtimes() { # in the tree
	local f
	git diff --name-only base HEAD -- 2> /dev/null | while read -r f; do
		[ -f "$f" ] || continue
		echo "$(git hash-object "$f") $(stat -c %.9Y "$f") $f"
	done > .pktgen-zc-mtimes
}

restore_mtimes() { # in the tree
	local hash mtime f
	[ -f .pktgen-zc-mtimes ] || return 0
	while read -r hash mtime f; do
		[ -f "$f" ] && [ "$(git hash-object "$f")" = "$hash" ] &&
			touch -m -d "@$mtime" "$f"
	done < .pktgen-zc-mtimes
	rm -f .pktgen-zc-mtimes
}

series_hash() {
	local p
	while read -r p; do
		[ -n "$p" ] || continue
		echo "--- patch $(basename "$p")"
		cat "$p"
	done <<< "$(series_patches)" | sha256sum | cut -c1-24
}

build_kernel() { # KEY DEST
	local key=$1 dest=$2 tree="$CACHE/tree" log="$CACHE/build-$1.log"
	local t0 p n=0
	t0=$(date +%s)
	note "building kernel $key (log: $log)"
	rm -rf "$dest.tmp"
	mkdir -p "$dest.tmp"
	: > "$log"
	export GIT_AUTHOR_NAME=pktgen-zc-vm GIT_AUTHOR_EMAIL=vm@pktgen-zc.invalid
	export GIT_COMMITTER_NAME=pktgen-zc-vm GIT_COMMITTER_EMAIL=vm@pktgen-zc.invalid
	local rc=0
	prepare_tree "$tree" "$log" || rc=$?
	[ "$rc" = 0 ] || [ "$rc" = 2 ] || { note "preparing the tree failed:"; tail -20 "$log" >&2; return 1; }
	[ "$rc" = 0 ] || (
		cd "$tree"
		while read -r p; do
			[ -n "$p" ] || continue
			git am -q "$p" || { git am --abort || true; echo "git am failed: $p"; exit 1; }
			n=$((n + 1))
		done <<< "$(series_patches)"
		echo "applied $n patches"
		restore_mtimes
	) >> "$log" 2>&1 || { note "applying the series failed:"; tail -20 "$log" >&2; return 1; }
	series_hash > "$tree/.pktgen-zc-series"
	git -C "$tree" log --oneline > "$dest.tmp/series.txt"
	[ "$rc" = 0 ] || note "$(tail -1 "$log")"
	(
		cd "$tree"
		export KBUILD_BUILD_USER=pktgen-zc KBUILD_BUILD_HOST=vm
		make -s tinyconfig
		scripts/kconfig/merge_config.sh -m .config "$SRCROOT/kernel/config.fragment"
		make -s olddefconfig
	) >> "$log" 2>&1 || { note "configuring failed:"; tail -20 "$log" >&2; return 1; }
	verify_config "$tree/.config" || { note "config fragment not honoured"; return 1; }
	note "make -j$JOBS bzImage"
	(
		cd "$tree"
		export KBUILD_BUILD_USER=pktgen-zc KBUILD_BUILD_HOST=vm
		make -j"$JOBS" bzImage
		make -s headers
	) >> "$log" 2>&1 || { note "kernel build failed:"; grep -E 'error|Error' "$log" | tail -20 >&2; tail -5 "$log" >&2; return 1; }
	# the selftest from the same (patched) tree, against its own uapi headers
	gcc -static -O2 -isystem "$tree/usr/include" \
		-o "$dest.tmp/msg_zerocopy" \
		"$tree/tools/testing/selftests/net/msg_zerocopy.c" >> "$log" 2>&1 ||
		{ note "building msg_zerocopy failed:"; tail -20 "$log" >&2; return 1; }
	cp "$tree/tools/testing/selftests/net/msg_zerocopy.sh" "$dest.tmp/"
	cp "$tree/arch/x86/boot/bzImage" "$tree/.config" "$dest.tmp/"
	echo "$(( $(date +%s) - t0 ))" > "$dest.tmp/build-seconds"
	cp "$log" "$dest.tmp/build.log"
	mv "$dest.tmp" "$dest"
	rm -f "$log"
	note "kernel built in $(cat "$dest/build-seconds") s"
}

ensure_kernel() { # sets KDIR
	local key
	key=$(kernel_key)
	KDIR=$CACHE/$key
	if [ -s "$KDIR/bzImage" ] && [ -x "$KDIR/msg_zerocopy" ]; then
		# complete entries are never changed: no need to wait for the lock
		note "cached kernel $KDIR"
		return 0
	fi
	mkdir -p "$CACHE"
	exec 8> "$CACHE/.lock"
	flock 8
	if [ -s "$KDIR/bzImage" ] && [ -x "$KDIR/msg_zerocopy" ]; then
		note "cached kernel $KDIR"
	else
		build_kernel "$key" "$KDIR" || { flock -u 8; return 1; }
		# keep the cache from growing without bound: newest 4 kernels
		ls -1dt "$CACHE"/*/ 2> /dev/null | grep -v '/tree/$' | tail -n +5 |
			xargs -r rm -rf
	fi
	flock -u 8
}

# ---- the initramfs ----------------------------------------------------------
copy_with_libs() { # BINARY DEST_IN_ROOT ROOT
	local bin=$1 dest=$2 root=$3 lib
	install -D -m 755 "$bin" "$root$dest"
	# shared libraries and the dynamic loader, at the paths ldd names
	ldd "$bin" 2> /dev/null | awk '
		/=> \// { print $3 }
		/^[ \t]*\/[^ ]+ \(/ { print $1 }' | while read -r lib; do
		[ -e "$root$lib" ] || install -D -m 755 "$(readlink -f "$lib")" "$root$lib"
	done
}

make_initramfs() { # WORK
	local work=$1 root=$1/root
	rm -rf "$root"
	mkdir -p "$root"/{bin,sbin,usr/bin,usr/sbin,usr/local/bin,usr/local/sbin,etc,proc,sys,dev,tmp,run,out,var}
	install -m 755 /bin/busybox "$root/bin/busybox"
	install -m 755 "$HERE/init.sh" "$root/init"
	copy_with_libs "$(command -v ip)" /usr/local/sbin/ip "$root"
	gcc -static -O2 -Wall -Wextra -o "$root/usr/local/bin/zcprobe" "$HERE/zcprobe.c"
	gcc -static -O2 -Wall -Wextra -o "$root/usr/local/bin/zcrecv" "$HERE/zcrecv.c"
	gcc -static -O2 -Wall -Wextra -pthread -o "$root/usr/local/bin/zcstress" \
		"$HERE/zcstress.c"
	install -m 755 "$KDIR/msg_zerocopy" "$root/usr/local/bin/msg_zerocopy"
	HAVE_TOOL=0
	if [ -n "$TOOL" ] && [ -x "$TOOL" ]; then
		copy_with_libs "$TOOL" /usr/local/bin/pktgen-zc "$root"
		HAVE_TOOL=1
	fi
	cat > "$root/etc/vmtest.conf" <<-EOF
		HAVE_TOOL=$HAVE_TOOL
		COUNT=$COUNT
		MT_COUNT=$MT_COUNT
		RX_COUNT=$RX_COUNT
		RELEASE_COUNT=$RELEASE_COUNT
		BENCH=${BENCH:-0}
		BENCH_COUNT=${BENCH_COUNT:-5000}
		SERIES="$( [ "$NO_SERIES" = 1 ] && echo "removed (stock kernel; $(series_patches | wc -l) selftest-only patches)" || echo "$(series_patches | wc -l) patches")"
	EOF
	(cd "$root" && find . | LC_ALL=C sort | cpio -o -H newc --quiet -R 0:0) |
		gzip -1 > "$work/initramfs.gz"
}

# ---- the VM -----------------------------------------------------------------
boot_vm() { # WORK
	local work=$1 t0 rc=0
	rm -f "$work/dump.pcap" "$work/console.log" "$work/out.img"
	rm -rf "$work/out"
	mkdir -p "$work/out"
	# room for the two 100k-frame --write-pcap files of vm-pktgen-release
	truncate -s 512M "$work/out.img"
	t0=$(date +%s)
	note "booting the VM (console: $work/console.log)"
	# eth0's backend is a tap created inside a network namespace of its own
	# (unshare --net) and left down there: nothing the guest sends can reach
	# any network, and qemu's filter-dump records every frame eth0 sends.
	# A tap (vnet_hdr) rather than a hub port, because qemu offers
	# virtio-net checksum offload, and with it scatter-gather, only to a
	# backend with a vnet header; without SG the guest kernel linearizes
	# (copies) every zerocopy frame and eth0 could never show real zerocopy.
	# Two vCPUs on multi-threaded TCG: the concurrent-sender check needs
	# them to run at the same time; the kernel finds the second one only
	# through ACPI.  acpi=noirq: PCI interrupts are routed as without ACPI,
	# because evaluating qemu's _PRT under KASAN on a loaded host can run
	# into ACPI's 30-second loop timeout and leave the devices without INTx.
	# tx=timer: qemu reads eth0's TX queue up to 150 us after the guest's
	# kick rather than at once, so a sender that reuses a buffer right
	# after its send (the deliberately broken variants) is caught every
	# time, not only when the host happens to be slower than the guest.
	timeout 1800 unshare --net -- qemu-system-x86_64 \
		-accel tcg,thread=multi -m 2G -smp 2 -nographic -no-reboot \
		-kernel "$KDIR/bzImage" -initrd "$work/initramfs.gz" \
		-append "console=ttyS0 panic=-1 oops=panic printk.time=1 acpi=noirq" \
		-netdev tap,id=n0,ifname=zctap0,script=no,downscript=no,vnet_hdr=on \
		-device virtio-net-pci,netdev=n0,mac=02:00:00:00:00:01,tx=timer \
		-object filter-dump,id=f0,netdev=n0,file="$work/dump.pcap",maxlen=65536 \
		-drive file="$work/out.img",format=raw,if=none,id=d0 \
		-device virtio-blk-pci,drive=d0 \
		< /dev/null > "$work/console.log" 2>&1 || rc=$?
	echo "$(( $(date +%s) - t0 ))" > "$work/vm-seconds"
	note "VM exited with $rc after $(cat "$work/vm-seconds") s"
	echo "$rc" > "$work/qemu-rc"
	tar -xf "$work/out.img" -C "$work/out" 2> /dev/null || true
}

results_key() {
	{
		echo "kernel $KDIR"
		echo "no-series $NO_SERIES count $COUNT $MT_COUNT $RX_COUNT $RELEASE_COUNT"
		if [ -n "$TOOL" ] && [ -x "$TOOL" ]; then
			sha256sum < "$TOOL"
			ldd "$TOOL" 2> /dev/null | awk '{print $1}'
		else
			echo "no tool"
		fi
		cat "$HERE"/init.sh "$HERE"/run-vm.sh "$HERE"/evaluate.py \
			"$HERE"/pcapcmp.py "$HERE"/zcprobe.c "$HERE"/zcrecv.c \
			"$HERE"/zcstress.c
	} | sha256sum | cut -c1-32
}

ensure_results() {
	mkdir -p "$RESULTS"
	exec 9> "$RESULTS/.lock"
	flock 9
	local work=$RESULTS/work key t0
	t0=$(date +%s)
	if ! ensure_kernel; then
		echo "VMTEST boot FAIL the kernel could not be built (see above)" > "$RESULTS/verdicts.txt"
		echo "failed-build $(date +%s)" > "$RESULTS/key"
		flock -u 9
		return 0
	fi
	key=$(results_key)
	if [ -s "$RESULTS/verdicts.txt" ] && [ "$(cat "$RESULTS/key" 2>/dev/null)" = "$key" ]; then
		note "reusing the results of the VM run in $RESULTS"
		flock -u 9
		return 0
	fi
	rm -f "$RESULTS/key" "$RESULTS/verdicts.txt"
	mkdir -p "$work"
	make_initramfs "$work"
	boot_vm "$work"
	python3 "$HERE/evaluate.py" --out "$work/out" --dump "$work/dump.pcap" \
		--console "$work/console.log" --count "$COUNT" \
		--have-tool "$HAVE_TOOL" --dump-strip "$VNET_HDR_LEN" > "$RESULTS/verdicts.txt" 2> "$RESULTS/evaluate.log" ||
		echo "VMTEST evaluate FAIL evaluate.py crashed: $(tail -1 "$RESULTS/evaluate.log")" >> "$RESULTS/verdicts.txt"
	{
		echo "kernel: $KDIR ($(wc -l < "$KDIR/series.txt") commits incl. base)"
		echo "kernel build seconds (when built): $(cat "$KDIR/build-seconds")"
		echo "vm seconds: $(cat "$work/vm-seconds")"
		echo "total seconds this run: $(( $(date +%s) - t0 ))"
	} > "$RESULTS/timing.txt"
	echo "$key" > "$RESULTS/key"
	flock -u 9
}

# ---- the bench ----------------------------------------------------------------
# run-vm.sh TOOL SRCROOT OUTDIR bench: boot once with -icount (one vCPU,
# single-threaded TCG) and run only the copy-vs-zerocopy grid of init.sh.
# With -icount shift=0 the guest clock advances one nanosecond per guest
# instruction, so the guest's ns per frame are instructions per frame:
# deterministic, and blind to caches and memory bandwidth by construction.
# PKTGEN_ZC_VM_BENCH_KERNEL=bzImage boots another kernel (e.g. the
# non-debug one check-series.sh -k builds) instead of the debug one.
run_bench() {
	local work=$OUTDIR/vm-bench
	check_prereqs
	if [ -n "${PKTGEN_ZC_VM_BENCH_KERNEL:-}" ]; then
		KDIR=$(mktemp -d "${TMPDIR:-/tmp}/pktgen-zc-bench.XXXXXX")
		cp "$PKTGEN_ZC_VM_BENCH_KERNEL" "$KDIR/bzImage"
		# the bench does not run the selftest
		: > "$KDIR/msg_zerocopy"
	else
		ensure_kernel || exit 1
	fi
	mkdir -p "$work"
	BENCH=1 make_initramfs "$work"
	note "booting the bench VM (-icount shift=0; console: $work/console.log)"
	timeout 900 unshare --net -- qemu-system-x86_64 \
		-accel tcg -icount shift=0,sleep=off -m 1G -smp 1 -nographic -no-reboot \
		-kernel "$KDIR/bzImage" -initrd "$work/initramfs.gz" \
		-append "console=ttyS0 panic=-1 oops=panic printk.time=1 acpi=noirq" \
		-netdev tap,id=n0,ifname=zctap0,script=no,downscript=no,vnet_hdr=on \
		-device virtio-net-pci,netdev=n0,mac=02:00:00:00:00:01 \
		< /dev/null > "$work/console.log" 2>&1 || true
	grep -a '^FIGURE' "$work/console.log" | tr -d '\r' | tee "$OUTDIR/bench.txt"
	[ -s "$OUTDIR/bench.txt" ]
}

# ---- the checks -------------------------------------------------------------
group_prefix() {
	case "$1" in
	boot) echo "boot" ;;
	so) echo "so_zerocopy_" ;;
	probe) echo "zcprobe_" ;;
	mt) echo "zcmt_" ;;
	nobufs) echo "zcnobufs_" ;;
	batch) echo "zcbatch_" ;;
	gso) echo "zcgso_" ;;
	rxpath) echo "zcrx_" ;;
	release) echo "pktgen_release_" ;;
	bypass) echo "pktgen_bypass_" ;;
	pktgen-gso) echo "pktgen_gso_" ;;
	virtio) echo "pktgen_virtio_" ;;
	dummy) echo "pktgen_dummy_" ;;
	veth) echo "pktgen_veth_" ;;
	selftest) echo "selftest_" ;;
	dmesg) echo "dmesg" ;;
	all) echo "" ;;
	*) echo "run-vm: unknown check $1" >&2; exit 2 ;;
	esac
}

# the whole script is parsed before it runs: editing it mid-run is safe
main() {
snapshot_series
if [ "$CHECK" = key ]; then
	# for people: where the kernel of this series is (or will be) cached
	echo "$CACHE/$(kernel_key)"
	exit 0
fi
if [ "$CHECK" = bench ]; then
	run_bench
	exit $?
fi
prefix=$(group_prefix "$CHECK")
check_prereqs
ensure_results

echo "== check $CHECK (kernel: $( [ "$NO_SERIES" = 1 ] && echo "stock, series removed" || echo "with the kernel/ series"))"
[ -f "$RESULTS/timing.txt" ] && sed 's/^/   /' "$RESULTS/timing.txt"
echo "   work files: $RESULTS/work (console.log, dump.pcap, out/)"
# the verdicts of this check, each with its "  |" evidence lines
block=$(awk -v pre="$prefix" '
	/^VMTEST / { keep = (index($2, pre) == 1) }
	keep { print }' "$RESULTS/verdicts.txt")
lines=$(grep -E '^VMTEST ' <<< "$block" || true)
if [ "$CHECK" != boot ] && [ "$CHECK" != all ] && grep -q '^VMTEST boot FAIL' "$RESULTS/verdicts.txt"; then
	grep -A30 '^VMTEST boot FAIL' "$RESULTS/verdicts.txt"
	echo "FAIL: the VM run did not complete, so check $CHECK has no result"
	exit 1
fi
if [ -z "$lines" ]; then
	echo "FAIL: no verdict for check $CHECK"
	exit 1
fi
echo "$block"
npass=$(grep -c '^VMTEST [^ ]* PASS' <<< "$lines" || true)
nfail=$(grep -c '^VMTEST [^ ]* FAIL' <<< "$lines" || true)
nskip=$(grep -c '^VMTEST [^ ]* SKIP' <<< "$lines" || true)
echo "verdicts: $npass pass, $nfail fail, $nskip skip"
[ "$nfail" -eq 0 ] || exit 1
[ "$npass" -gt 0 ] || exit 77
exit 0
}

main "$@"
