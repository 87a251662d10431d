// SPDX-License-Identifier: GPL-2.0-only
/* send: the 'send' command; see send.h. */
#include "send.h"

#include <arpa/inet.h>
#include <errno.h>
#include <inttypes.h>
#include <linux/capability.h>
#include <linux/if.h>
#include <linux/if_arp.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "frame.h"
#include "gen.h"
#include "priv.h"
#include "worker.h"
#include "workers.h"

static const char *family_name(int f)
{
	return f == AF_INET6 ? "IPv6" : "IPv4";
}

int send_check_dev(const struct config *c, struct iface_info *ifi)
{
	int err = iface_lookup(c->dev, ifi);

	if (err == -ENODEV) {
		fprintf(stderr, "pktgen-zc: --dev '%s': no such interface "
			"(see 'ip link')\n", c->dev);
		return EXIT_USAGE;
	}
	if (err) {
		fprintf(stderr, "pktgen-zc: cannot read interface '%s' over "
			"netlink: %s\n", c->dev, strerror(-err));
		return EXIT_RUNTIME;
	}
	if (c->dry_run)
		return 0;
	if (!(ifi->flags & IFF_UP)) {
		fprintf(stderr, "pktgen-zc: --dev '%s' is administratively "
			"down; bring it up first (ip link set %s up)\n",
			c->dev, c->dev);
		return EXIT_RUNTIME;
	}
	if (!(ifi->flags & IFF_LOOPBACK) && ifi->operstate != IFACE_OPER_UP &&
	    ifi->operstate != IFACE_OPER_UNKNOWN) {
		static const char *const oper[] = {
			"unknown", "notpresent", "down", "lowerlayerdown",
			"testing", "dormant", "up",
		};

		fprintf(stderr, "pktgen-zc: --dev '%s' has no link (no "
			"carrier, operstate %s): frames would be dropped\n",
			c->dev, ifi->operstate >= 0 && ifi->operstate <= 6 ?
			oper[ifi->operstate] : "?");
		return EXIT_RUNTIME;
	}
	return 0;
}

/* MemAvailable from /proc/meminfo, in bytes; 0 if unknown. */
static uint64_t mem_available(void)
{
	uint64_t kb = 0;
	char line[128];
	FILE *f = fopen("/proc/meminfo", "r");

	while (f && fgets(line, sizeof(line), f))
		if (sscanf(line, "MemAvailable: %" SCNu64 " kB", &kb) == 1)
			break;
	if (f)
		fclose(f);
	return kb * 1024;
}

uint64_t replay_budget_bytes(void)
{
	uint64_t avail = mem_available(), cap = REPLAY_BUDGET_MAX;

	/* A quarter of what the machine can give now, at most 1 GiB: the
	 * pool is locked memory, taken from everything else. */
	if (avail && avail / 4 < cap)
		cap = avail / 4;
	return cap;
}

/* The pool as asked, against what the machine has: 0, or an exit status
 * after saying which limit it meets. */
static int check_pool_size(const struct config *c, uint64_t slot, uint64_t n)
{
	uint64_t avail = mem_available();

	if (n > POOL_MAX_SLOTS) {
		fprintf(stderr, "pktgen-zc: --pool-size %llu makes %llu slots of "
			"%llu bytes, over the %u a pool holds: at most %llu "
			"bytes for this frame size\n",
			(unsigned long long)c->pool_bytes,
			(unsigned long long)n, (unsigned long long)slot,
			POOL_MAX_SLOTS,
			(unsigned long long)(POOL_MAX_SLOTS * slot));
		return EXIT_USAGE;
	}
	if (avail && n * slot > avail) {
		fprintf(stderr, "pktgen-zc: --pool-size %llu KiB is more than the "
			"%llu KiB of memory this machine has available "
			"(MemAvailable): the pool is locked in RAM; shrink "
			"--pool-size\n", (unsigned long long)(n * slot >> 10),
			(unsigned long long)(avail >> 10));
		return EXIT_RUNTIME;
	}
	return 0;
}

static int send_make_pool(struct pool *p, const struct config *c, uint32_t slot_size,
		   uint32_t min_slots)
{
	uint64_t slot = (slot_size + 63u) & ~63u;
	uint64_t n = c->pool_bytes / slot;
	int err;

	if (n < min_slots)
		n = min_slots;
	err = check_pool_size(c, slot, n);
	if (err)
		return err;
	if (c->cmd == CMD_REPLAY && !c->pool_bytes_set && !c->hugepages) {
		/* Replay preloads a capture that fits: let the pool grow
		 * to the replay budget as the capture is read. */
		uint64_t max = replay_budget_bytes() / slot;

		if (max > POOL_MAX_SLOTS)
			max = POOL_MAX_SLOTS;
		err = pool_create_growable(p, (uint32_t)n, (uint32_t)max,
					   slot_size);
	} else {
		err = pool_create(p, (uint32_t)n, slot_size, c->hugepages);
	}
	if (err == -ENOMEM && p->memlock_need &&
	    (p->memlock_soft >= p->memlock_need ||
	     priv_effective(CAP_IPC_LOCK))) {
		/* The limit allowed it (or CAP_IPC_LOCK lifts it): the
		 * machine could not give the memory. */
		fprintf(stderr, "pktgen-zc: cannot lock the %llu KiB buffer "
			"pool: out of memory (%llu KiB available); shrink "
			"--pool-size\n",
			(unsigned long long)(p->memlock_need >> 10),
			(unsigned long long)(mem_available() >> 10));
		return EXIT_RUNTIME;
	}
	if (err == -ENOMEM && p->memlock_need) {
		fprintf(stderr, "pktgen-zc: cannot lock the %llu KiB buffer "
			"pool: RLIMIT_MEMLOCK is %llu KiB (hard %llu KiB). "
			"Raise it (ulimit -l %llu, or LimitMEMLOCK= in a "
			"systemd unit), run with CAP_IPC_LOCK, or shrink "
			"--pool-size\n",
			(unsigned long long)(p->memlock_need >> 10),
			(unsigned long long)(p->memlock_soft >> 10),
			(unsigned long long)(p->memlock_hard >> 10),
			(unsigned long long)((p->memlock_need >> 10) + 1));
		return EXIT_RUNTIME;
	}
	if (err && c->hugepages) {
		fprintf(stderr, "pktgen-zc: cannot map a %llu KiB pool on 2 MB "
			"huge pages (%s): reserve some first (echo N > "
			"/proc/sys/vm/nr_hugepages) or drop --hugepages\n",
			(unsigned long long)(n * slot >> 10), strerror(-err));
		return EXIT_RUNTIME;
	}
	if (err) {
		fprintf(stderr, "pktgen-zc: cannot map the %llu KiB buffer "
			"pool: %s\n", (unsigned long long)(n * slot >> 10),
			strerror(-err));
		return EXIT_RUNTIME;
	}
	return 0;
}

static int send_open_tx(struct tx *t, const struct tx_params *tp)
{
	char why[160];
	int err;

	err = tx_open(t, tp, why, sizeof(why));
	if (err == -EACCES && tp->mode == MODE_UDP && tp->sport < 1024) {
		fprintf(stderr, "pktgen-zc: %s: %s: source port %u needs "
			"CAP_NET_BIND_SERVICE; run as root or use --src-port "
			"1024 or above\n", why, strerror(-err), tp->sport);
		return EXIT_RUNTIME;
	}
	if (err == -EPERM || err == -EACCES) {
		fprintf(stderr, "pktgen-zc: %s: %s: %s mode needs CAP_NET_RAW "
			"(run as root, or setcap cap_net_raw+ep on the "
			"binary)\n", why, strerror(-err),
			cli_mode_name(tp->mode));
		return EXIT_RUNTIME;
	}
	if (err) {
		fprintf(stderr, "pktgen-zc: %s failed: %s\n", why,
			strerror(-err));
		return err == -EADDRNOTAVAIL ? EXIT_USAGE : EXIT_RUNTIME;
	}
	return 0;
}

/*
 * Which path runs, asking the kernel for SO_ZEROCOPY where the answer
 * matters.  Fills the path and zerocopy parts of info; returns the path
 * or -1 after saying why (exit 1).
 */
static int send_choose_path(struct tx *t, const struct config *c,
			    uint32_t send_bytes, struct run_info *info)
{
	static char note[256];
	bool packet = c->mode == MODE_PACKET || c->mode == MODE_PACKET_DGRAM;
	struct path_want w = {
		.packet_mode = packet,
		.ring_ok = packet && c->cmd == CMD_SEND,
		.send_bytes = send_bytes,
	};
	enum tx_path kind = c->zerocopy == ZC_ON ? PATH_ZEROCOPY : c->path;
	const char *why = "asked for with --path";
	int err = 0;

	info->zc_in_effect = false;
	info->zc_note = NULL;
	if (c->dry_run) {
		info->zc_note = "--dry-run";
		info->path = PATH_COPY;
		info->path_why = "--dry-run: nothing is sent";
		return PATH_COPY;
	}
	/* Ask only where zerocopy could be chosen. */
	if (c->zerocopy != ZC_OFF &&
	    (kind == PATH_ZEROCOPY ||
	     (kind == PATH_AUTO && !w.ring_ok &&
	      send_bytes >= PATH_ZC_MIN_BYTES))) {
		err = tx_enable_zerocopy(t);
		w.zc_ok = !err;
	}
	if (kind == PATH_ZEROCOPY && err) {
		fprintf(stderr, "pktgen-zc: SO_ZEROCOPY refused by the kernel "
			"(%s) on the %s socket: %s; rerun with --path auto or "
			"copy (or --zerocopy off) to send by copy\n",
			strerror(-err), cli_mode_name(c->mode),
			c->mode == MODE_UDP ? "this kernel lacks MSG_ZEROCOPY "
			"for UDP (Linux 5.0+)" : "packet and raw sockets need "
			"the kernel/ patch series of pktgen-zc");
		return -1;
	}
	if (kind == PATH_AUTO)
		kind = path_auto(&w, &why);
	info->path = kind;
	info->path_why = why;
	if (kind == PATH_ZEROCOPY) {
		info->zc_in_effect = true;
	} else if (err) {
		info->zc_refused = true;
		snprintf(note, sizeof(note), "zerocopy unavailable for %s "
			 "sockets on this kernel (SO_ZEROCOPY: %s); sending by "
			 "copy%s", cli_mode_name(c->mode), strerror(-err),
			 c->mode == MODE_UDP ? "" :
			 " (the kernel/ series adds it)");
		info->zc_note = note;
	} else {
		info->zc_note = c->zerocopy == ZC_OFF ? "--zerocopy off" :
				kind == PATH_RING ? "the ring path" : why;
	}
	return kind;
}

void send_priority(const struct config *c)
{
	struct sched_param sp = { .sched_priority = c->priority };

	/* For the calling thread, and the threads it starts later: set it
	 * before the capabilities go (priv.h). */
	if (c->priority && sched_setscheduler(0, SCHED_FIFO, &sp))
		fprintf(stderr, "pktgen-zc: warning: cannot run SCHED_FIFO at "
			"priority %d: %s (needs CAP_SYS_NICE)\n", c->priority,
			strerror(errno));
}

void send_affinity(int cpu)
{
	cpu_set_t set;

	/* The calling thread only: each worker pins itself. */
	if (cpu < 0)
		return;
	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	if (sched_setaffinity(0, sizeof(set), &set))
		fprintf(stderr, "pktgen-zc: warning: cannot pin to CPU %d: "
			"%s\n", cpu, strerror(errno));
}

int send_drop_privs(const struct config *c, const struct run_info *info)
{
	char why[200];

	/* Everything privileged is done: see priv.h for what is kept. */
	if (priv_drop(priv_run_needs(c, info->zc_in_effect), why,
		      sizeof(why))) {
		fprintf(stderr, "pktgen-zc: dropping privileges after set-up "
			"failed: %s\n", why);
		return EXIT_RUNTIME;
	}
	return 0;
}

static int rig_open_path(struct rig *r, const struct config *c,
			 enum tx_path kind, uint32_t slot_size,
			 uint32_t min_slots)
{
	char why[160];
	int err, rc;

	if (kind == PATH_RING) {
		uint32_t fs = path_ring_frame_size(slot_size);

		rc = check_pool_size(c, fs, c->pool_bytes / fs);
		if (rc)
			return rc;
		err = path_ring_open(&r->path, &r->tx, &r->pool, slot_size,
				     c->pool_bytes, why, sizeof(why));
		if (err) {
			fprintf(stderr, "pktgen-zc: %s failed: %s (try --path "
				"copy)\n", why, strerror(-err));
			return EXIT_RUNTIME;
		}
		return 0;
	}
	rc = send_make_pool(&r->pool, c, slot_size, min_slots);
	if (rc)
		return rc;
	err = path_mmsg_open(&r->path, kind, &r->tx, &r->pool, NULL,
			     c->batch ? c->batch : ENGINE_BATCH);
	if (err) {
		fprintf(stderr, "pktgen-zc: setting up the %s path failed: "
			"%s\n", cli_path_name(kind), strerror(-err));
		return EXIT_RUNTIME;
	}
	return 0;
}

int rig_open(struct rig *r, const struct config *c, const struct tx_params *tp,
	     struct run_info *info, uint32_t slot_size, uint32_t min_slots,
	     volatile int *stop)
{
	int rc, kind;

	memset(r, 0, sizeof(*r));
	r->tx.fd = -1;
	rc = send_open_tx(&r->tx, tp);
	if (rc)
		return rc;
	kind = send_choose_path(&r->tx, c, slot_size, info);
	if (kind < 0) {
		rig_close(r);
		return EXIT_RUNTIME;
	}
	/* Packet modes go past the qdisc unless asked not to, as trafgen
	 * does: the point is the driver's own speed (qdisc shaping and
	 * statistics then see none of it). */
	if ((c->mode == MODE_PACKET || c->mode == MODE_PACKET_DGRAM) &&
	    !c->dry_run && !c->no_qdisc_bypass && !r->tx.qdisc_bypass &&
	    tx_qdisc_bypass(&r->tx))
		fprintf(stderr, "pktgen-zc: warning: PACKET_QDISC_BYPASS "
			"refused (%s); frames go through the qdisc\n",
			strerror(errno));
	info->qdisc_bypass = r->tx.qdisc_bypass;
	rc = rig_open_path(r, c, (enum tx_path)kind, slot_size, min_slots);
	if (rc) {
		rig_close(r);
		return rc;
	}
	info->slots = r->pool.nslots;
	info->slot_size = r->pool.slot_size;
	info->pool_bytes = r->pool.map_bytes;
	info->hugepages = r->pool.huge;
	if (c->threads <= 1) {
		send_priority(c);
		send_affinity(c->cpu);
	}
	rc = engine_init(&r->e, c, &r->path, stop);
	if (rc) {
		fprintf(stderr, "pktgen-zc: setting up the run failed: %s\n",
			strerror(-rc));
		rig_close(r);
		return EXIT_RUNTIME;
	}
	info->batch = r->e.batch_max;
	/* Workers drop once all of them are set up (send_workers()). */
	if (c->threads <= 1 && send_drop_privs(c, info)) {
		rig_close(r);
		return EXIT_RUNTIME;
	}
	return 0;
}

void rig_close(struct rig *r)
{
	engine_free(&r->e);
	path_close(&r->path);
	tx_close(&r->tx);
	pool_destroy(&r->pool);
}

/* Fill in what the command line left to the interface. */
static int complete_config(struct config *c, const struct iface_info *ifi,
			   struct frame_spec *spec, struct flow *flow)
{
	char why[256];
	uint32_t hdr, min_len, max_len;

	memset(spec, 0, sizeof(*spec));
	spec->family = c->family;
	spec->vlan_id = c->vlan_id;
	spec->vlan_prio = (uint8_t)c->vlan_prio;
	spec->tos = (uint8_t)c->tos;
	spec->ttl = (uint8_t)c->ttl;
	spec->df = c->df;
	memcpy(spec->src_mac, c->have_src_mac ? c->src_mac : ifi->mac, 6);

	if (!c->have_src_ip) {
		bool has = c->family == AF_INET6 ? ifi->has6 : ifi->has4;

		if (!has) {
			fprintf(stderr, "pktgen-zc: '%s' has no %s address to "
				"send from; give --src-ip\n", c->dev,
				family_name(c->family));
			return EXIT_USAGE;
		}
		memset(&c->src_ip, 0, sizeof(c->src_ip));
		c->src_ip.family = c->family;
		memcpy(c->src_ip.lo, c->family == AF_INET6 ? ifi->addr6 :
		       ifi->addr4, c->family == AF_INET6 ? 16 : 4);
		memcpy(c->src_ip.hi, c->src_ip.lo, 16);
		c->src_ip.span = 1;
	}

	hdr = (uint32_t)frame_hdr_len(spec);
	if (!c->size.lo && !c->size.hi && !c->size_is_payload) {
		c->size.lo = c->size.hi = hdr + 16 > FRAME_MIN_LEN ?
					  hdr + 16 : FRAME_MIN_LEN;
	} else if (c->size_is_payload) {
		c->size.lo += hdr;
		c->size.hi += hdr;
	} else if (c->size.lo < hdr) {
		fprintf(stderr, "pktgen-zc: --size %u is below the %u header "
			"bytes of %s%s UDP frames; at least %u\n", c->size.lo,
			hdr, family_name(c->family),
			c->vlan_id >= 0 ? " 802.1Q" : "", hdr);
		return EXIT_USAGE;
	}
	if (c->payload == PAY_STAMP && c->size.lo - hdr < 16) {
		fprintf(stderr, "pktgen-zc: --payload stamp needs 16 payload "
			"bytes, --size %u leaves %u; use --size %u or more, or "
			"--payload inc\n", c->size.lo, c->size.lo - hdr,
			hdr + 16);
		return EXIT_USAGE;
	}
	min_len = c->size.lo;
	max_len = c->size.hi;
	if (c->gso) {
		uint32_t l3 = c->gso + FRAME_UDP_HLEN +
			      (uint32_t)frame_l3_hlen(spec);

		if (max_len - hdr > 65507 - 8) {
			fprintf(stderr, "pktgen-zc: --payload-size %u with "
				"--gso is over the 65499-byte UDP_SEGMENT "
				"limit\n", max_len - hdr);
			return EXIT_USAGE;
		}
		if (l3 > ifi->mtu) {
			fprintf(stderr, "pktgen-zc: --gso %u makes %u-byte IP "
				"packets, over the MTU %u of %s; at most %u\n",
				c->gso, l3, ifi->mtu, c->dev,
				ifi->mtu - (l3 - c->gso));
			return EXIT_USAGE;
		}
	} else if (max_len - frame_l2_len(spec) > ifi->mtu) {
		if (c->size_is_payload)
			fprintf(stderr, "pktgen-zc: --payload-size %u exceeds "
				"the MTU %u of %s: at most %u payload bytes "
				"(MTU - %u %s and UDP header bytes)\n",
				max_len - hdr, ifi->mtu, c->dev,
				ifi->mtu + (uint32_t)frame_l2_len(spec) - hdr,
				hdr - (uint32_t)frame_l2_len(spec),
				family_name(c->family));
		else
			fprintf(stderr, "pktgen-zc: --size %u exceeds the MTU "
				"%u of %s: at most %u bytes (MTU + %zu link "
				"header, no FCS)\n", max_len, ifi->mtu, c->dev,
				ifi->mtu + (uint32_t)frame_l2_len(spec),
				frame_l2_len(spec));
		return EXIT_USAGE;
	}
	(void)min_len;

	if ((c->mode == MODE_PACKET || c->mode == MODE_PACKET_DGRAM) &&
	    ifi->arptype != ARPHRD_ETHER && ifi->arptype != ARPHRD_LOOPBACK) {
		fprintf(stderr, "pktgen-zc: '%s' is not an Ethernet device "
			"(ARP type %u); %s mode writes Ethernet headers\n",
			c->dev, ifi->arptype, cli_mode_name(c->mode));
		return EXIT_USAGE;
	}
	if (c->have_dst_mac) {
		memcpy(spec->dst_mac, c->dst_mac, 6);
	} else if (ifi->arptype == ARPHRD_LOOPBACK) {
		memset(spec->dst_mac, 0, 6);
	} else if (c->mode == MODE_PACKET || c->mode == MODE_PACKET_DGRAM ||
		   c->write_pcap) {
		if (c->dst_ip.span != 1 && !c->dry_run)
			fprintf(stderr, "pktgen-zc: note: resolving the next "
				"hop of the first --dst-ip only; every frame "
				"gets its MAC\n");
		if (iface_resolve(ifi, c->family, c->dst_ip.lo, spec->dst_mac,
				  c->dry_run ? 0 : 1000, why, sizeof(why))) {
			if (c->dry_run) {
				memset(spec->dst_mac, 0xff, 6);
			} else if (c->mode == MODE_PACKET ||
				   c->mode == MODE_PACKET_DGRAM) {
				fprintf(stderr, "pktgen-zc: %s\n", why);
				return EXIT_RUNTIME;
			}
		}
	}

	memset(flow, 0, sizeof(*flow));
	flow->src = c->src_ip;
	flow->dst = c->dst_ip;
	flow->sport = c->sport;
	flow->dport = c->dport;
	flow->size = c->size;
	flow->mix = c->mix;
	flow->nflows = c->nflows;
	flow->ip_id0 = c->ip_id;
	flow_init(flow, c->seed);
	if (c->nflows && c->nflows > flow_tuples(flow)) {
		fprintf(stderr, "pktgen-zc: --flows %llu: the address and port "
			"ranges hold only %llu distinct 5-tuples; widen them or "
			"ask for fewer flows\n", (unsigned long long)c->nflows,
			(unsigned long long)flow_tuples(flow));
		return EXIT_USAGE;
	}
	return 0;
}

/*
 * --threads N: N rigs and generators, worker w building frames w, w + N,
 * ... of the one run, so that together they send what one worker would,
 * each frame once.
 */
static int send_workers(const struct config *c, const struct tx_params *tp,
			struct run_info *info, const struct frame_spec *spec,
			const struct flow *flow, volatile int *stop)
{
	uint32_t n = c->threads, ready = 0;
	int cpus[CLI_MAX_CPUS];
	struct worker *w;
	struct gen *g;
	int rc;

	rc = workers_cpus(c, n, cpus);
	if (rc)
		return rc;
	w = calloc(n, sizeof(*w));
	g = calloc(n, sizeof(*g));
	if (!w || !g) {
		free(w);
		free(g);
		fprintf(stderr, "pktgen-zc: out of memory for %u workers\n", n);
		return EXIT_RUNTIME;
	}
	for (; ready < n; ready++) {
		struct worker *k = &w[ready];

		rc = rig_open(&k->rig, c, tp, info, c->size.hi, 8, stop);
		if (rc)
			break;
		rc = gen_init(&g[ready], c, spec, flow, &k->rig.pool);
		if (rc) {
			fprintf(stderr, "pktgen-zc: setting up worker %u "
				"failed: %s\n", ready, strerror(-rc));
			rig_close(&k->rig);
			rc = EXIT_RUNTIME;
			break;
		}
		gen_share(&g[ready], ready, n);
		k->src = (struct source){ .next = gen_next, .ctx = &g[ready] };
		k->cpu = cpus[ready];
	}
	if (ready == n) {
		send_priority(c);
		rc = send_drop_privs(c, info);
	}
	/* Threads made from here on inherit the reduced sets. */
	if (ready == n && !rc)
		rc = workers_run(w, n, c, info, stop);
	while (ready--) {
		gen_free(&g[ready]);
		rig_close(&w[ready].rig);
	}
	free(w);
	free(g);
	return rc;
}

int send_run(struct config *c, volatile int *stop)
{
	struct iface_info ifi;
	struct frame_spec spec;
	struct flow flow;
	struct tx_params tp;
	struct run_info info;
	struct rig rig;
	struct gen g;
	struct source src;
	int rc;

	rc = send_check_dev(c, &ifi);
	if (rc)
		return rc;
	rc = complete_config(c, &ifi, &spec, &flow);
	if (rc)
		return rc;

	memset(&tp, 0, sizeof(tp));
	tp.mode = c->mode;
	tp.family = c->family;
	tp.ifindex = ifi.ifindex;
	tp.ifname = c->dev;
	memcpy(tp.dst_mac, spec.dst_mac, 6);
	tp.l2_proto = c->vlan_id >= 0 ? 0x8100 :
		      c->family == AF_INET6 ? 0x86dd : 0x0800;
	memcpy(tp.src_ip, c->src_ip.lo, 16);
	tp.sport = (uint16_t)c->sport.lo;
	tp.fixed_dst = c->dst_ip.span == 1 && c->dport.lo == c->dport.hi;
	memcpy(tp.dst_ip, c->dst_ip.lo, 16);
	tp.dport = (uint16_t)c->dport.lo;
	tp.tos = c->tos;
	tp.ttl = c->ttl;
	tp.df = c->df;
	tp.gso = c->gso;
	tp.qdisc_bypass = c->qdisc_bypass;
	tp.shared_port = c->threads > 1;
	tp.l2_len = frame_l2_len(&spec);
	tp.hdr_len = frame_hdr_len(&spec);

	memset(&info, 0, sizeof(info));
	info.cmd = CMD_SEND;
	info.dev = c->dev;
	info.mode = c->mode;
	info.family = c->family;
	info.zc_wanted = c->zerocopy;
	info.rate_pps = c->rate_pps;
	info.rate_bps = c->rate_bps;
	info.gso = c->gso;

	if (c->threads > 1)
		return send_workers(c, &tp, &info, &spec, &flow, stop);
	rc = rig_open(&rig, c, &tp, &info, c->size.hi, 8, stop);
	if (rc)
		return rc;
	rc = gen_init(&g, c, &spec, &flow, &rig.pool);
	if (rc) {
		fprintf(stderr, "pktgen-zc: setting up the run failed: %s\n",
			strerror(-rc));
		rig_close(&rig);
		return EXIT_RUNTIME;
	}
	src = (struct source){ .next = gen_next, .ctx = &g };
	rc = engine_run(&rig.e, &src, &info);
	gen_free(&g);
	rig_close(&rig);
	return rc;
}
