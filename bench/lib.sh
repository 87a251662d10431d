# SPDX-License-Identifier: GPL-2.0-only
# bench/lib.sh: shared set-up for the benchmarks (sourced, not run).
#
# A discard sink: an ifb device alone in a private network namespace.  An
# ifb device frees every frame that was not redirected to it by tc at once,
# in the sender's context (ifb_xmit -> dev_kfree_skb), so it neither limits
# the rate nor holds zerocopy frames: completions come back immediately and
# the sender's CPU time includes the whole kernel transmit path.  A veth
# pair, by contrast, loops each frame into the peer's receive path (a copy
# for zerocopy skbs, and softirq work on the same two shared cores).

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_DIR=$(cd "$BENCH_DIR/.." && pwd)
PKTGEN=${PKTGEN:-$REPO_DIR/build/pktgen-zc/pktgen-zc}
SINK_ADDR=198.18.1.1
SINK_DST=198.18.1.2		# on-link, NOARP: no neighbour needed

bench_die() { echo "${0##*/}: $*" >&2; exit 1; }

bench_check() {
	[ "$(id -u)" = 0 ] || bench_die "needs root (network namespaces)"
	[ -x "$PKTGEN" ] || bench_die "no pktgen-zc at $PKTGEN: build it" \
		"(meson setup build --buildtype=release && meson compile" \
		"-C build) or set PKTGEN=/path/to/pktgen-zc"
	command -v python3 >/dev/null || bench_die "needs python3"
	modprobe ifb numifbs=0 2>/dev/null || true
}

# bench_sink NS MTU: create namespace NS with ifb0 up at MTU.
bench_sink() {
	local ns=$1 mtu=${2:-1500}

	ip netns add "$ns" || bench_die "cannot create namespace $ns"
	ip -n "$ns" link set lo up
	ip -n "$ns" link add ifb0 type ifb ||
		bench_die "cannot create an ifb device (modprobe ifb?)"
	ip -n "$ns" link set ifb0 mtu "$mtu"
	ip -n "$ns" link set ifb0 up
	ip -n "$ns" addr add "$SINK_ADDR/24" dev ifb0
}

bench_sink_del() { ip netns del "$1" 2>/dev/null || true; }

# bench_env: one line describing the machine, for the record.
bench_env() {
	echo "# $(date -u '+%Y-%m-%d %H:%M:%S UTC') $(uname -sr)," \
		"$(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg)," \
		"$("$PKTGEN" --version 2>&1 | head -1)," \
		"git $(git -C "$REPO_DIR" rev-parse --short HEAD 2>/dev/null)"
}

# bench_cpustat FILE: append the machine's busy and total CPU jiffies and
# the clock tick (from /proc/stat), so a report can tell how much CPU
# others used while a run was going on (2 shared cores: they do).
bench_cpustat() {
	awk -v hz="$(getconf CLK_TCK)" '$1 == "cpu" {
		busy = $2 + $3 + $4 + $7 + $8 + $9
		print busy, busy + $5 + $6, hz }' /proc/stat >>"$1"
}

# bench_sink_mq NS MTU TXQ: like bench_sink, with an ifb0 of TXQ transmit
# queues (so that several senders need not share one queue's lock).
bench_sink_mq() {
	local ns=$1 mtu=${2:-1500} txq=${3:-1}

	ip netns add "$ns" || bench_die "cannot create namespace $ns"
	ip -n "$ns" link set lo up
	ip -n "$ns" link add ifb0 numtxqueues "$txq" type ifb ||
		bench_die "cannot create an ifb device (modprobe ifb?)"
	ip -n "$ns" link set ifb0 mtu "$mtu"
	ip -n "$ns" link set ifb0 up
	ip -n "$ns" addr add "$SINK_ADDR/24" dev ifb0
}

# bench_run_child OUTFILE CMD...: run CMD with stdout and stderr into
# OUTFILE; print "RC USER SYS WALL": its exit status, the user and system
# CPU seconds of it and every descendant it waited for (getrusage
# RUSAGE_CHILDREN of a python3 parent that runs nothing else, so the same
# measure for any tool, forking or not), and the wall seconds.
bench_run_child() {
	python3 - "$@" <<'PY'
import resource, subprocess, sys, time
with open(sys.argv[1], "wb") as f:
    t0 = time.monotonic()
    rc = subprocess.call(sys.argv[2:], stdout=f, stderr=subprocess.STDOUT)
    wall = time.monotonic() - t0
ru = resource.getrusage(resource.RUSAGE_CHILDREN)
print(rc, "%.6f" % ru.ru_utime, "%.6f" % ru.ru_stime, "%.6f" % wall)
PY
}
