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
#include "log.h"
#include "priv.h"
#include "worker.h"
#include "workers.h"

static const char *family_name(int f)
{
	return f == AF_INET6 ? "IPv6" : "IPv4";
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
			pr_err("'%s' has no %s address to "
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
		pr_err("--size %u is below the %u header "
			"bytes of %s%s UDP frames; at least %u\n", c->size.lo,
			hdr, family_name(c->family),
			c->vlan_id >= 0 ? " 802.1Q" : "", hdr);
		return EXIT_USAGE;
	}
	if (c->payload == PAY_STAMP && c->size.lo - hdr < 16) {
		pr_err("--payload stamp needs 16 payload "
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

		if (c->mode == MODE_UDP && max_len - hdr > 65507 - 8) {
			pr_err("--payload-size %u with "
				"--gso is over the 65499-byte UDP_SEGMENT "
				"limit\n", max_len - hdr);
			return EXIT_USAGE;
		}
		if (l3 > ifi->mtu) {
			pr_err("--gso %u makes %u-byte IP "
				"packets, over the MTU %u of %s; at most %u\n",
				c->gso, l3, ifi->mtu, c->dev,
				ifi->mtu - (l3 - c->gso));
			return EXIT_USAGE;
		}
	} else if (max_len - frame_l2_len(spec) > ifi->mtu) {
		if (c->size_is_payload)
			pr_err("--payload-size %u exceeds "
				"the MTU %u of %s: at most %u payload bytes "
				"(MTU - %u %s and UDP header bytes)\n",
				max_len - hdr, ifi->mtu, c->dev,
				ifi->mtu + (uint32_t)frame_l2_len(spec) - hdr,
				hdr - (uint32_t)frame_l2_len(spec),
				family_name(c->family));
		else
			pr_err("--size %u exceeds the MTU "
				"%u of %s: at most %u bytes (MTU + %zu link "
				"header, no FCS)\n", max_len, ifi->mtu, c->dev,
				ifi->mtu + (uint32_t)frame_l2_len(spec),
				frame_l2_len(spec));
		return EXIT_USAGE;
	}
	(void)min_len;

	if ((c->mode == MODE_PACKET || c->mode == MODE_PACKET_DGRAM) &&
	    ifi->arptype != ARPHRD_ETHER && ifi->arptype != ARPHRD_LOOPBACK) {
		pr_err("'%s' is not an Ethernet device "
			"(ARP type %u); %s mode writes Ethernet headers\n",
			c->dev, ifi->arptype, tx_mode_name(c->mode));
		return EXIT_USAGE;
	}
	if (c->have_dst_mac) {
		memcpy(spec->dst_mac, c->dst_mac, 6);
	} else if (ifi->arptype == ARPHRD_LOOPBACK) {
		memset(spec->dst_mac, 0, 6);
	} else if (c->mode == MODE_PACKET || c->mode == MODE_PACKET_DGRAM ||
		   c->write_pcap) {
		if (c->dst_ip.span != 1 && !c->dry_run)
			pr_info("note: resolving the next "
				"hop of the first --dst-ip only; every frame "
				"gets its MAC\n");
		if (iface_resolve(ifi, c->family, c->dst_ip.lo, spec->dst_mac,
				  c->dry_run ? 0 : 1000, why, sizeof(why))) {
			if (c->dry_run) {
				memset(spec->dst_mac, 0xff, 6);
			} else if (c->mode == MODE_PACKET ||
				   c->mode == MODE_PACKET_DGRAM) {
				pr_err("%s\n", why);
				return EXIT_RUNTIME;
			}
		}
	}

	pr_debug("%s: index %d, MTU %u, %u TX queues; source %02x:%02x:%02x:"
		 "%02x:%02x:%02x%s, next hop %02x:%02x:%02x:%02x:%02x:%02x%s",
		 ifi->name, ifi->ifindex, ifi->mtu, ifi->txqueues,
		 spec->src_mac[0], spec->src_mac[1], spec->src_mac[2],
		 spec->src_mac[3], spec->src_mac[4], spec->src_mac[5],
		 c->have_src_mac ? " (--src-mac)" : " (the interface's)",
		 spec->dst_mac[0], spec->dst_mac[1], spec->dst_mac[2],
		 spec->dst_mac[3], spec->dst_mac[4], spec->dst_mac[5],
		 c->have_dst_mac ? " (--dst-mac)" : " (resolved)");

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
		pr_err("--flows %llu: the address and port "
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
		pr_err("out of memory for %u workers\n", n);
		return EXIT_RUNTIME;
	}
	for (; ready < n; ready++) {
		struct worker *k = &w[ready];

		rc = rig_open(&k->rig, c, tp, info, c->size.hi, 8, stop);
		if (rc)
			break;
		rc = gen_init(&g[ready], c, spec, flow, &k->rig.pool);
		if (rc) {
			pr_err("setting up worker %u "
				"failed: %s\n", ready, strerror(-rc));
			rig_close(&k->rig);
			rc = EXIT_RUNTIME;
			break;
		}
		gen_share(&g[ready], ready, n);
		k->src = (struct source){ .next = gen_next,
					  .record = gen_record,
					  .ctx = &g[ready] };
		k->cpu = cpus[ready];
	}
	if (ready == n) {
		rig_priority(c);
		rc = rig_drop_privs(c, info);
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

	rc = rig_check_dev(c, &ifi);
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
		pr_err("setting up the run failed: %s\n",
			strerror(-rc));
		rig_close(&rig);
		return EXIT_RUNTIME;
	}
	src = (struct source){ .next = gen_next, .record = gen_record,
			       .ctx = &g };
	rc = engine_run(&rig.e, &src, &info);
	gen_free(&g);
	rig_close(&rig);
	return rc;
}
