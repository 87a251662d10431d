// SPDX-License-Identifier: GPL-2.0-only
/* rig: the set-up that send and replay share; see rig.h. */
#include "rig.h"

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
#include "log.h"
#include "priv.h"

int rig_check_dev(const struct config *c, struct iface_info *ifi)
{
	int err = iface_lookup(c->dev, ifi);

	if (err == -ENODEV) {
		pr_err("--dev '%s': no such interface "
			"(see 'ip link')\n", c->dev);
		return EXIT_USAGE;
	}
	if (err) {
		pr_err("cannot read interface '%s' over "
			"netlink: %s\n", c->dev, strerror(-err));
		return EXIT_RUNTIME;
	}
	if (c->dry_run)
		return 0;
	if (!(ifi->flags & IFF_UP)) {
		pr_err("--dev '%s' is administratively "
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

		pr_err("--dev '%s' has no link (no "
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
		pr_err("--pool-size %llu makes %llu slots of "
			"%llu bytes, over the %u a pool holds: at most %llu "
			"bytes for this frame size\n",
			(unsigned long long)c->pool_bytes,
			(unsigned long long)n, (unsigned long long)slot,
			POOL_MAX_SLOTS,
			(unsigned long long)(POOL_MAX_SLOTS * slot));
		return EXIT_USAGE;
	}
	if (avail && n * slot > avail) {
		pr_err("--pool-size %llu KiB is more than the "
			"%llu KiB of memory this machine has available "
			"(MemAvailable): the pool is locked in RAM; shrink "
			"--pool-size\n", (unsigned long long)(n * slot >> 10),
			(unsigned long long)(avail >> 10));
		return EXIT_RUNTIME;
	}
	return 0;
}

static int make_pool(struct pool *p, const struct config *c, uint32_t slot_size,
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
		pr_err("cannot lock the %llu KiB buffer "
			"pool: out of memory (%llu KiB available); shrink "
			"--pool-size\n",
			(unsigned long long)(p->memlock_need >> 10),
			(unsigned long long)(mem_available() >> 10));
		return EXIT_RUNTIME;
	}
	if (err == -ENOMEM && p->memlock_need) {
		pr_err("cannot lock the %llu KiB buffer "
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
		pr_err("cannot map a %llu KiB pool on 2 MB "
			"huge pages (%s): reserve some first (echo N > "
			"/proc/sys/vm/nr_hugepages) or drop --hugepages\n",
			(unsigned long long)(n * slot >> 10), strerror(-err));
		return EXIT_RUNTIME;
	}
	if (err) {
		pr_err("cannot map the %llu KiB buffer "
			"pool: %s\n", (unsigned long long)(n * slot >> 10),
			strerror(-err));
		return EXIT_RUNTIME;
	}
	return 0;
}

static int open_tx(struct tx *t, const struct tx_params *tp)
{
	char why[160];
	int err;

	err = tx_open(t, tp, why, sizeof(why));
	if (err == -EACCES && tp->mode == MODE_UDP && tp->sport < 1024) {
		pr_err("%s: %s: source port %u needs "
			"CAP_NET_BIND_SERVICE; run as root or use --src-port "
			"1024 or above\n", why, strerror(-err), tp->sport);
		return EXIT_RUNTIME;
	}
	if (err == -EPERM || err == -EACCES) {
		pr_err("%s: %s: %s mode needs CAP_NET_RAW "
			"(run as root, or setcap cap_net_raw+ep on the "
			"binary)\n", why, strerror(-err),
			tx_mode_name(tp->mode));
		return EXIT_RUNTIME;
	}
	if (err) {
		pr_err("%s failed: %s\n", why,
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
static int choose_path(struct tx *t, const struct config *c,
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
		pr_err("SO_ZEROCOPY refused by the kernel "
			"(%s) on the %s socket: %s; rerun with --path auto or "
			"copy (or --zerocopy off) to send by copy\n",
			strerror(-err), tx_mode_name(c->mode),
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
			 "copy%s", tx_mode_name(c->mode), strerror(-err),
			 c->mode == MODE_UDP ? "" :
			 " (the kernel/ series adds it)");
		info->zc_note = note;
	} else {
		info->zc_note = c->zerocopy == ZC_OFF ? "--zerocopy off" :
				kind == PATH_RING ? "the ring path" : why;
	}
	return kind;
}

void rig_priority(const struct config *c)
{
	struct sched_param sp = { .sched_priority = c->priority };

	/* For the calling thread, and the threads it starts later: set it
	 * before the capabilities go (priv.h). */
	if (c->priority && sched_setscheduler(0, SCHED_FIFO, &sp))
		pr_warn("cannot run SCHED_FIFO at "
			"priority %d: %s (needs CAP_SYS_NICE)\n", c->priority,
			strerror(errno));
}

void rig_affinity(int cpu)
{
	cpu_set_t set;

	/* The calling thread only: each worker pins itself. */
	if (cpu < 0)
		return;
	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	if (sched_setaffinity(0, sizeof(set), &set))
		pr_warn("cannot pin to CPU %d: "
			"%s\n", cpu, strerror(errno));
}

int rig_drop_privs(const struct config *c, const struct run_info *info)
{
	char why[200];

	/* Everything privileged is done: see priv.h for what is kept. */
	if (priv_drop(priv_run_needs(c, info->zc_in_effect), why,
		      sizeof(why))) {
		pr_err("dropping privileges after set-up "
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
			pr_err("%s failed: %s (try --path "
				"copy)\n", why, strerror(-err));
			return EXIT_RUNTIME;
		}
		return 0;
	}
	rc = make_pool(&r->pool, c, slot_size, min_slots);
	if (rc)
		return rc;
	err = path_mmsg_open(&r->path, kind, &r->tx, &r->pool, NULL,
			     c->batch ? c->batch : ENGINE_BATCH);
	if (err) {
		pr_err("setting up the %s path failed: "
			"%s\n", tx_path_name(kind), strerror(-err));
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
	rc = open_tx(&r->tx, tp);
	if (rc)
		return rc;
	kind = choose_path(&r->tx, c, slot_size, info);
	if (kind < 0) {
		rig_close(r);
		return EXIT_RUNTIME;
	}
	/* Packet modes go past the qdisc unless asked not to, as trafgen
	 * does: the point is the driver's own speed (qdisc shaping and
	 * statistics then see none of it).  Not with --gso: the bypass
	 * drops every skb the stack would have to segment itself
	 * (__dev_direct_xmit()), i.e. on devices without UDP GSO. */
	if ((c->mode == MODE_PACKET || c->mode == MODE_PACKET_DGRAM) &&
	    !c->dry_run && !c->no_qdisc_bypass && !r->tx.qdisc_bypass &&
	    !c->gso && tx_qdisc_bypass(&r->tx))
		pr_warn("PACKET_QDISC_BYPASS "
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
	pr_debug("path %s (%s); %s socket, qdisc %s; %u slots of %u B "
		 "(%llu KiB%s)", tx_path_name(info->path),
		 info->path_why ? info->path_why : "asked for",
		 tx_mode_name(c->mode),
		 info->qdisc_bypass ? "bypassed" : "in the path",
		 info->slots, info->slot_size,
		 (unsigned long long)(info->pool_bytes >> 10),
		 info->hugepages ? ", huge pages" : "");
	if (c->threads <= 1) {
		rig_priority(c);
		rig_affinity(c->cpu);
	}
	rc = engine_init(&r->e, c, &r->path, stop);
	if (rc) {
		pr_err("setting up the run failed: %s\n",
			strerror(-rc));
		rig_close(r);
		return EXIT_RUNTIME;
	}
	info->batch = r->e.batch_max;
	/* Workers drop once all of them are set up (send_workers()). */
	if (c->threads <= 1 && rig_drop_privs(c, info)) {
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
