// SPDX-License-Identifier: GPL-2.0-only
/* gen: built frames for 'send'; see gen.h. */
#include "gen.h"

#include <errno.h>
#include <sys/socket.h>
#include <stdlib.h>
#include <string.h>

#include "record.h"

static uint8_t pattern_byte(const struct gen *g, size_t j)
{
	if (g->cfg->payload == PAY_ZEROS)
		return 0;
	return (uint8_t)(j % g->seg);
}

/* One's-complement a - b of two running sums (16-bit arithmetic). */
static uint32_t csum_sub(uint32_t a, uint32_t b)
{
	while (a >> 16)
		a = (a & 0xffff) + (a >> 16);
	while (b >> 16)
		b = (b & 0xffff) + (b >> 16);
	return a + (~b & 0xffff);
}

static bool can_fix(const struct gen *g);
static void fix_frames(struct gen *g, struct pool *pool);

int gen_init(struct gen *g, const struct config *c,
	     const struct frame_spec *spec, const struct flow *flow,
	     struct pool *pool)
{
	uint32_t sum = 0;

	memset(g, 0, sizeof(*g));
	g->cfg = c;
	g->spec = *spec;
	g->flow = *flow;
	g->l2 = frame_l2_len(spec);
	g->hdr = frame_hdr_len(spec);
	g->maxpay = pool->slot_size - (uint32_t)g->hdr;
	g->seg = c->gso ? c->gso : 65536;
	g->vnet_gso = c->gso && (c->mode == MODE_PACKET ||
				 c->mode == MODE_PACKET_DGRAM);
	if (c->gso) {
		g->seg_buf = malloc(g->hdr + g->seg);
		if (!g->seg_buf)
			return -ENOMEM;
	}
	g->rng = c->seed ^ 0x5bd1e995u;
	g->step = 1;
	g->psum = calloc((size_t)g->maxpay + 2, sizeof(*g->psum));
	if (!g->psum)
		return -ENOMEM;
	/* psum[k] covers bytes [0, k); an odd last byte is the high byte of
	 * its word, as frame_csum_add() counts it. */
	for (uint32_t k = 0, hi = 0; k < g->maxpay; k++) {
		uint8_t b = pattern_byte(g, k);

		if (!(k & 1)) {
			hi = (uint32_t)b << 8;
			g->psum[k + 1] = sum + hi;
		} else {
			sum += hi | b;
			if (sum >> 24)
				sum = (sum & 0xffff) + (sum >> 16);
			g->psum[k + 1] = sum;
		}
	}
	/* Anonymous memory is zeros already; the pattern is built once
	 * and copied, since a 512 MB pool is a lot of bytes to compute. */
	if (c->payload == PAY_INC || c->payload == PAY_STAMP) {
		uint8_t *first = pool_slot(pool, 0) + g->hdr;

		for (uint32_t k = 0; k < g->maxpay; k++)
			first[k] = pattern_byte(g, k);
		for (uint32_t s = 1; s < pool->nslots; s++)
			memcpy(pool_slot(pool, s) + g->hdr, first, g->maxpay);
	}
	if (can_fix(g))
		fix_frames(g, pool);
	return 0;
}

void gen_share(struct gen *g, uint32_t w, uint32_t nw)
{
	g->n = w;
	g->step = nw;
}

void gen_free(struct gen *g)
{
	free(g->psum);
	g->psum = NULL;
	free(g->seg_buf);
	g->seg_buf = NULL;
}

static uint32_t stamp_len(uint32_t room)
{
	return room >= FRAME_STAMP_LEN ? FRAME_STAMP_LEN :
	       room >= FRAME_STAMP_SHORT ? FRAME_STAMP_SHORT : 0;
}

static bool range_fixed(const struct u32_range *r)
{
	return r->lo == r->hi;
}

/* Can every frame of the run be one template with patched fields? */
static bool can_fix(const struct gen *g)
{
	const struct config *c = g->cfg;
	const struct flow *f = &g->flow;

	return f->src.span == 1 && f->dst.span == 1 && range_fixed(&f->sport) &&
	       range_fixed(&f->dport) && range_fixed(&f->size) &&
	       c->payload != PAY_RANDOM && !c->gso;
}

static uint16_t get16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

/*
 * Write the template into every slot: headers for an IPv4 id of 0 and a
 * payload whose stamp bytes are zero, so that a frame's checksums are
 * the template's plus what its id and stamp add (RFC 1624 style).
 */
static void fix_frames(struct gen *g, struct pool *pool)
{
	size_t l2 = g->l2, l3 = g->hdr - g->l2 - FRAME_UDP_HLEN;
	uint32_t plen;
	uint8_t *t = pool_slot(pool, 0);

	flow_vars(&g->flow, 0, &g->v0);
	g->v0.ip_id = 0;
	plen = g->v0.len - (uint32_t)g->hdr;
	g->stamp_len = g->cfg->payload == PAY_STAMP ? stamp_len(plen) : 0;
	memset(t + g->hdr, 0, g->stamp_len);
	frame_write(&g->spec, &g->v0, t, FRAME_SUM_READ);
	g->ip_sum0 = (uint16_t)~get16(t + l2 + 10);
	g->udp_sum0 = (uint16_t)~get16(t + l2 + l3 + 6);
	for (uint32_t s = 1; s < pool->nslots; s++)
		memcpy(pool_slot(pool, s), t, g->hdr + g->stamp_len);
	g->fixed = true;
}

/* Patch frame n into slot f, which holds the template. */
static void fixed_frame(struct gen *g, uint8_t *f, uint16_t ip_id,
			uint64_t now)
{
	size_t l2 = g->l2, l3 = g->hdr - g->l2 - FRAME_UDP_HLEN;
	uint32_t sum = g->udp_sum0;
	uint16_t ck;

	if (g->spec.family == AF_INET) {
		put16(f + l2 + 4, ip_id);
		put16(f + l2 + 10,
		      frame_csum_fold(g->ip_sum0 + ip_id));
	}
	if (g->stamp_len) {
		uint8_t tmp[FRAME_STAMP_LEN];

		frame_stamp_write(tmp, g->cfg->run_id, g->n, now);
		memcpy(f + g->hdr, tmp, g->stamp_len);
		sum = frame_csum_add(sum, tmp, g->stamp_len);
	}
	ck = frame_csum_fold(sum);
	/* RFC 768: a computed zero goes out as all ones. */
	put16(f + l2 + l3 + 6, ck ? ck : 0xffff);
}

/* Write stamps (one per datagram) and return the payload's sum, or
 * FRAME_SUM_READ when it must be read back. */
static uint64_t fill_payload(struct gen *g, uint8_t *pay, uint32_t plen,
			     uint64_t n, uint64_t now)
{
	const struct config *c = g->cfg;
	uint32_t nseg = plen ? (plen + g->seg - 1) / g->seg : 0;
	uint32_t sum = 0;

	if (c->payload == PAY_RANDOM) {
		/* Per frame, from its number: see flow_hash(). */
		uint64_t st = flow_hash(g->rng, n, 5) | 1;

		for (uint32_t k = 0; k < plen; k += 8) {
			uint64_t r = flow_rand(&st);

			memcpy(pay + k, &r, plen - k < 8 ? plen - k : 8);
		}
		return FRAME_SUM_READ;
	}
	if (c->payload != PAY_STAMP)
		return g->psum[plen];
	for (uint32_t s = 0; s < nseg; s++) {
		uint32_t off = s * g->seg;
		uint32_t room = plen - off < g->seg ? plen - off : g->seg;
		uint32_t sl = stamp_len(room);
		uint8_t tmp[FRAME_STAMP_LEN];

		/* seq counts datagrams, so a receiver checks each one. */
		frame_stamp_write(tmp, c->run_id, n * nseg + s, now);
		memcpy(pay + off, tmp, sl);
		/* A slot last used for a longer frame may hold stamp bytes
		 * where this shorter one has its pattern. */
		for (uint32_t j = sl; j < FRAME_STAMP_LEN && j < room; j++)
			pay[off + j] = pattern_byte(g, off + j);
	}
	if (nseg == 1) {
		uint32_t sl = stamp_len(plen);

		sum = frame_csum_add(0, pay, sl);
		return sum + csum_sub(g->psum[plen], g->psum[sl]);
	}
	return FRAME_SUM_READ;
}

int gen_next(void *ctx, struct engine *e, struct tx_item *it)
{
	struct gen *g = ctx;
	const struct config *c = g->cfg;
	struct frame_vars v;
	uint32_t plen, nseg;
	uint64_t sum;
	int64_t slot;
	uint8_t *f;

	if (c->count && g->n >= c->count)
		return 0;
	slot = engine_get_slot(e);
	if (slot < 0)
		return (int)slot;
	if (g->fixed)
		v = g->v0;
	else
		flow_vars(&g->flow, g->n, &v);
	f = pool_slot(e->pool, (uint32_t)slot);
	plen = v.len - (uint32_t)g->hdr;
	nseg = plen ? (plen + g->seg - 1) / g->seg : 1;
	v.ip_id = (uint16_t)(g->flow.ip_id0 + g->n);
	/* The kernel numbers a super-frame's segments from its id on:
	 * leave room, so that no two datagrams of the run share one. */
	if (g->vnet_gso)
		v.ip_id = (uint16_t)(g->flow.ip_id0 + g->n * nseg);
	if (c->mode == MODE_RAW && g->spec.family == AF_INET) {
		/* The kernel replaces an IP_HDRINCL id of 0 with one of its
		 * own (raw(7)): cycle through 1..65535 so that every frame
		 * leaves exactly as built and recorded. */
		uint32_t first = g->flow.ip_id0 ? g->flow.ip_id0 - 1u : 0;

		v.ip_id = (uint16_t)(1 + (first + g->n) % 65535);
	}
	if (g->fixed) {
		fixed_frame(g, f, v.ip_id, engine_realtime_ns(e));
	} else if (c->gso) {
		/* The kernel sums each segment: the payload's sum is not
		 * needed, only its stamps.  udp mode writes the headers
		 * only for the record (gen_record() cuts them). */
		fill_payload(g, f + g->hdr, plen, g->n, engine_realtime_ns(e));
		if (g->vnet_gso || e->recording)
			frame_write_gso(&g->spec, &v, f);
	} else {
		sum = fill_payload(g, f + g->hdr, plen, g->n,
				   engine_realtime_ns(e));
		if (c->mode != MODE_UDP || e->recording)
			frame_write(&g->spec, &v, f, sum);
	}

	it->slot = (uint32_t)slot;
	it->frames = c->gso ? nseg : 1;
	it->l2_bytes = (uint64_t)plen + (uint64_t)it->frames * g->hdr;
	it->rec_off = 0;
	it->rec_len = v.len;
	switch (c->mode) {
	case MODE_PACKET:
		it->off = 0;
		break;
	case MODE_PACKET_DGRAM:
		/* --gso: whole frames on a SOCK_RAW socket (tx_packet.c) */
		it->off = g->vnet_gso ? 0 : (uint32_t)g->l2;
		break;
	case MODE_RAW:
		it->off = (uint32_t)g->l2;
		break;
	case MODE_UDP:
		it->off = (uint32_t)g->hdr;
		break;
	}
	it->len = v.len - it->off;
	memcpy(it->dst_ip, v.dst_ip, 16);
	it->dport = v.dport;
	g->n += g->step;
	return 1;
}

int gen_record(void *ctx, struct engine *e, const struct tx_item *it,
	       uint64_t real_ns)
{
	struct gen *g = ctx;
	const uint8_t *f = pool_slot(e->pool, it->slot);
	uint32_t len;

	if (!g->cfg->gso)
		return record_frame(&e->rec, f + it->rec_off, it->rec_len,
				    it->rec_len, real_ns);
	for (uint32_t k = 0;
	     (len = frame_gso_segment(&g->spec, f + g->l2, g->seg, k,
				      g->seg_buf)); k++)
		if (record_frame(&e->rec, g->seg_buf, len, len, real_ns) < 0)
			return -1;
	return 0;
}
