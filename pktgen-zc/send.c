/* send: the 'send' command; see send.h. */
#include "send.h"

#include <arpa/inet.h>
#include <errno.h>
#include <linux/if.h>
#include <linux/if_arp.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>

#include "frame.h"
#include "gen.h"
#include "priv.h"
#include "worker.h"

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

static int send_make_pool(struct pool *p, const struct config *c, uint32_t slot_size,
		   uint32_t min_slots)
{
	uint64_t slot = (slot_size + 63u) & ~63u;
	uint64_t n = c->pool_bytes / slot;
	int err;

	if (n < min_slots)
		n = min_slots;
	if (n > (1u << 24))
		n = 1u << 24;
	err = pool_create(p, (uint32_t)n, slot_size, c->hugepages);
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

static int send_open_tx(struct tx *t, const struct tx_params *tp,
		 const struct config *c, struct run_info *info)
{
	static char note[256];
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
	info->zc_in_effect = false;
	info->zc_note = NULL;
	if (c->zerocopy == ZC_OFF || c->dry_run) {
		info->zc_note = c->dry_run ? "--dry-run" : "--zerocopy off";
		return 0;
	}
	err = tx_enable_zerocopy(t);
	if (!err) {
		info->zc_in_effect = true;
		return 0;
	}
	if (c->zerocopy == ZC_ON) {
		fprintf(stderr, "pktgen-zc: SO_ZEROCOPY refused by the kernel "
			"(%s) on the %s socket: %s; rerun with --zerocopy "
			"auto or off to send by copy\n",
			strerror(-err), cli_mode_name(tp->mode),
			tp->mode == MODE_UDP ? "this kernel lacks MSG_ZEROCOPY "
			"for UDP (Linux 5.0+)" : "packet and raw sockets need "
			"the kernel/ patch series of pktgen-zc");
		tx_close(t);
		return EXIT_RUNTIME;
	}
	snprintf(note, sizeof(note), "zerocopy unavailable for %s sockets "
		 "on this kernel (SO_ZEROCOPY: %s); sending by copy%s",
		 cli_mode_name(tp->mode), strerror(-err),
		 tp->mode == MODE_UDP ? "" : " (the kernel/ series adds it)");
	info->zc_note = note;
	return 0;
}

static void send_pin_cpu(const struct config *c)
{
	cpu_set_t set;

	if (c->priority) {
		struct sched_param sp = { .sched_priority = c->priority };

		if (sched_setscheduler(0, SCHED_FIFO, &sp))
			fprintf(stderr, "pktgen-zc: warning: cannot run "
				"SCHED_FIFO at priority %d: %s (needs "
				"CAP_SYS_NICE)\n", c->priority,
				strerror(errno));
	}
	if (c->cpu < 0)
		return;
	CPU_ZERO(&set);
	CPU_SET(c->cpu, &set);
	if (sched_setaffinity(0, sizeof(set), &set))
		fprintf(stderr, "pktgen-zc: warning: cannot pin to CPU %d: "
			"%s\n", c->cpu, strerror(errno));
}

int rig_open(struct rig *r, const struct config *c, const struct tx_params *tp,
	     struct run_info *info, uint32_t slot_size, uint32_t min_slots,
	     volatile int *stop)
{
	char why[200];
	int rc;

	memset(r, 0, sizeof(*r));
	r->tx.fd = -1;
	rc = send_make_pool(&r->pool, c, slot_size, min_slots);
	if (rc)
		return rc;
	info->slots = r->pool.nslots;
	info->slot_size = r->pool.slot_size;
	info->pool_bytes = r->pool.map_bytes;
	info->hugepages = r->pool.huge;
	rc = send_open_tx(&r->tx, tp, c, info);
	if (rc) {
		pool_destroy(&r->pool);
		return rc;
	}
	send_pin_cpu(c);
	rc = engine_init(&r->e, c, &r->tx, &r->pool, info->zc_in_effect,
			 stop);
	if (rc) {
		fprintf(stderr, "pktgen-zc: setting up the run failed: %s\n",
			strerror(-rc));
		engine_free(&r->e);
		tx_close(&r->tx);
		pool_destroy(&r->pool);
		return EXIT_RUNTIME;
	}
	/* Everything privileged is done: see priv.h for what is kept. */
	rc = priv_drop(priv_run_needs(c, info->zc_in_effect), why, sizeof(why));
	if (rc) {
		fprintf(stderr, "pktgen-zc: dropping privileges after set-up "
			"failed: %s\n", why);
		rig_close(r);
		return EXIT_RUNTIME;
	}
	return 0;
}

void rig_close(struct rig *r)
{
	engine_free(&r->e);
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
	flow->ip_id0 = c->ip_id;
	flow_init(flow, c->seed);
	return 0;
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
