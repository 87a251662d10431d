// SPDX-License-Identifier: GPL-2.0-only
/* recv: the receiving end of a run; see recv.h. */
#include "recv.h"

#include <arpa/inet.h>
#include <errno.h>
#include <linux/filter.h>
#include <linux/if_packet.h>
#include <linux/if_ether.h>
#include <net/if.h>
#include <pcap/pcap.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "check.h"
#include "log.h"
#include "out.h"
#include "priv.h"
#include "rig.h"
#include "stats.h"

#define RECV_SLOTS (RECV_MAX_FLOWS * 4)	/* hash table, a power of two */

static uint64_t mono_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static void counts_init(struct recv_counts *c)
{
	memset(c, 0, sizeof(*c));
	c->lat_min = INT64_MAX;
	c->lat_max = INT64_MIN;
}

void recv_reset(struct recv *r, uint32_t run_id, bool any)
{
	r->run_id = run_id;
	r->run_known = !any;
	counts_init(&r->tot);
	memset(r->hist, 0, sizeof(r->hist));
	memset(r->seen, 0, RECV_WINDOW / 8);
	if (r->nflows)
		memset(r->flows, 0, r->nflows * sizeof(*r->flows));
	r->nflows = 0;
	memset(r->slots, 0, RECV_SLOTS * sizeof(*r->slots));
	r->flows_untracked = 0;
	r->ring_frames = r->filtered = r->not_udp = 0;
	r->unstamped = r->other_run = 0;
	r->k_packets = r->k_drops = r->k_freeze = 0;
	r->last_frame_ns = 0;
}

/* The run's traffic only, in the kernel already: UDP (tagged or not) to
 * and from the ports asked for, so the ring and the socket's drop counter
 * are about that traffic.  Addresses are checked per frame (ranges). */
static int attach_filter(struct recv *r, char *why, size_t len)
{
	const struct config *c = r->cfg;
	char expr[256], ports[128] = "";
	struct bpf_program prog;
	struct sock_fprog fp;
	pcap_t *p;
	int rc = 0;

	if (c->sport_set)
		snprintf(ports, sizeof(ports), " and src portrange %u-%u",
			 c->sport.lo, c->sport.hi);
	if (c->dport_set)
		snprintf(ports + strlen(ports), sizeof(ports) - strlen(ports),
			 " and dst portrange %u-%u", c->dport.lo, c->dport.hi);
	snprintf(expr, sizeof(expr), "(udp%s) or (vlan and udp%s)", ports,
		 ports);
	p = pcap_open_dead(DLT_EN10MB, 65535);
	if (!p) {
		snprintf(why, len, "pcap_open_dead failed");
		return -ENOMEM;
	}
	if (pcap_compile(p, &prog, expr, 1, PCAP_NETMASK_UNKNOWN)) {
		snprintf(why, len, "filter '%s': %s", expr, pcap_geterr(p));
		pcap_close(p);
		return -EINVAL;
	}
	fp.len = (unsigned short)prog.bf_len;
	fp.filter = (struct sock_filter *)prog.bf_insns;
	if (setsockopt(r->fd, SOL_SOCKET, SO_ATTACH_FILTER, &fp, sizeof(fp))) {
		rc = -errno;
		snprintf(why, len, "SO_ATTACH_FILTER: %s", strerror(errno));
	}
	pcap_freecode(&prog);
	pcap_close(p);
	return rc;
}

/* Blocks of 1 MiB (smaller for small rings, at least 4 of them, each
 * holding a 64 KiB frame), retired after 10 ms so that a slow run is
 * seen at once. */
static void ring_geometry(uint64_t bytes, uint32_t *bs, uint32_t *nb)
{
	uint32_t b = 1u << 20;

	while (b > (128u << 10) && bytes / b < 4)
		b >>= 1;
	*bs = b;
	*nb = (uint32_t)(bytes / b) < 2 ? 2 : (uint32_t)(bytes / b);
}

int recv_init(struct recv *r, const struct config *cfg)
{
	memset(r, 0, sizeof(*r));
	r->cfg = cfg;
	r->fd = -1;
	r->seen = calloc(RECV_WINDOW / 64, sizeof(*r->seen));
	r->flows = calloc(RECV_MAX_FLOWS, sizeof(*r->flows));
	r->slots = calloc(RECV_SLOTS, sizeof(*r->slots));
	if (!r->seen || !r->flows || !r->slots)
		return -ENOMEM;
	recv_reset(r, cfg->run_id, !cfg->run_id_set);
	return 0;
}

int recv_open(struct recv *r, const struct config *cfg, char *why,
	      size_t len)
{
	struct tpacket_req3 req;
	struct sockaddr_ll sll;
	int v = TPACKET_V3, one = 1, err;
	unsigned int ifindex;

	if (recv_init(r, cfg)) {
		snprintf(why, len, "out of memory");
		return -ENOMEM;
	}
	ifindex = if_nametoindex(cfg->dev);
	if (!ifindex) {
		err = -errno;
		snprintf(why, len, "interface '%s': %s (see 'ip link')",
			 cfg->dev, strerror(errno));
		return err;
	}
	/* Protocol 0: nothing arrives before the filter and the ring are
	 * in place and bind() names the protocol. */
	r->fd = socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC, 0);
	if (r->fd < 0) {
		err = -errno;
		snprintf(why, len, "packet socket: %s%s", strerror(errno),
			 errno == EPERM ? " (needs CAP_NET_RAW: run as root)" :
			 "");
		return err;
	}
	if ((err = attach_filter(r, why, len)))
		return err;
	if (setsockopt(r->fd, SOL_PACKET, PACKET_VERSION, &v, sizeof(v))) {
		err = -errno;
		snprintf(why, len, "PACKET_VERSION TPACKET_V3: %s",
			 strerror(errno));
		return err;
	}
	/* Our own sends on this interface are not the run's arrivals. */
	(void)setsockopt(r->fd, SOL_PACKET, PACKET_IGNORE_OUTGOING, &one,
			 sizeof(one));
	ring_geometry(cfg->ring_bytes, &r->block_size, &r->nblocks);
	memset(&req, 0, sizeof(req));
	req.tp_block_size = r->block_size;
	req.tp_block_nr = r->nblocks;
	req.tp_frame_size = 2048;
	req.tp_frame_nr = r->block_size / 2048 * r->nblocks;
	req.tp_retire_blk_tov = 10;
	if (setsockopt(r->fd, SOL_PACKET, PACKET_RX_RING, &req, sizeof(req))) {
		err = -errno;
		snprintf(why, len, "PACKET_RX_RING of %u blocks of %u B: %s",
			 r->nblocks, r->block_size, strerror(errno));
		return err;
	}
	r->ring_len = (size_t)r->block_size * r->nblocks;
	r->ring = mmap(NULL, r->ring_len, PROT_READ | PROT_WRITE,
		       MAP_SHARED | MAP_POPULATE, r->fd, 0);
	if (r->ring == MAP_FAILED) {
		r->ring = NULL;
		err = -errno;
		snprintf(why, len, "mapping the ring (%zu B): %s", r->ring_len,
			 strerror(errno));
		return err;
	}
	memset(&sll, 0, sizeof(sll));
	sll.sll_family = AF_PACKET;
	sll.sll_protocol = htons(ETH_P_ALL);
	sll.sll_ifindex = (int)ifindex;
	if (bind(r->fd, (struct sockaddr *)&sll, sizeof(sll))) {
		err = -errno;
		snprintf(why, len, "bind to %s: %s", cfg->dev, strerror(errno));
		return err;
	}
	return 0;
}

void recv_close(struct recv *r)
{
	if (r->ring)
		munmap(r->ring, r->ring_len);
	if (r->fd >= 0)
		close(r->fd);
	free(r->seen);
	free(r->flows);
	free(r->slots);
	memset(r, 0, sizeof(*r));
	r->fd = -1;
}

void recv_kernel_stats(struct recv *r)
{
	struct tpacket_stats_v3 st;
	socklen_t sl = sizeof(st);

	memset(&st, 0, sizeof(st));
	if (getsockopt(r->fd, SOL_PACKET, PACKET_STATISTICS, &st, &sl))
		return;
	r->k_packets += st.tp_packets;
	r->k_drops += st.tp_drops;
	r->k_freeze += st.tp_freeze_q_cnt;
}

/*
 * Latency histogram: exact below 16 ns, then 16 buckets per power of two
 * (within 1/16 of the value), up to 2^40 ns (18 minutes).
 */
uint32_t recv_lat_bucket(uint64_t v)
{
	uint32_t e, idx;

	if (v < 16)
		return (uint32_t)v;
	e = 63 - (uint32_t)__builtin_clzll(v);
	idx = (e - 3) * 16 + (uint32_t)((v >> (e - 4)) & 15);
	return idx < RECV_HBUCKETS ? idx : RECV_HBUCKETS - 1;
}

/* The middle of bucket i. */
double recv_lat_value(uint32_t i)
{
	uint32_t e;
	double lo, w;

	if (i < 16)
		return i;
	e = i / 16 + 3;
	lo = (double)(1ull << e) + (double)(i % 16) * (double)(1ull << (e - 4));
	w = (double)(1ull << (e - 4));
	return lo + w / 2;
}

/* Sequence number s against the window: 0 new and in order, 1 new but
 * late (*disp: by how much), 2 duplicate, 3 too old to tell. */
static int seq_see(struct recv *r, uint64_t s, uint64_t *disp)
{
	struct recv_counts *t = &r->tot;
	uint64_t *w = r->seen;

	if (s >= t->hi) {
		/* Numbers [hi, s] enter the window: clear what they
		 * replace (each bit once, so this is cheap on average). */
		if (s - t->hi >= RECV_WINDOW) {
			memset(w, 0, RECV_WINDOW / 8);
		} else {
			for (uint64_t k = t->hi; k <= s;) {
				uint32_t pos = (uint32_t)(k % RECV_WINDOW);

				if (!(pos & 63) && s - k >= 63) {
					w[pos / 64] = 0;
					k += 64;
				} else {
					w[pos / 64] &= ~(1ull << (pos & 63));
					k++;
				}
			}
		}
		w[(s % RECV_WINDOW) / 64] |= 1ull << (s % 64);
		t->hi = s + 1;
		return 0;
	}
	*disp = t->hi - 1 - s;
	if (t->hi - s > RECV_WINDOW)
		return 3;
	if (w[(s % RECV_WINDOW) / 64] & (1ull << (s % 64)))
		return 2;
	w[(s % RECV_WINDOW) / 64] |= 1ull << (s % 64);
	return 1;
}

static uint32_t flow_hash32(const struct check_result *cr)
{
	size_t alen = cr->family == AF_INET6 ? 16 : 4;
	uint64_t h = ((uint64_t)cr->sport << 16 | cr->dport) ^
		     (uint64_t)cr->family << 40;
	uint64_t x;

	for (size_t i = 0; i < alen; i += 4) {
		uint32_t a, b;

		memcpy(&a, cr->src + i, 4);
		memcpy(&b, cr->dst + i, 4);
		x = ((uint64_t)a << 32 | b);
		h = (h ^ x) * 0x9e3779b97f4a7c15ull;
		h ^= h >> 29;
	}
	h *= 0xbf58476d1ce4e5b9ull;
	return (uint32_t)(h >> 32);
}

static bool flow_is(const struct recv_flow *f, const struct check_result *cr)
{
	size_t alen = cr->family == AF_INET6 ? 16 : 4;

	return f->family == cr->family && f->sport == cr->sport &&
	       f->dport == cr->dport && !memcmp(f->src, cr->src, alen) &&
	       !memcmp(f->dst, cr->dst, alen);
}

/* The frame's flow, made on first sight; NULL past the limit. */
static struct recv_flow *flow_get(struct recv *r, const struct check_result *cr)
{
	uint32_t i = flow_hash32(cr) & (RECV_SLOTS - 1);
	size_t alen = cr->family == AF_INET6 ? 16 : 4;
	struct recv_flow *f;

	for (;; i = (i + 1) & (RECV_SLOTS - 1)) {
		uint32_t k = r->slots[i];

		if (!k)
			break;
		if (flow_is(&r->flows[k - 1], cr))
			return &r->flows[k - 1];
	}
	if (r->nflows == RECV_MAX_FLOWS)
		return NULL;
	f = &r->flows[r->nflows++];
	r->slots[i] = r->nflows;
	f->family = cr->family;
	memcpy(f->src, cr->src, alen);
	memcpy(f->dst, cr->dst, alen);
	f->sport = cr->sport;
	f->dport = cr->dport;
	counts_init(&f->c);
	return f;
}

static bool in_ip_range(const struct ip_range *rg, const uint8_t *ip,
			int family)
{
	size_t alen = family == AF_INET6 ? 16 : 4;

	return rg->family == family && memcmp(ip, rg->lo, alen) >= 0 &&
	       memcmp(ip, rg->hi, alen) <= 0;
}

static bool wanted(const struct config *c, const struct check_result *cr)
{
	if (c->family && cr->family != c->family)
		return false;
	if (c->have_src_ip && !in_ip_range(&c->src_ip, cr->src, cr->family))
		return false;
	if (c->have_dst_ip && !in_ip_range(&c->dst_ip, cr->dst, cr->family))
		return false;
	if (c->sport_set &&
	    (cr->sport < c->sport.lo || cr->sport > c->sport.hi))
		return false;
	if (c->dport_set &&
	    (cr->dport < c->dport.lo || cr->dport > c->dport.hi))
		return false;
	return true;
}

static uint64_t gcd64(uint64_t a, uint64_t b)
{
	while (b) {
		uint64_t t = a % b;

		a = b;
		b = t;
	}
	return a;
}

static void count_frame(struct recv_counts *c, uint32_t bytes, int kind,
			uint64_t disp, const struct check_result *cr,
			bool csum_partial, bool has_lat, int64_t lat)
{
	c->frames++;
	c->bytes += bytes;
	if (kind == 2) {
		c->dups++;
	} else {
		c->unique++;
		if (kind == 1 || kind == 3) {
			c->reordered++;
			c->disp_sum += disp;
			if (disp > c->disp_max)
				c->disp_max = disp;
		}
		c->stale += kind == 3;
	}
	c->bad_ip_csum += !cr->ip_csum_ok;
	if (csum_partial)
		c->udp_csum_unverified++;
	else
		c->bad_udp_csum += !cr->csum_ok;
	c->bad_payload += !cr->pattern_ok;
	if (has_lat) {
		c->lat_n++;
		c->lat_sum += lat;
		c->lat_neg += lat < 0;
		if (lat < c->lat_min)
			c->lat_min = lat;
		if (lat > c->lat_max)
			c->lat_max = lat;
	}
}

int recv_frame(struct recv *r, const uint8_t *f, uint32_t caplen,
	       uint32_t len, uint32_t status, uint64_t rx_ns)
{
	struct check_result cr;
	struct recv_flow *fl;
	uint64_t s, disp = 0;
	bool has_lat, partial;
	int64_t lat = 0;
	int kind;

	r->ring_frames++;
	if (!check_frame(f, caplen, &cr)) {
		r->not_udp++;
		return 0;
	}
	if (!wanted(r->cfg, &cr)) {
		r->filtered++;
		return 0;
	}
	if (!cr.has_stamp) {
		r->unstamped++;
		return 0;
	}
	if (!r->run_known) {
		r->run_id = cr.stamp.stream;
		r->run_known = true;
	} else if (cr.stamp.stream != r->run_id) {
		r->other_run++;
		return 0;
	}
	if (status & TP_STATUS_VLAN_VALID)
		len += 4;	/* the tag the kernel took off */
	s = cr.stamp.seq;
	kind = seq_see(r, s, &disp);
	/* A partial checksum (CHECKSUM_PARTIAL, the sender's stack left it
	 * to a device that a veth never had) cannot be checked. */
	partial = status & TP_STATUS_CSUMNOTREADY;
	has_lat = cr.stamp.ts_ns != 0;
	if (has_lat) {
		lat = (int64_t)(rx_ns - cr.stamp.ts_ns);
		r->hist[recv_lat_bucket(lat < 0 ? 0 : (uint64_t)lat)]++;
	}
	count_frame(&r->tot, len, kind, disp, &cr, partial, has_lat, lat);
	fl = flow_get(r, &cr);
	if (!fl) {
		r->flows_untracked++;
		return 1;
	}
	/* Order within the flow, against its own highest number. */
	if (!fl->c.frames)
		fl->first = s;
	if (kind != 2) {
		if (!fl->c.frames || s >= fl->c.hi) {
			kind = 0;
		} else {
			kind = 1;
			disp = fl->c.hi - 1 - s;
		}
		if (s >= fl->c.hi)
			fl->c.hi = s + 1;
		if (fl->c.frames) {
			uint64_t d = s > fl->first ? s - fl->first :
				     fl->first - s;

			if (fl->stride != 1 && d &&
			    (!fl->stride || d % fl->stride))
				fl->stride = gcd64(fl->stride, d);
		}
	}
	if (has_lat)
		fl->hist[recv_lat_bucket(lat < 0 ? 0 : (uint64_t)lat)]++;
	count_frame(&fl->c, len, kind, disp, &cr, partial, has_lat, lat);
	return 1;
}

int recv_poll(struct recv *r, int timeout_ms)
{
	int got = 0;

	for (;;) {
		struct tpacket_block_desc *bd = (struct tpacket_block_desc *)
			(r->ring + (size_t)r->cur * r->block_size);
		struct tpacket3_hdr *h;
		uint32_t n;

		if (!(__atomic_load_n(&bd->hdr.bh1.block_status,
				      __ATOMIC_ACQUIRE) & TP_STATUS_USER)) {
			struct pollfd pfd = { .fd = r->fd, .events = POLLIN };

			if (got || timeout_ms < 0)
				return got;
			if (poll(&pfd, 1, timeout_ms) < 0 && errno != EINTR)
				return -errno;
			timeout_ms = -1;	/* one wait a call */
			continue;
		}
		n = bd->hdr.bh1.num_pkts;
		h = (struct tpacket3_hdr *)((uint8_t *)bd +
					    bd->hdr.bh1.offset_to_first_pkt);
		for (uint32_t i = 0; i < n; i++) {
			uint64_t ns = (uint64_t)h->tp_sec * 1000000000ull +
				      h->tp_nsec;

			got += recv_frame(r, (uint8_t *)h + h->tp_mac,
					 h->tp_snaplen, h->tp_len, h->tp_status,
					 ns);
			h = (struct tpacket3_hdr *)((uint8_t *)h +
						    h->tp_next_offset);
		}
		__atomic_store_n(&bd->hdr.bh1.block_status, TP_STATUS_KERNEL,
				 __ATOMIC_RELEASE);
		r->cur = (r->cur + 1) % r->nblocks;
		r->blocks++;
		if (got)
			r->last_frame_ns = mono_ns();
	}
}

uint64_t recv_lost(const struct recv_counts *c, uint64_t expect)
{
	uint64_t want = c->hi > expect ? c->hi : expect;

	return want > c->unique ? want - c->unique : 0;
}

/*
 * Losses per flow, when the flows share the run's numbers out evenly:
 * every flow sees numbers first + k * g with one g for all and a
 * different first % g each (--flows N sends frame n on flow n % N).
 * Then flow f expects the numbers below H that are first % g mod g.
 * Otherwise (random picks, one frame of a flow) losses are the run's only.
 */
static bool flows_attributable(const struct recv *r, uint64_t *g)
{
	uint64_t stride = 0;

	if (r->flows_untracked)
		return false;
	if (r->nflows == 1) {
		*g = 1;
		return true;
	}
	for (uint32_t i = 0; i < r->nflows; i++) {
		const struct recv_flow *f = &r->flows[i];

		if (!f->stride || (stride && f->stride != stride))
			return false;
		stride = f->stride;
	}
	if (!stride || r->nflows > stride)
		return false;
	for (uint32_t i = 0; i < r->nflows; i++)
		for (uint32_t j = i + 1; j < r->nflows; j++)
			if (r->flows[i].first % stride ==
			    r->flows[j].first % stride)
				return false;
	*g = stride;
	return true;
}

static uint64_t flow_lost(const struct recv_flow *f, uint64_t g, uint64_t H)
{
	uint64_t res = g == 1 ? 0 : f->first % g;
	uint64_t want = H > res ? (H - res - 1) / g + 1 : 0;

	return want > f->c.unique ? want - f->c.unique : 0;
}

/* ---- the command: end conditions, progress, summary, JSON ---- */

struct rx_report {
	const struct config *c;
	uint64_t t0, last_ns, next_ns;
	double wall_t0;
	uint64_t last_frames, last_bytes, last_lost, last_drops;
	char *iv;
	size_t ilen, icap;
	unsigned int n;
	bool tty;
};

static void iv_add(struct rx_report *p, const char *s)
{
	size_t l = strlen(s);

	if (p->ilen + l + 1 > p->icap) {
		size_t nc = p->icap ? p->icap * 2 : 4096;
		char *q;

		while (nc < p->ilen + l + 1)
			nc *= 2;
		q = realloc(p->iv, nc);
		if (!q)
			return;
		p->iv = q;
		p->icap = nc;
	}
	memcpy(p->iv + p->ilen, s, l + 1);
	p->ilen += l;
}

static void progress(struct rx_report *p, struct recv *r, uint64_t now)
{
	const struct config *c = p->c;
	uint64_t expect = c->count;
	uint64_t lost = recv_lost(&r->tot, expect), fr, by;
	double sec = (now - p->last_ns) / 1e9;
	char line[512], a[32], b[32];

	recv_kernel_stats(r);
	fr = r->tot.frames - p->last_frames;
	by = r->tot.bytes - p->last_bytes;
	if (c->json) {
		snprintf(line, sizeof(line), "%s{\"start\": %.6f, \"end\": "
			 "%.6f, \"seconds\": %.6f, \"frames\": %llu, "
			 "\"bytes\": %llu, \"pps\": %.1f, "
			 "\"bits_per_second_l2\": %.1f, \"lost\": %llu, "
			 "\"kernel_drops\": %llu}", p->n ? ", " : "",
			 (p->last_ns - p->t0) / 1e9, (now - p->t0) / 1e9, sec,
			 (unsigned long long)fr, (unsigned long long)by,
			 sec > 0 ? fr / sec : 0, sec > 0 ? by * 8.0 / sec : 0,
			 (unsigned long long)(lost - p->last_lost),
			 (unsigned long long)(r->k_drops - p->last_drops));
		iv_add(p, line);
		p->n++;
	} else if (!c->quiet) {
		fprintf(stderr, "%s%8.2fs %14llu frames %10spps  L2 %10sbit/s"
			"  lost %llu  dup %llu  late %llu  kernel drops %llu%s",
			p->tty ? "\r" : "", (now - p->t0) / 1e9,
			(unsigned long long)r->tot.frames,
			out_si_text(a, sizeof(a), sec > 0 ? fr / sec : 0),
			out_si_text(b, sizeof(b), sec > 0 ? by * 8.0 / sec : 0),
			(unsigned long long)lost,
			(unsigned long long)r->tot.dups,
			(unsigned long long)r->tot.reordered,
			(unsigned long long)r->k_drops, p->tty ? "" : "\n");
		fflush(stderr);
	}
	p->last_frames = r->tot.frames;
	p->last_bytes = r->tot.bytes;
	p->last_lost = lost;
	p->last_drops = r->k_drops;
	p->last_ns = now;
	while (p->next_ns <= now)
		p->next_ns += (uint64_t)(c->interval * 1e9);
}

static double p99_of(const uint64_t *h64, const uint32_t *h32, uint64_t n)
{
	uint64_t want = n - n / 100, acc = 0;	/* ceil(0.99 n) */

	if (!n)
		return 0;
	for (uint32_t i = 0; i < RECV_HBUCKETS; i++) {
		acc += h64 ? h64[i] : h32[i];
		if (acc >= want)
			return recv_lat_value(i);
	}
	return recv_lat_value(RECV_HBUCKETS - 1);
}

static const char *clock_label(const struct config *c)
{
	return c->remote_clock ? "remote: depends on the clock offset" :
	       "shared-host assumed";
}

static void addr_str(char *buf, size_t len, int family, const uint8_t *a,
		     uint16_t port)
{
	char ip[INET6_ADDRSTRLEN];

	inet_ntop(family, a, ip, sizeof(ip));
	snprintf(buf, len, family == AF_INET6 ? "[%s]:%u" : "%s:%u", ip,
		 port);
}

static void out_lat(struct out *o, const struct recv_counts *c, double p99)
{
	if (!c->lat_n) {
		out_null(o, "latency_ns");
		out_text(o, "no send times (stamps without one)");
		return;
	}
	out_obj(o, "latency_ns");
	out_u64(o, "samples", NULL, c->lat_n);
	out_dbl(o, NULL, "min %.1f", c->lat_min / 1e3);
	out_int(o, "min", NULL, c->lat_min);
	out_dbl(o, NULL, ", mean %.1f", (double)c->lat_sum / c->lat_n / 1e3);
	out_dbl(o, "mean", NULL, (double)c->lat_sum / c->lat_n);
	out_dbl(o, NULL, ", p99 %.1f", p99 / 1e3);
	out_dbl(o, "p99", NULL, p99);
	out_dbl(o, NULL, ", max %.1f us", c->lat_max / 1e3);
	out_int(o, "max", NULL, c->lat_max);
	out_u64(o, "negative", NULL, c->lat_neg);
	if (c->lat_neg)
		out_text(o, " (%llu negative: the clocks differ)",
			 (unsigned long long)c->lat_neg);
	out_obj_end(o);
}

/* The counts of the run or of one flow: JSON members; in text a
 * flow's line (line), or only the latency (the total's other lines are
 * report()'s). */
static void out_counts(struct out *o, const struct recv_counts *c,
		       double p99, bool lost_known, uint64_t lost, bool line)
{
	if (lost_known)
		out_u64(o, "lost", line ? "%llu lost, " : NULL, lost);
	else
		out_null(o, "lost");
	out_u64(o, "received", NULL, c->frames);
	out_u64(o, "bytes", NULL, c->bytes);
	out_u64(o, "unique", NULL, c->unique);
	out_int(o, "highest_seq", NULL, (long long)c->hi - 1);
	out_u64(o, "duplicated", line ? "%llu dup, " : NULL, c->dups);
	out_obj(o, "reordered");
	out_u64(o, "frames", line ? "%llu reordered, " : NULL, c->reordered);
	out_u64(o, "max_displacement", NULL, c->disp_max);
	out_dbl(o, "mean_displacement", NULL, c->reordered ?
		(double)c->disp_sum / c->reordered : 0.0);
	out_u64(o, "beyond_window", NULL, c->stale);
	out_obj_end(o);
	out_u64(o, "bad_ip_checksum", line ? "csum %llu/" : NULL,
		c->bad_ip_csum);
	out_u64(o, "bad_udp_checksum", line ? "%llu, " : NULL,
		c->bad_udp_csum);
	out_u64(o, "udp_checksum_unverified", NULL, c->udp_csum_unverified);
	out_u64(o, "bad_payload", line ? "payload %llu, latency " : NULL,
		c->bad_payload);
	out_lat(o, c, p99);
}

/*
 * The report: with --json the document (start, intervals, end, error),
 * else the summary lines; one sequence of calls writes both (out.h).
 */
static void report(struct rx_report *p, struct recv *r, double sec,
		   const char *stop, const char *error)
{
	const struct config *c = p->c;
	const struct recv_counts *t = &r->tot;
	uint64_t lost = recv_lost(t, c->count), g = 1;
	bool attr = r->nflows && flows_attributable(r, &g);
	char host[256] = "", a[64], b[64];
	struct rusage ru;
	struct out o;

	if (p->tty && !c->quiet && !c->json)
		fputc('\n', stderr);
	out_begin(&o, stdout, c->json);
	out_obj(&o, "start");
	gethostname(host, sizeof(host) - 1);
	out_str(&o, "version", NULL, PZC_VERSION);
	out_str(&o, "command", NULL, "recv");
	out_str(&o, "host", NULL, host);
	out_str(&o, "dev", NULL, c->dev);
	if (c->run_id_set)
		out_u64(&o, "run_id", NULL, c->run_id);
	else
		out_null(&o, "run_id");
	out_dbl(&o, "timestamp", NULL, p->wall_t0);
	out_u64(&o, "count", NULL, c->count);
	out_dbl(&o, "duration", NULL, c->duration);
	out_dbl(&o, "idle", NULL, c->idle);
	out_obj(&o, "ring");
	out_str(&o, "version", NULL, "TPACKET_V3");
	out_u64(&o, "blocks", NULL, r->nblocks);
	out_u64(&o, "block_size", NULL, r->block_size);
	out_u64(&o, "bytes", NULL, r->ring_len);
	out_obj_end(&o);
	out_str(&o, "clock", NULL, clock_label(c));
	out_obj_end(&o);
	out_arr(&o, "intervals");
	if (p->iv)
		out_raw(&o, NULL, p->iv);
	out_arr_end(&o);

	out_obj(&o, "end");
	if (r->run_known)
		snprintf(a, sizeof(a), "%u", r->run_id);
	else
		snprintf(a, sizeof(a), "none seen");
	out_text(&o, "received on %s, run %s: ", c->dev, a);
	out_dbl(&o, "seconds", NULL, sec);
	getrusage(RUSAGE_SELF, &ru);
	out_dbl(&o, "cpu_seconds", NULL, ru.ru_utime.tv_sec +
		ru.ru_utime.tv_usec / 1e6 + ru.ru_stime.tv_sec +
		ru.ru_stime.tv_usec / 1e6);
	if (r->run_known)
		out_u64(&o, "run_id", NULL, r->run_id);
	else
		out_null(&o, "run_id");
	out_u64(&o, NULL, "%llu frames, ", t->frames);
	out_u64(&o, NULL, "%llu bytes", t->bytes);
	out_dbl(&o, NULL, " in %.3f s", sec);
	out_str(&o, NULL, " (%s)\n", stop);
	out_u64(&o, NULL, "  lost %llu", lost);
	out_text(&o, " (sequence 0 to %lld%s, %llu distinct received), ",
		 (long long)(t->hi > c->count ? t->hi : c->count) - 1,
		 c->count > t->hi ? " by --count" : "",
		 (unsigned long long)t->unique);
	out_u64(&o, NULL, "duplicated %llu", t->dups);
	out_u64(&o, NULL, ", reordered %llu", t->reordered);
	out_u64(&o, NULL, " (displacement max %llu", t->disp_max);
	out_dbl(&o, NULL, ", mean %.2f)\n", t->reordered ?
		(double)t->disp_sum / t->reordered : 0.0);
	out_u64(&o, NULL, "  bad checksums: IP %llu", t->bad_ip_csum);
	out_u64(&o, NULL, ", UDP %llu", t->bad_udp_csum);
	out_u64(&o, NULL, " (%llu partial, not verifiable)",
		t->udp_csum_unverified);
	out_u64(&o, NULL, "; bad payload %llu\n", t->bad_payload);
	out_str(&o, NULL, "  latency (clock %s): ", clock_label(c));
	out_counts(&o, t, p99_of(r->hist, NULL, t->lat_n), true, lost, false);
	out_text(&o, "\n");
	out_str(&o, "clock", NULL, clock_label(c));
	out_obj(&o, "kernel");
	out_u64(&o, "packets", NULL, r->k_packets);
	out_u64(&o, "drops", "  kernel: %llu drops at this socket (ring "
		"full)", r->k_drops);
	out_u64(&o, "freeze_q_cnt", ", %llu queue freezes", r->k_freeze);
	out_obj_end(&o);
	out_text(&o, "; lost on the path: %s", r->k_drops ? "at least " : "");
	out_u64(&o, "lost_on_path_at_least", "%llu\n",
		lost > r->k_drops ? lost - r->k_drops : 0);
	out_obj(&o, "other");
	out_u64(&o, "ring_frames", NULL, r->ring_frames);
	out_u64(&o, "other_run", "  not of the run: %llu of other runs",
		r->other_run);
	out_u64(&o, "unstamped", ", %llu unstamped", r->unstamped);
	out_u64(&o, "filtered", ", %llu filtered out", r->filtered);
	out_u64(&o, "not_udp", ", %llu not UDP\n", r->not_udp);
	out_u64(&o, "untracked_flow_frames", NULL, r->flows_untracked);
	out_obj_end(&o);
	out_str(&o, "stop_reason", NULL, stop);
	out_bool(&o, "flows_lost_attributable", NULL, attr);
	out_text(&o, "  flows: %u%s%s\n", r->nflows,
		 r->flows_untracked ? " (more not tracked: the limit)" : "",
		 r->nflows > 1 && !attr ? "; losses not attributable to flows "
		 "(not an even share of the sequence)" : "");
	out_arr(&o, "flows");
	for (uint32_t i = 0; i < r->nflows; i++) {
		const struct recv_flow *fl = &r->flows[i];
		/* text lists 16 flows, JSON all of them */
		bool shown = o.json || i < 16;

		if (!shown)
			continue;
		addr_str(a, sizeof(a), fl->family, fl->src, fl->sport);
		addr_str(b, sizeof(b), fl->family, fl->dst, fl->dport);
		out_obj(&o, NULL);
		out_str(&o, "src", "    %s -> ", a);
		out_str(&o, "dst", "%s: ", b);
		out_str(&o, "protocol", NULL, "udp");
		out_u64(&o, NULL, "%llu received, ", fl->c.frames);
		out_counts(&o, &fl->c, p99_of(NULL, fl->hist, fl->c.lat_n),
			   attr, attr ? flow_lost(fl, g, lost + t->unique) : 0,
			   true);
		out_text(&o, "\n");
		out_obj_end(&o);
	}
	out_arr_end(&o);
	if (r->nflows > 16)
		out_text(&o, "    (%u more flows: see --json)\n",
			 r->nflows - 16);
	out_obj_end(&o);
	out_str(&o, "error", NULL, error);
	out_end(&o);
}

int recv_run(const struct config *c, volatile int *stop)
{
	struct rx_report p;
	struct recv r;
	char why[256];
	const char *reason = "interrupted", *error = NULL;
	uint64_t now, end_ns = 0;
	struct timespec ts;
	int err;

	err = recv_open(&r, c, why, sizeof(why));
	if (err) {
		pr_err("recv: %s", why);
		recv_close(&r);
		return EXIT_RUNTIME;
	}
	/* The ring is in place: nothing below needs a privilege. */
	if (priv_drop(0, why, sizeof(why))) {
		pr_err("recv: dropping privileges failed: %s", why);
		recv_close(&r);
		return EXIT_RUNTIME;
	}
	memset(&p, 0, sizeof(p));
	p.c = c;
	p.tty = isatty(STDERR_FILENO);
	p.t0 = p.last_ns = mono_ns();
	p.next_ns = p.t0 + (uint64_t)(c->interval * 1e9);
	clock_gettime(CLOCK_REALTIME, &ts);
	p.wall_t0 = ts.tv_sec + ts.tv_nsec / 1e9;
	if (c->duration > 0)
		end_ns = p.t0 + (uint64_t)(c->duration * 1e9);
	pr_info("recv: ready on %s (ring %u blocks of %u KiB), run %s",
		c->dev, r.nblocks, r.block_size >> 10,
		c->run_id_set ? "as given" : "of the first stamped frame");
	for (;;) {
		int wait_ms = 100;

		if (*stop)
			break;
		err = recv_poll(&r, wait_ms);
		if (err < 0) {
			snprintf(why, sizeof(why), "reading the ring: %s",
				 strerror(-err));
			error = why;
			reason = "error";
			break;
		}
		now = mono_ns();
		if (c->count && r.tot.unique >= c->count) {
			reason = "count reached";
			break;
		}
		if (end_ns && now >= end_ns) {
			reason = "duration reached";
			break;
		}
		if (c->idle > 0 && r.last_frame_ns &&
		    now - r.last_frame_ns >= (uint64_t)(c->idle * 1e9)) {
			reason = "idle";
			break;
		}
		if (now >= p.next_ns)
			progress(&p, &r, now);
	}
	now = mono_ns();
	/* The last, partial interval (the kernel counters read in it). */
	if (now > p.last_ns && r.tot.frames != p.last_frames &&
	    (c->json || (!c->quiet && !p.tty)))
		progress(&p, &r, now);
	else
		recv_kernel_stats(&r);
	if (error)
		pr_err("recv: %s", error);
	report(&p, &r, (now - p.t0) / 1e9, reason, error);
	free(p.iv);
	recv_close(&r);
	return error ? EXIT_RUNTIME : 0;
}
