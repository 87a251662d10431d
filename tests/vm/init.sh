#!/bin/busybox sh
# SPDX-License-Identifier: GPL-2.0-only
# /init of the test VM (tests/vm).  It runs things and keeps their raw output;
# it judges only what can be judged nowhere else.  Verdicts are made on the
# host by evaluate.py from the files under /out, which leave the VM as a tar
# archive written straight onto the raw virtio disk /dev/vda.
#
# Lines "VMTEST <name> PASS|FAIL <detail>" come from zcprobe; every other
# result is raw output (pktgen-zc JSON and pcaps, selftest stderr, dmesg).
# Nothing here may leave the VM: eth0's host side is a tap that is down in an
# empty network namespace of its own, and qemu dumps what eth0 sends.

/bin/busybox mkdir -p /proc /sys /dev /tmp /run /out /usr/bin /usr/sbin /sbin
/bin/busybox mount -t proc proc /proc
/bin/busybox mount -t sysfs sysfs /sys
/bin/busybox mount -t devtmpfs devtmpfs /dev 2>/dev/null
/bin/busybox mount -t tmpfs tmpfs /tmp
/bin/busybox mount -t tmpfs tmpfs /run
/bin/busybox --install -s
export PATH=/usr/local/sbin:/usr/local/bin:/bin:/sbin:/usr/bin:/usr/sbin
ln -sf /run /var/run 2>/dev/null || { mkdir -p /var; ln -sf /run /var/run; }

. /etc/vmtest.conf

# busybox sh runs its own applets before looking at PATH: iproute2's ip
# (netns, veth, dummy, nodad) must be called by its path
# (and in the background by that path too, so that $! is the process itself)
IP=/usr/local/sbin/ip
ip() { $IP "$@"; }

say() { echo "vmtest: $*"; }
log() { echo "$*" >> /out/runs.txt; }

say "kernel $(uname -r), series: $SERIES"
mkdir -p /out
cp /proc/cmdline /out/cmdline.txt
uname -a > /out/uname.txt

# ---- network set-up ---------------------------------------------------------
# No IPv6 chatter of the guest's own (router solicitations, DAD, link-local
# addresses) before anything is measured.  The host still filters qemu's dump
# to each run's UDP port, so stray frames (e.g. MLD reports) can not spoil a
# comparison; this only keeps the dump small and readable.
for k in all default; do
	sysctl -qw net.ipv6.conf.$k.accept_dad=0
	sysctl -qw net.ipv6.conf.$k.addr_gen_mode=1
	sysctl -qw net.ipv6.conf.$k.router_solicitations=0
	sysctl -qw net.ipv6.conf.$k.accept_ra=0
done
# the boot-time default, for the option-memory check below
OPTMEM_DEFAULT=$(cat /proc/sys/net/core/optmem_max)
echo "$OPTMEM_DEFAULT" > /out/optmem_default.txt
nproc > /out/nproc.txt
# room for many outstanding zerocopy notifications and a slow reader
sysctl -qw net.core.optmem_max=1048576
sysctl -qw net.core.wmem_max=8388608
sysctl -qw net.core.netdev_max_backlog=20000

ip link set lo up

PEER_MAC=02:00:00:00:00:02
ip addr add 192.0.2.1/24 dev eth0
ip addr add 2001:db8:1::1/64 dev eth0 nodad
ip link set eth0 up
ip neigh add 192.0.2.2 lladdr $PEER_MAC dev eth0 nud permanent
ip neigh add 2001:db8:1::2 lladdr $PEER_MAC dev eth0 nud permanent

ip link add dummy0 type dummy
ip link set dummy0 address 02:00:00:00:01:01
ip addr add 198.51.100.1/24 dev dummy0
ip addr add 2001:db8:2::1/64 dev dummy0 nodad
ip link set dummy0 up
ip neigh add 198.51.100.2 lladdr $PEER_MAC dev dummy0 nud permanent
ip neigh add 2001:db8:2::2 lladdr $PEER_MAC dev dummy0 nud permanent

# veth0 here, veth1 in namespace "rx" where zcrecv captures what arrives
ip netns add rx
ip netns exec rx sysctl -qw net.ipv6.conf.all.disable_ipv6=1
ip netns exec rx sysctl -qw net.ipv6.conf.default.disable_ipv6=1
ip link add veth0 type veth peer name veth1 netns rx
ip link set veth0 address 02:00:00:00:02:01
ip addr add 203.0.113.1/24 dev veth0
ip link set veth0 up
ip -n rx link set veth1 address 02:00:00:00:02:02
ip -n rx addr add 203.0.113.2/24 dev veth1
ip -n rx link set veth1 up
ip -n rx link set lo up
ip neigh add 203.0.113.2 lladdr 02:00:00:00:02:02 dev veth0 nud permanent

ip -d addr > /out/ip-addr.txt 2>&1
ip -d link > /out/ip-link.txt 2>&1
cat /sys/class/net/eth0/device/features > /out/virtio-net-features.txt 2>/dev/null

# ---- bench: copy against zerocopy, nothing else -----------------------------
# (run-vm.sh ... bench boots with qemu -icount: the guest clock counts
# instructions, so ns per frame below are guest instructions per frame)
if [ "${BENCH:-0}" = 1 ]; then
	ip link set dummy0 mtu 9000
	sysctl -qw net.core.optmem_max=$OPTMEM_DEFAULT
	zcstress optmem packet eth0 192.0.2.2 dummy0 198.51.100.2 198.51.100.1 $PEER_MAC
	zcstress optmem raw eth0 192.0.2.2 dummy0 198.51.100.2 198.51.100.1 $PEER_MAC
	# the same with sendmmsg() batches of 32 (one zerocopy state a batch)
	zcstress optmemb packet eth0 192.0.2.2 dummy0 198.51.100.2 198.51.100.1 $PEER_MAC 32
	zcstress optmemb raw eth0 192.0.2.2 dummy0 198.51.100.2 198.51.100.1 $PEER_MAC 32
	sysctl -qw net.core.optmem_max=1048576
	# the batch verdicts too: the bench may boot another kernel (e.g. the
	# series without its batching patches), whose behaviour they show
	ip link add vb0 type veth peer name vb1
	ip link set vb0 up
	zcstress batch packet dummy0 20 16 198.51.100.1 198.51.100.2 $PEER_MAC
	zcstress batch raw dummy0 20 16 198.51.100.1 198.51.100.2 $PEER_MAC
	zcstress batchdrop packet dummy0 5 16 198.51.100.1 198.51.100.2 $PEER_MAC vb0
	# copy (0), MSG_ZEROCOPY (1), packet TX ring (2); 64000: a UDP GSO
	# super-frame through PACKET_VNET_HDR (packet only; dummy0 takes it
	# whole, while 65536 bytes would reach its gso_max_size and be
	# segmented in software); raw sockets have no ring and no GSO
	for kind in packet raw; do
		for size in 1500 9000 64000; do
			[ $kind = raw ] && [ $size = 64000 ] && continue
			# hot: 64 KiB of buffers; cold: 64 MiB
			for wset in 64 65536; do
				for zc in 0 1 2; do
					[ $kind = raw ] && [ $zc = 2 ] && continue
					zcstress cost $kind dummy0 $size $BENCH_COUNT $wset $zc 32 \
						198.51.100.1 198.51.100.2 $PEER_MAC
				done
			done
		done
	done
	say "VMTEST-END"
	reboot -f
fi

# ---- 1. SO_ZEROCOPY on each socket kind --------------------------------------
zcprobe so | tee /out/zcprobe.txt

# ---- 2. the independent probe sends with MSG_ZEROCOPY -----------------------
# dummy0 and eth0 free their frames without a copy; a veth peer in another
# namespace must copy (skb_orphan_frags_rx), so there every id reports COPIED.
zp() { zcprobe send "$@" | tee -a /out/zcprobe.txt; }
zp packet       dummy0 200 198.51.100.1 198.51.100.2 $PEER_MAC 7001 zc
zp packet_dgram dummy0 200 198.51.100.1 198.51.100.2 $PEER_MAC 7002 zc
zp raw          dummy0 200 198.51.100.1 198.51.100.2 $PEER_MAC 7003 zc
zp raw          dummy0 200 2001:db8:2::1 2001:db8:2::2 $PEER_MAC 7004 zc
zp packet       eth0 200 192.0.2.1 192.0.2.2 $PEER_MAC 7011 zc
zp packet_dgram eth0 200 192.0.2.1 192.0.2.2 $PEER_MAC 7012 zc
zp raw          eth0 200 192.0.2.1 192.0.2.2 $PEER_MAC 7013 zc
zp raw          eth0 200 2001:db8:1::1 2001:db8:1::2 $PEER_MAC 7014 zc
zp packet       veth0 200 203.0.113.1 203.0.113.2 02:00:00:00:02:02 7021 copied

# ---- 2b. zcstress: concurrency, exhaustion, receive paths -------------------
# (verdict lines as zcprobe's; see zcstress.c)
zs() { zcstress "$@" | tee -a /out/zcstress.txt; }
zs soraw
# Two threads on ONE socket, every 4th send faulting after it got its id
# (it must give the id back): ids unique, completions balanced, and on
# eth0 qemu's dump must hold every frame sent, byte for byte, although each
# thread reuses its 32 buffers as soon as their ids complete.  The broken
# variant reuses them at once and must be caught.  Needs two vCPUs really
# running at once (qemu -smp 2, multi-threaded TCG, ACPI).
zs mt packet eth0 2 $MT_COUNT 4 192.0.2.1 192.0.2.2 $PEER_MAC 9071 /out/zcmt_packet.pcap
zs mt raw    eth0 2 $MT_COUNT 4 192.0.2.1 192.0.2.2 $PEER_MAC 9072 /out/zcmt_raw.pcap
ZCSTRESS_MT_BREAK=1 zcstress mt packet eth0 2 2000 4 192.0.2.1 192.0.2.2 $PEER_MAC 9073 \
	/out/zcmt_broken_packet.pcap > /out/zcmt_broken.txt 2>&1
say "mt broken: $(cat /out/zcmt_broken.txt)"
# RLIMIT_MEMLOCK 0 without CAP_IPC_LOCK: pinned sends ENOBUFS, no id;
# copied sends pin nothing, so they are charged nothing and succeed
zs memlock packet dummy0 200 198.51.100.1 198.51.100.2 $PEER_MAC
zs memlock raw    dummy0 200 198.51.100.1 198.51.100.2 $PEER_MAC
# option memory at its boot-time default: ENOBUFS, nothing lost, recovers
# (eth0 and dummy0 alternate, so no two notifications coalesce)
sysctl -qw net.core.optmem_max=$OPTMEM_DEFAULT
zs optmem packet eth0 192.0.2.2 dummy0 198.51.100.2 198.51.100.1 $PEER_MAC
zs optmem raw    eth0 192.0.2.2 dummy0 198.51.100.2 198.51.100.1 $PEER_MAC
sysctl -qw net.core.optmem_max=1048576

# sendmmsg() batches share one notification (dummy0 completes every frame
# at once); a faulting message mid-batch consumes no id.  vb0 is a veth
# whose peer stays down: no carrier, so a PACKET_QDISC_BYPASS send there is
# dropped by dev_direct_xmit() after the hand-off, in the middle of a batch.
ip link add vb0 type veth peer name vb1
ip link set vb0 up
zs batch packet dummy0 20 16 198.51.100.1 198.51.100.2 $PEER_MAC
zs batch raw    dummy0 20 16 198.51.100.1 198.51.100.2 $PEER_MAC
zs batchdrop packet dummy0 5 16 198.51.100.1 198.51.100.2 $PEER_MAC vb0
# a message dropped mid-batch while the ones before it are in flight:
# a plug qdisc (one dummy device per kind) holds 8 frames and drops more
for k in 1:packet 2:raw; do
	n=${k%%:*}
	ip link add dummy$n type dummy
	ip addr add 198.18.$n.1/24 dev dummy$n
	ip link set dummy$n up
	ip neigh add 198.18.$n.2 lladdr $PEER_MAC dev dummy$n nud permanent
	zs plugdrop ${k#*:} dummy$n 198.18.$n.1 198.18.$n.2 $PEER_MAC
done

# UDP GSO super-frames up to 64 KB, zerocopy through PACKET_VNET_HDR on
# eth0; the guest segments (eth0 has no UDP segmentation offload; make
# sure), the host compares qemu's dump with the segments meant
zcstress features eth0 tx-udp-segmentation off > /dev/null 2>&1
zcstress gso eth0 192.0.2.1 192.0.2.2 $PEER_MAC 9051 4 /out/zcgso_expected.pcap \
	> /out/zcgso.txt 2>&1
say "gso: $(cat /out/zcgso.txt)"
# the deliberately broken sender: slots overwritten right after each send,
# before the id completes; the host's comparison must catch it
ZCSTRESS_GSO_BREAK=1 zcstress gso eth0 192.0.2.1 192.0.2.2 $PEER_MAC 9052 4 \
	/out/zcgso_broken_expected.pcap > /out/zcgso_broken.txt 2>&1
say "gso broken: $(cat /out/zcgso_broken.txt)"

# Zerocopy frames into receive paths that keep or copy them: the sender
# overwrites each buffer as soon as its id completes, the receiver checks
# every frame.  rxpath NAME SETUP...: SETUP runs in namespace rx first.
rxpath() {
	name=$1
	shift
	$IP netns exec rx "$@" > /out/zcrx_$name.setup 2>&1
	echo $? >> /out/zcrx_$name.setup
	rm -f /tmp/rxready
	$IP netns exec rx zcstress rx veth1 $RX_COUNT /tmp/rxready 3000 \
		> /out/zcrx_$name.rx 2>&1 &
	rxpid=$!
	i=0
	while [ ! -e /tmp/rxready ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
	zcstress scribble packet veth0 $RX_COUNT 1500 203.0.113.1 203.0.113.2 \
		02:00:00:00:02:02 > /out/zcrx_$name.tx 2>&1
	wait $rxpid
	log "zcrx $name count=$RX_COUNT"
	say "rxpath $name: $(cat /out/zcrx_$name.tx) / $(cat /out/zcrx_$name.rx)"
}
rxpath plain true
rxpath grolist sh -c 'zcstress features veth1 rx-gro on && zcstress features veth1 rx-gro-list on'
ip netns exec rx zcstress features veth1 rx-gro-list off > /dev/null 2>&1
ip netns exec rx zcstress features veth1 rx-gro off > /dev/null 2>&1
rxpath xdp zcstress xdp veth1 on
ip netns exec rx zcstress xdp veth1 off > /dev/null 2>&1

# ---- 3. pktgen-zc -----------------------------------------------------------
# run NAME DEV MODE SIZE SRC DST DSTMAC PORT EXPECT [CAPTURE]
# Every run has a UDP port of its own: the host tells its frames apart by it.
run_tool() {
	name=$1 dev=$2 mode=$3 size=$4 src=$5 dst=$6 dmac=$7 port=$8 expect=$9
	capture=${10:-}
	case "$mode:$dst" in
	# raw(7): the kernel fills in an IPv4 ID of zero on IP_HDRINCL sends,
	# so a first frame with ID 0 would differ from --write-pcap by design
	raw:*.*) EXTRA="--ip-id 1" ;;
	*) EXTRA= ;;
	esac
	cnt=${RUN_COUNT:-$COUNT}
	EXTRA="$EXTRA ${RUN_EXTRA:-}"
	log "pktgen $name dev=$dev mode=$mode size=$size port=$port count=$cnt expect=$expect capture=${capture:-none} extra=$(echo ${RUN_EXTRA:-none} | tr ' ' ,)"
	if [ -n "$capture" ]; then
		rm -f /tmp/ready
		$IP netns exec rx zcrecv "$capture" /out/$name.seen.pcap /tmp/ready 5000 60000 \
			> /out/$name.zcrecv.txt 2>&1 &
		rpid=$!
		i=0
		while [ ! -e /tmp/ready ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
	fi
	say "pktgen-zc $name"
	${RUN_ENV:-} pktgen-zc --dev "$dev" --mode "$mode" --zerocopy on --count "$cnt" \
		--size "$size" --src-ip "$src" --dst-ip "$dst" --dst-mac "$dmac" \
		--src-port "$port" --dst-port "$port" \
		--write-pcap /out/$name.pcap --json $EXTRA \
		> /out/$name.json 2> /out/$name.err
	echo $? > /out/$name.rc
	if [ -n "$capture" ]; then
		# the veth delivers during the send; give stragglers a second
		sleep 1
		kill -TERM $rpid 2>/dev/null
		wait $rpid
	fi
	say "pktgen-zc $name exit $(cat /out/$name.rc)"
}

if [ "$HAVE_TOOL" = 1 ]; then
	ldd_ok=$(pktgen-zc --help > /out/pktgen-zc-help.txt 2>&1; echo $?)
	say "pktgen-zc --help exit $ldd_ok"
	run_tool virtio_packet       eth0 packet       1514 192.0.2.1 192.0.2.2 $PEER_MAC 9001 zc
	run_tool virtio_packet_dgram eth0 packet-dgram 1000 192.0.2.1 192.0.2.2 $PEER_MAC 9002 zc
	run_tool virtio_raw4         eth0 raw          800  192.0.2.1 192.0.2.2 $PEER_MAC 9003 zc
	run_tool virtio_raw6         eth0 raw          1200 2001:db8:1::1 2001:db8:1::2 $PEER_MAC 9004 zc
	run_tool dummy_packet        dummy0 packet       1514 198.51.100.1 198.51.100.2 $PEER_MAC 9011 zc
	run_tool dummy_packet_dgram  dummy0 packet-dgram 1000 198.51.100.1 198.51.100.2 $PEER_MAC 9012 zc
	run_tool dummy_raw4          dummy0 raw          800  198.51.100.1 198.51.100.2 $PEER_MAC 9013 zc
	run_tool dummy_raw6          dummy0 raw          1200 2001:db8:2::1 2001:db8:2::2 $PEER_MAC 9014 zc
	run_tool veth_packet         veth0 packet       1514 203.0.113.1 203.0.113.2 02:00:00:00:02:02 9021 copied veth1
	run_tool veth_packet_dgram   veth0 packet-dgram 1000 203.0.113.1 203.0.113.2 02:00:00:00:02:02 9022 copied veth1
	run_tool veth_raw4           veth0 raw          800  203.0.113.1 203.0.113.2 02:00:00:00:02:02 9023 copied veth1
	# early release: 100k stamped frames through a pool of at most 64
	# slots, so every slot is reused over 1500 times; qemu's dump of
	# eth0 must equal --write-pcap byte for byte.  The deliberately broken
	# variant reuses slots before their completion and must be caught.
	# (raw: a fifth of that; the pool logic is the same, the time is not)
	RUN_COUNT=$RELEASE_COUNT RUN_EXTRA="--pool-size 64k"
	run_tool release_packet eth0 packet 1000 192.0.2.1 192.0.2.2 $PEER_MAC 9031 zc
	RUN_COUNT=$((RELEASE_COUNT / 5))
	run_tool release_raw4 eth0 raw 1000 192.0.2.1 192.0.2.2 $PEER_MAC 9032 zc
	# (the broken variant fails within its first frames; 5000 suffice)
	RUN_COUNT=5000 RUN_EXTRA="--pool-size 64k --test-break-reuse"
	RUN_ENV="env PKTGEN_ZC_TEST_BREAK=reuse"
	run_tool release_broken eth0 packet 1000 192.0.2.1 192.0.2.2 $PEER_MAC 9033 broken
	RUN_COUNT=
	RUN_EXTRA="--qdisc-bypass"
	RUN_ENV=
	run_tool bypass_packet       eth0 packet       1514 192.0.2.1 192.0.2.2 $PEER_MAC 9041 zc
	run_tool bypass_packet_dgram eth0 packet-dgram 1000 192.0.2.1 192.0.2.2 $PEER_MAC 9042 zc
	RUN_EXTRA=
	# --gso in packet mode with zerocopy: 40 super-frames of 20000
	# payload bytes, cut into 1400-byte datagrams by the guest (eth0
	# offers no UDP segmentation); qemu's dump, checksums completed from
	# the virtio-net header, must equal --write-pcap, which records the
	# segments the kernel cuts.
	say "pktgen-zc gso"
	pktgen-zc --dev eth0 --mode packet --zerocopy on --gso 1400 \
		--payload-size 20000 --count 40 --src-ip 192.0.2.1 \
		--dst-ip 192.0.2.2 --dst-mac "$PEER_MAC" --src-port 9061 \
		--dst-port 9061 --write-pcap /out/pktgen_gso.pcap --json \
		> /out/pktgen_gso.json 2> /out/pktgen_gso.err
	echo $? > /out/pktgen_gso.rc
	say "pktgen-zc gso exit $(cat /out/pktgen_gso.rc)"
else
	say "no pktgen-zc binary in this image"
fi

# ---- 4. the kernel selftest, as the series' msg_zerocopy.sh runs it ---------
# Two namespaces joined by a veth pair, a receiver in one and the sender in
# the other: each mode once without -z, once with "-z -e copied" (frames
# that reach a local receiver are copied); then packet, packet_dgram and
# raw_hdrincl with "-z -e zerocopy" to a dummy sink in the sender's
# namespace; plain raw (which refuses SO_ZEROCOPY) only without -z.
# Documentation addresses instead of the script's 192.168/fd00 ones.
st_setup() {
	ip netns add st1
	ip netns add st2
	ip netns exec st1 sysctl -qw net.core.optmem_max=1000000
	ip netns exec st2 sysctl -qw net.core.optmem_max=1000000
	ip link add stv0 mtu 65535 netns st1 type veth peer name stv0 mtu 65535 netns st2
	ip -n st1 link set stv0 up
	ip -n st2 link set stv0 up
	ip -n st1 link set dev stv0 address 02:02:02:02:02:02
	ip -n st2 link set dev stv0 address 06:06:06:06:06:06
	ip -n st1 addr add 192.0.2.1/24 dev stv0
	ip -n st2 addr add 192.0.2.2/24 dev stv0
	ip -n st1 addr add 2001:db8::1/64 dev stv0 nodad
	ip -n st2 addr add 2001:db8::2/64 dev stv0 nodad
	ip -n st1 link add dummy0 mtu 65535 type dummy
	ip -n st1 link set dummy0 up
	ip -n st1 addr add 198.51.100.1/24 dev dummy0
	ip -n st1 addr add 2001:db8:2::1/64 dev dummy0 nodad
}

st_addrs() { # IPVER SINK
	if [ "$1" = 4 ] && [ -z "$2" ]; then s=192.0.2.1 d=192.0.2.2
	elif [ "$1" = 4 ]; then s=198.51.100.1 d=198.51.100.2
	elif [ -z "$2" ]; then s=2001:db8::1 d=2001:db8::2
	else s=2001:db8:2::1 d=2001:db8:2::2
	fi
}

st_run() { # IPVER TXMODE EXPECT(none|copied|zerocopy)
	ipv=$1 tx=$2 expect=$3
	st_addrs $ipv ""
	z=
	[ "$expect" != none ] && z="-z -e $expect"
	name=selftest_${tx}${ipv}_veth_$expect
	log "selftest $name expect=$expect rx=1"
	say "msg_zerocopy -$ipv $tx $z (veth)"
	$IP netns exec st2 msg_zerocopy -$ipv -i stv0 -t 2 -C 0 -S $s -D $d $z -r raw \
		> /out/$name.rx 2>&1 &
	rxpid=$!
	sleep 0.5
	ip netns exec st1 msg_zerocopy -$ipv -i stv0 -t 1 -C 0 -S $s -D $d $z $tx \
		> /out/$name.tx 2>&1
	echo $? > /out/$name.txrc
	wait $rxpid
	echo $? > /out/$name.rxrc
	cat /out/$name.tx /out/$name.rx
}

st_sink() { # IPVER TXMODE EXPECT
	ipv=$1 tx=$2 expect=$3
	st_addrs $ipv sink
	name=selftest_${tx}${ipv}_dummy_$expect
	log "selftest $name expect=$expect rx=0"
	say "msg_zerocopy -$ipv $tx -z -e $expect (dummy sink)"
	ip netns exec st1 msg_zerocopy -$ipv -i dummy0 -t 1 -C 0 -S $s -D $d \
		-z -e $expect $tx > /out/$name.tx 2>&1
	echo $? > /out/$name.txrc
	cat /out/$name.tx
}

if [ -x /usr/local/bin/msg_zerocopy ]; then
	st_setup
	for ipv in 4 6; do
		for tx in packet packet_dgram raw_hdrincl raw; do
			st_run $ipv $tx none
			# plain raw sockets refuse SO_ZEROCOPY (zcstress soraw)
			[ $tx = raw ] && continue
			st_run $ipv $tx copied
			st_sink $ipv $tx zerocopy
		done
	done
else
	say "no msg_zerocopy binary in this image"
fi

# ---- 5. the end -------------------------------------------------------------
dmesg > /out/dmesg.txt
cat /proc/lockdep_stats > /out/lockdep_stats.txt 2>&1
echo done > /out/finished
say "writing results"
tar -cf /dev/vda -C /out .
sync
say "VMTEST-END"
reboot -f
