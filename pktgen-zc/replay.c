/* replay: pcap/pcapng through the send engine; see replay.h. */
#include "replay.h"

#include <errno.h>
#include <pcap/pcap.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "frame.h"
#include "iface.h"
#include "send.h"
#include "worker.h"

#ifndef DLT_LINUX_SLL2
#define DLT_LINUX_SLL2 276
#endif
#ifndef DLT_IPV4
#define DLT_IPV4 228
#endif
#ifndef DLT_IPV6
#define DLT_IPV6 229
#endif

#define ETH_HLEN 14

/* Why a record was not sent. */
enum skip_reason {
	SKIP_TRUNCATED,		/* caplen < len, without --pad */
	SKIP_MTU,		/* larger than the device takes */
	SKIP_SHORT,		/* too short for its link header */
	SKIP_NOT_IP,		/* raw mode or --l2: not IPv4/IPv6 */
	SKIP_FAMILY,		/* raw mode: the other address family */
	SKIP_NREASONS,
};

static const char *const skip_name[SKIP_NREASONS] = {
	"truncated by the capture's snaplen (--pad sends them padded)",
	"larger than the device MTU",
	"too short for their link-layer header",
	"not IPv4/IPv6, which this mode needs",
	"of the other IP family than the raw socket's",
};

static const char *const skip_key[SKIP_NREASONS] = {
	"truncated", "over_mtu", "too_short", "not_ip", "other_family",
};

/* A record already in a resident slot (preloaded captures). */
struct preloaded {
	uint32_t slot, off, len, rec_len, origlen;
	uint16_t proto;
	int8_t skip;		/* a skip reason, or -1: to be sent */
	uint64_t gap_ns;	/* capture time since the previous record */
	uint8_t dst_ip[16];
};

struct replay {
	struct config *cfg;
	struct engine *e;
	enum tx_mode mode;
	int raw_family;		/* raw mode: the socket's family */
	uint32_t mtu;
	uint8_t src_mac[6], dst_mac[6];
	/* reader */
	int file;		/* index in cfg->files */
	pcap_t *pcap;
	int dlt;
	uint64_t recno;		/* record number in the current file, from 1 */
	uint64_t prev_ts;	/* capture time of the previous record */
	bool have_prev;
	uint64_t loops_done;
	/* schedule */
	uint64_t start_ns;
	long double sched_ns;	/* due time of the next record, from start */
	bool started;
	/* preload */
	bool preload;
	struct preloaded *pre;
	size_t npre, capre, pre_idx;
	uint64_t pre_gap;	/* capture time of skipped records, carried */
	uint64_t pass_items;	/* records sent in this pass */
	/* counts */
	uint64_t records;
	uint64_t skipped[SKIP_NREASONS];
	uint64_t items;
	char extra[512];
	char text[768];
	char errbuf[PCAP_ERRBUF_SIZE];
};

static uint16_t get16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static bool dlt_is_l3(int dlt)
{
	return dlt == DLT_LINUX_SLL || dlt == DLT_LINUX_SLL2 ||
	       dlt == DLT_RAW || dlt == DLT_IPV4 || dlt == DLT_IPV6;
}

static bool dlt_supported(int dlt)
{
	return dlt == DLT_EN10MB || dlt_is_l3(dlt);
}

/* ---- checksum fixing after rewrites (RFC 1624: HC' = ~(~HC + ~m + m')) */

static void csum_update(uint8_t *ck, const uint8_t *old, const uint8_t *new,
			size_t len)
{
	uint32_t sum = (uint16_t)~get16(ck);

	for (size_t i = 0; i + 1 < len; i += 2) {
		sum += (uint16_t)~get16(old + i);
		sum += get16(new + i);
	}
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	put16(ck, (uint16_t)~sum);
}

struct l4_ref {
	uint8_t *ck;		/* the L4 checksum, NULL if absent */
	uint8_t *ports;		/* source and destination ports, or NULL */
	bool udp_zero;		/* IPv4 UDP without checksum: keep it 0 */
	bool udp;		/* a computed 0 goes out as 0xffff */
};

/* Find the transport header of an IP packet with caplen bytes at ip. */
static void find_l4(uint8_t *ip, size_t caplen, struct l4_ref *l4)
{
	size_t hl;
	uint8_t proto;

	memset(l4, 0, sizeof(*l4));
	if (caplen >= 20 && ip[0] >> 4 == 4) {
		hl = (size_t)(ip[0] & 15) * 4;
		if (get16(ip + 6) & 0x1fff)
			return;	/* not the first fragment */
		proto = ip[9];
	} else if (caplen >= 40 && ip[0] >> 4 == 6) {
		hl = 40;
		proto = ip[6];	/* extension headers: left alone */
	} else {
		return;
	}
	if (proto == IPPROTO_UDP && caplen >= hl + 8) {
		l4->ports = ip + hl;
		l4->ck = ip + hl + 6;
		l4->udp = true;
		l4->udp_zero = ip[0] >> 4 == 4 && !get16(l4->ck);
	} else if (proto == IPPROTO_TCP && caplen >= hl + 18) {
		l4->ports = ip + hl;
		l4->ck = ip + hl + 16;
	}
}

static void l4_csum_update(const struct l4_ref *l4, const uint8_t *old,
			   const uint8_t *new, size_t len)
{
	csum_update(l4->ck, old, new, len);
	/* RFC 768: 0 would mean "no checksum" (IPv4) or be invalid (IPv6). */
	if (l4->udp && !get16(l4->ck))
		put16(l4->ck, 0xffff);
}

static void map_addr(const struct ip_map *m, uint8_t *a, size_t alen,
		     struct l4_ref *l4, uint8_t *ip4_ck)
{
	uint8_t old[16], out[16];
	int bits;

	for (bits = 0; bits < m->prefix; bits++) {
		uint8_t b = (uint8_t)(0x80 >> (bits % 8));

		if ((a[bits / 8] ^ m->from[bits / 8]) & b)
			return;
	}
	memcpy(old, a, alen);
	memcpy(out, a, alen);
	for (bits = 0; bits < m->prefix; bits++) {
		uint8_t b = (uint8_t)(0x80 >> (bits % 8));

		out[bits / 8] = (uint8_t)((out[bits / 8] & ~b) |
					  (m->to[bits / 8] & b));
	}
	memcpy(a, out, alen);
	if (ip4_ck)
		csum_update(ip4_ck, old, out, alen);
	/* The pseudo-header holds the addresses. */
	if (l4->ck && !l4->udp_zero)
		l4_csum_update(l4, old, out, alen);
}

static void rewrite_ip(const struct config *c, uint8_t *ip, size_t caplen)
{
	struct l4_ref l4;
	bool v4;

	if (!c->nmaps && c->rw_sport < 0 && c->rw_dport < 0)
		return;
	find_l4(ip, caplen, &l4);
	if (caplen >= 20 && ip[0] >> 4 == 4)
		v4 = true;
	else if (caplen >= 40 && ip[0] >> 4 == 6)
		v4 = false;
	else
		return;
	for (int i = 0; i < c->nmaps; i++) {
		const struct ip_map *m = &c->maps[i];

		if ((m->family == AF_INET) != v4)
			continue;
		map_addr(m, ip + (v4 ? 12 : 8), v4 ? 4 : 16, &l4,
			 v4 ? ip + 10 : NULL);
		map_addr(m, ip + (v4 ? 16 : 24), v4 ? 4 : 16, &l4,
			 v4 ? ip + 10 : NULL);
	}
	for (int k = 0; k < 2 && l4.ports; k++) {
		int want = k ? c->rw_dport : c->rw_sport;
		uint8_t nv[2];

		if (want < 0)
			continue;
		put16(nv, (uint16_t)want);
		if (l4.ck && !l4.udp_zero)
			l4_csum_update(&l4, l4.ports + 2 * k, nv, 2);
		memcpy(l4.ports + 2 * k, nv, 2);
	}
}

/* ---- records into slots */

struct shaped {
	const uint8_t *l3;	/* network layer, if any */
	size_t l3len;		/* its captured bytes */
	uint16_t proto;		/* ethertype */
};

/* Where the L3 packet starts, by link type; false if too short. */
static bool link_split(int dlt, const uint8_t *d, size_t caplen,
		       struct shaped *s)
{
	memset(s, 0, sizeof(*s));
	switch (dlt) {
	case DLT_EN10MB:
		if (caplen < ETH_HLEN)
			return false;
		s->proto = get16(d + 12);
		s->l3 = d + ETH_HLEN;
		s->l3len = caplen - ETH_HLEN;
		return true;
	case DLT_LINUX_SLL:
		if (caplen < 16)
			return false;
		s->proto = get16(d + 14);
		s->l3 = d + 16;
		s->l3len = caplen - 16;
		return true;
	case DLT_LINUX_SLL2:
		if (caplen < 20)
			return false;
		s->proto = get16(d);
		s->l3 = d + 20;
		s->l3len = caplen - 20;
		return true;
	default:	/* raw IPv4/IPv6 */
		if (caplen < 1)
			return false;
		s->l3 = d;
		s->l3len = caplen;
		s->proto = d[0] >> 4 == 6 ? 0x86dd : d[0] >> 4 == 4 ? 0x0800 :
			   0;
		return true;
	}
}

/*
 * Build the frame of one record in slot memory (an Ethernet frame: the
 * captured one, or ours in front of an L3 packet) and describe the send.
 * Returns a skip reason, or -1 when the record is to be sent.
 */
static int shape(struct replay *rp, const struct pcap_pkthdr *h,
		 const uint8_t *d, uint8_t *slot, uint32_t slot_size,
		 struct tx_item *it)
{
	const struct config *c = rp->cfg;
	uint32_t caplen = h->caplen, wire = h->len;
	struct shaped s;
	uint32_t l3len, flen;

	if (caplen < wire && !c->pad)
		return SKIP_TRUNCATED;
	if (caplen > wire)
		caplen = wire;	/* a record longer than the packet: trust len */
	if (!link_split(rp->dlt, d, caplen, &s))
		return SKIP_SHORT;
	/* Bytes of the L3 packet on the wire, padding included. */
	l3len = (uint32_t)(wire - (caplen - s.l3len));
	if (rp->mode == MODE_RAW) {
		int fam = s.proto == 0x86dd ? AF_INET6 :
			  s.proto == 0x0800 ? AF_INET : 0;

		if (!fam || s.l3len < 1 || (s.l3[0] >> 4 != 4 &&
					    s.l3[0] >> 4 != 6))
			return SKIP_NOT_IP;
		if (fam != rp->raw_family)
			return SKIP_FAMILY;
	}
	if (rp->dlt == DLT_EN10MB && rp->mode == MODE_PACKET) {
		/* Whole frames: the link header is the capture's.  The
		 * kernel (packet_extra_vlan_len_allowed()) lets a tag's 4
		 * bytes past the MTU for 802.1Q only, not 802.1ad. */
		if (wire - ETH_HLEN > rp->mtu + 4 * (s.proto == 0x8100))
			return SKIP_MTU;
		flen = wire;
		if (flen > slot_size)
			return SKIP_MTU;
		memcpy(slot, d, caplen);
		memset(slot + caplen, 0, flen - caplen);
		if (c->rewrite_mac) {
			memcpy(slot, rp->dst_mac, 6);
			memcpy(slot + 6, rp->src_mac, 6);
		}
		if (s.proto == 0x0800 || s.proto == 0x86dd)
			rewrite_ip(c, slot + ETH_HLEN, caplen - ETH_HLEN);
		it->off = 0;
	} else {
		if (rp->mode == MODE_PACKET && s.proto != 0x0800 &&
		    s.proto != 0x86dd && rp->dlt != DLT_EN10MB)
			return SKIP_NOT_IP;
		if (l3len > rp->mtu)
			return SKIP_MTU;
		flen = ETH_HLEN + l3len;
		if (flen > slot_size)
			return SKIP_MTU;
		/* Our Ethernet header in front: sent in packet mode (--l2),
		 * and for the record in packet-dgram and raw modes, where
		 * the kernel writes the same one. */
		memcpy(slot, rp->dst_mac, 6);
		memcpy(slot + 6, rp->src_mac, 6);
		put16(slot + 12, s.proto);
		memcpy(slot + ETH_HLEN, s.l3, s.l3len);
		memset(slot + ETH_HLEN + s.l3len, 0, l3len - s.l3len);
		if (s.proto == 0x0800 || s.proto == 0x86dd)
			rewrite_ip(c, slot + ETH_HLEN, s.l3len);
		it->off = rp->mode == MODE_PACKET ? 0 : ETH_HLEN;
		it->l2_proto = s.proto;
		if (rp->mode == MODE_RAW) {
			const uint8_t *ip = slot + ETH_HLEN;

			if (rp->raw_family == AF_INET6 && s.l3len >= 40)
				memcpy(it->dst_ip, ip + 24, 16);
			else if (s.l3len >= 20)
				memcpy(it->dst_ip, ip + 16, 4);
			else
				return SKIP_SHORT;
		}
	}
	it->len = flen - it->off;
	it->rec_off = 0;
	it->rec_len = flen;
	it->frames = 1;
	it->l2_bytes = flen;
	return -1;
}

/* ---- reading */

static int open_file(struct replay *rp, int i)
{
	rp->pcap = pcap_open_offline_with_tstamp_precision(
		rp->cfg->files[i], PCAP_TSTAMP_PRECISION_NANO, rp->errbuf);
	if (!rp->pcap)
		return -EIO;
	rp->file = i;
	rp->dlt = pcap_datalink(rp->pcap);
	rp->recno = 0;
	return 0;
}

static void close_file(struct replay *rp)
{
	if (rp->pcap)
		pcap_close(rp->pcap);
	rp->pcap = NULL;
}

/* Next raw record across files (not loops).  1, 0 at the end of the
 * last file, or -EIO after engine_fail(). */
static int read_record(struct replay *rp, struct pcap_pkthdr **h,
		       const u_char **d)
{
	for (;;) {
		int r;

		if (!rp->pcap) {
			if (rp->file + 1 >= rp->cfg->nfiles)
				return 0;
			if (open_file(rp, rp->file + 1)) {
				engine_fail(rp->e, "%s: %s",
					    rp->cfg->files[rp->file + 1],
					    rp->errbuf);
				return -EIO;
			}
		}
		r = pcap_next_ex(rp->pcap, h, d);
		if (r == 1) {
			rp->recno++;
			rp->records++;
			return 1;
		}
		if (r == PCAP_ERROR_BREAK || r == 0) {
			close_file(rp);
			continue;
		}
		engine_fail(rp->e, "%s: record %llu is unreadable: %s (the "
			    "%llu records before it were handled)",
			    rp->cfg->files[rp->file],
			    (unsigned long long)rp->recno + 1,
			    pcap_geterr(rp->pcap),
			    (unsigned long long)rp->recno);
		close_file(rp);
		return -EIO;
	}
}

static uint64_t ts_ns(const struct pcap_pkthdr *h)
{
	/* Opened with nanosecond precision: tv_usec holds ns. */
	return (uint64_t)h->ts.tv_sec * 1000000000ull +
	       (uint64_t)h->ts.tv_usec;
}

/* Capture time since the previous record (0 for the first record of a
 * pass and for timestamps that go backwards). */
static uint64_t gap_of(struct replay *rp, const struct pcap_pkthdr *h)
{
	uint64_t t = ts_ns(h), g = 0;

	if (rp->have_prev && t > rp->prev_ts)
		g = t - rp->prev_ts;
	rp->prev_ts = t;
	rp->have_prev = true;
	return g;
}

static void restart_pass(struct replay *rp)
{
	close_file(rp);
	rp->file = -1;
	rp->have_prev = false;
}

static void set_due(struct replay *rp, struct tx_item *it, uint64_t gap)
{
	const struct config *c = rp->cfg;

	if (c->topspeed || c->rate_pps > 0 || c->rate_bps > 0)
		return;		/* the engine's pacer, or none */
	if (!rp->started) {
		rp->start_ns = pace_now_ns();
		rp->started = true;
		rp->sched_ns = 0;
	}
	rp->sched_ns += (long double)gap / c->speed;
	it->due_ns = rp->start_ns + (uint64_t)rp->sched_ns;
	if (!it->due_ns)
		it->due_ns = 1;
}

/* The end of a pass: true when the run is over (the loops are done,
 * or a whole pass had nothing to send, which would repeat forever). */
static bool pass_done(struct replay *rp)
{
	rp->loops_done++;
	if (!rp->pass_items)
		return true;
	rp->pass_items = 0;
	return rp->cfg->loop && rp->loops_done >= rp->cfg->loop;
}

static void count_skip(struct replay *rp, struct engine *e, int why)
{
	rp->skipped[why]++;
	e->st.skipped++;
}

static int next_streamed(struct replay *rp, struct engine *e,
			 struct tx_item *it)
{
	struct pcap_pkthdr *h;
	const u_char *d;
	int64_t slot;
	int r, why;

	for (;;) {
		r = read_record(rp, &h, &d);
		if (r < 0)
			return r;
		if (r == 0) {
			if (pass_done(rp))
				return 0;
			restart_pass(rp);
			continue;
		}
		slot = engine_get_slot(e);
		if (slot < 0)
			return (int)slot;
		memset(it, 0, sizeof(*it));
		it->slot = (uint32_t)slot;
		why = shape(rp, h, d, pool_slot(e->pool, (uint32_t)slot),
			    e->pool->slot_size, it);
		if (why >= 0) {
			pool_put(e->pool, (uint32_t)slot);
			count_skip(rp, e, why);
			gap_of(rp, h);
			continue;
		}
		it->rec_origlen = it->rec_len;
		set_due(rp, it, gap_of(rp, h));
		rp->pass_items++;
		return 1;
	}
}

/* Records are counted (read, skipped) as they are handed out, once per
 * pass, exactly as when streaming. */
static int next_preloaded(struct replay *rp, struct engine *e,
			  struct tx_item *it)
{
	const struct preloaded *p;

	for (;;) {
		if (rp->pre_idx == rp->npre) {
			if (pass_done(rp))
				return 0;
			rp->pre_idx = 0;
			rp->pre_gap = 0;
		}
		p = &rp->pre[rp->pre_idx++];
		rp->records++;
		if (p->skip < 0)
			break;
		count_skip(rp, e, p->skip);
		rp->pre_gap += p->gap_ns;
	}
	memset(it, 0, sizeof(*it));
	it->slot = p->slot;
	it->off = p->off;
	it->len = p->len;
	it->rec_len = p->rec_len;
	it->rec_origlen = p->origlen;
	it->l2_proto = p->proto;
	it->frames = 1;
	it->l2_bytes = p->rec_len;
	it->resident = true;
	memcpy(it->dst_ip, p->dst_ip, 16);
	set_due(rp, it, rp->pre_gap + p->gap_ns);
	rp->pre_gap = 0;
	rp->pass_items++;
	return 1;
}

static int replay_next(void *ctx, struct engine *e, struct tx_item *it)
{
	struct replay *rp = ctx;

	if (rp->cfg->count && rp->items >= rp->cfg->count)
		return 0;
	rp->items++;
	return rp->preload ? next_preloaded(rp, e, it) :
	       next_streamed(rp, e, it);
}

/*
 * Load every record into resident slots if they all fit.  Returns 1 if
 * preloaded, 0 if the capture is larger than the pool (nothing kept),
 * -EIO on a read error.
 */
static int try_preload(struct replay *rp, struct engine *e)
{
	struct pcap_pkthdr *h;
	const u_char *d;
	int r, why;

	for (;;) {
		struct tx_item it = { 0 };
		int64_t slot;

		r = read_record(rp, &h, &d);
		if (r <= 0)
			break;
		slot = pool_get(e->pool);
		if (slot < 0) {
			r = 0;
			goto too_big;
		}
		it.slot = (uint32_t)slot;
		why = shape(rp, h, d, pool_slot(e->pool, (uint32_t)slot),
			    e->pool->slot_size, &it);
		if (rp->npre == rp->capre) {
			size_t n = rp->capre ? rp->capre * 2 : 256;
			struct preloaded *np = realloc(rp->pre, n * sizeof(*np));

			if (!np) {
				pool_put(e->pool, (uint32_t)slot);
				r = -ENOMEM;
				goto too_big;
			}
			rp->pre = np;
			rp->capre = n;
		}
		if (why >= 0) {
			/* Kept as a skip, counted when its turn comes. */
			pool_put(e->pool, (uint32_t)slot);
			rp->pre[rp->npre++] = (struct preloaded){
				.skip = (int8_t)why, .gap_ns = gap_of(rp, h),
			};
			continue;
		}
		pool_make_resident(e->pool, (uint32_t)slot);
		rp->pre[rp->npre++] = (struct preloaded){
			.slot = it.slot, .off = it.off, .len = it.len,
			.rec_len = it.rec_len, .origlen = it.rec_len,
			.proto = it.l2_proto, .skip = -1,
			.gap_ns = gap_of(rp, h),
		};
		memcpy(rp->pre[rp->npre - 1].dst_ip, it.dst_ip, 16);
	}
	if (r < 0) {
		/* Stream instead: the records before the bad one are then
		 * sent, and the error is reported where it stands. */
		e->failed = false;
		e->error[0] = '\0';
		goto too_big;
	}
	rp->preload = true;
	rp->records = 0;
	return 1;
too_big:
	/* Start over streaming: forget what was loaded and counted. */
	pool_reset(e->pool);
	rp->npre = 0;
	memset(rp->skipped, 0, sizeof(rp->skipped));
	e->st.skipped = 0;
	rp->records = 0;
	restart_pass(rp);
	return r;
}

/* Say what was not sent, and why, in the summary and the JSON. */
static void replay_finish(void *ctx, struct engine *e)
{
	struct replay *rp = ctx;
	size_t n = 0, t = 0;

	n += (size_t)snprintf(rp->extra + n, sizeof(rp->extra) - n,
			      "\"replay\": {\"records_read\": %llu, "
			      "\"preloaded\": %s, \"loops\": %llu, "
			      "\"skipped\": {",
			      (unsigned long long)rp->records,
			      rp->preload ? "true" : "false",
			      (unsigned long long)rp->loops_done);
	for (int k = 0; k < SKIP_NREASONS; k++) {
		n += (size_t)snprintf(rp->extra + n, sizeof(rp->extra) - n,
				      "%s\"%s\": %llu", k ? ", " : "",
				      skip_key[k],
				      (unsigned long long)rp->skipped[k]);
		if (rp->skipped[k])
			t += (size_t)snprintf(rp->text + t,
					      sizeof(rp->text) - t,
					      "  skipped %llu record%s %s\n",
					      (unsigned long long)
					      rp->skipped[k],
					      rp->skipped[k] == 1 ? "" : "s",
					      skip_name[k]);
	}
	snprintf(rp->extra + n, sizeof(rp->extra) - n, "}}");
	e->rep.extra_json = rp->extra;
	e->rep.extra_text = t ? rp->text : NULL;
}

/* Check every file before sending anything. */
static int check_files(struct replay *rp, bool *any_eth, bool *any_l3,
		       int *first_family)
{
	struct config *c = rp->cfg;

	*any_eth = *any_l3 = false;
	*first_family = 0;
	for (int i = 0; i < c->nfiles; i++) {
		char err[PCAP_ERRBUF_SIZE];
		pcap_t *p = pcap_open_offline(c->files[i], err);
		struct pcap_pkthdr *h;
		const u_char *d;
		int dlt;

		if (!p) {
			fprintf(stderr, "pktgen-zc: replay: %s: %s\n",
				c->files[i], err);
			return EXIT_USAGE;
		}
		dlt = pcap_datalink(p);
		if (!dlt_supported(dlt)) {
			const char *n = pcap_datalink_val_to_name(dlt);

			fprintf(stderr, "pktgen-zc: replay: %s: link type %s "
				"(%d) is not supported; supported: EN10MB "
				"(Ethernet), LINUX_SLL, LINUX_SLL2, RAW, IPV4, "
				"IPV6\n", c->files[i], n ? n : "unknown", dlt);
			pcap_close(p);
			return EXIT_USAGE;
		}
		if (dlt == DLT_EN10MB)
			*any_eth = true;
		else
			*any_l3 = true;
		/* The raw socket's family: that of the first IP record. */
		while (!*first_family && pcap_next_ex(p, &h, &d) == 1) {
			struct shaped s;

			if (link_split(dlt, d, h->caplen, &s) &&
			    (s.proto == 0x0800 || s.proto == 0x86dd))
				*first_family = s.proto == 0x0800 ? AF_INET :
						AF_INET6;
		}
		pcap_close(p);
	}
	return 0;
}

int replay_run(struct config *c, volatile int *stop)
{
	struct replay rp;
	struct iface_info ifi;
	struct tx_params tp;
	struct run_info info;
	struct rig rig;
	struct source src;
	bool any_eth, any_l3;
	int family, rc;

	memset(&rp, 0, sizeof(rp));
	rp.cfg = c;
	rp.file = -1;
	rc = check_files(&rp, &any_eth, &any_l3, &family);
	if (rc)
		return rc;
	if (c->mode_set && c->mode == MODE_UDP) {
		fprintf(stderr, "pktgen-zc: replay: --mode udp cannot replay "
			"captured frames; use packet, packet-dgram or raw\n");
		return EXIT_USAGE;
	}
	rp.mode = c->mode_set ? c->mode : c->l2_synth || !any_l3 ?
		  MODE_PACKET : MODE_PACKET_DGRAM;
	if (rp.mode == MODE_PACKET && any_l3 && !c->l2_synth) {
		fprintf(stderr, "pktgen-zc: replay: the captures hold L3 "
			"packets (raw IP or Linux cooked): add --l2 to send "
			"them with an Ethernet header in packet mode, or use "
			"--mode packet-dgram or raw\n");
		return EXIT_USAGE;
	}
	if ((rp.mode == MODE_PACKET_DGRAM || c->l2_synth ||
	     (rp.mode == MODE_PACKET && c->rewrite_mac)) && !c->have_dst_mac) {
		fprintf(stderr, "pktgen-zc: replay: give --dst-mac: it is the "
			"destination of the Ethernet header %s\n",
			rp.mode == MODE_PACKET_DGRAM ? "the kernel writes in "
			"packet-dgram mode" : "pktgen-zc writes");
		return EXIT_USAGE;
	}
	if (rp.mode == MODE_RAW && !family) {
		fprintf(stderr, "pktgen-zc: replay: raw mode sends IP packets "
			"and the captures hold none\n");
		return EXIT_USAGE;
	}
	rp.raw_family = family;
	rc = send_check_dev(c, &ifi);
	if (rc)
		return rc;
	rp.mtu = ifi.mtu;
	memcpy(rp.src_mac, c->have_src_mac ? c->src_mac : ifi.mac, 6);
	memcpy(rp.dst_mac, c->dst_mac, 6);

	memset(&tp, 0, sizeof(tp));
	tp.mode = rp.mode;
	tp.family = rp.mode == MODE_RAW ? family : AF_INET;
	tp.ifindex = ifi.ifindex;
	tp.ifname = c->dev;
	memcpy(tp.dst_mac, rp.dst_mac, 6);
	tp.l2_proto = 0x0800;
	tp.fixed_dst = false;
	tp.l2_len = ETH_HLEN;
	tp.hdr_len = ETH_HLEN;
	tp.ttl = 64;
	tp.qdisc_bypass = c->qdisc_bypass;

	memset(&info, 0, sizeof(info));
	info.cmd = CMD_REPLAY;
	info.dev = c->dev;
	info.mode = rp.mode;
	info.family = rp.mode == MODE_RAW ? family : 0;
	info.zc_wanted = c->zerocopy;
	info.rate_pps = c->rate_pps;
	info.rate_bps = c->rate_bps;

	/* Slots hold the largest frame the device takes, VLAN tag included. */
	rc = rig_open(&rig, c, &tp, &info, ifi.mtu + ETH_HLEN + 8, 16, stop);
	if (rc)
		return rc;
	rp.e = &rig.e;
	if (c->loop != 1)
		try_preload(&rp, &rig.e);
	if (!rp.preload)
		restart_pass(&rp);
	src = (struct source){
		.next = replay_next, .finish = replay_finish, .ctx = &rp,
		.self_timed = !c->topspeed && c->rate_pps <= 0 &&
			      c->rate_bps <= 0,
	};
	rc = engine_run(&rig.e, &src, &info);
	close_file(&rp);
	free(rp.pre);
	rig_close(&rig);
	return rc;
}
