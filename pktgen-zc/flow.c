// SPDX-License-Identifier: GPL-2.0-only
/* flow: per-packet variation; see flow.h. */
#include "flow.h"

#include <string.h>
#include <sys/socket.h>

void flow_init(struct flow *f, uint64_t seed)
{
	/* xorshift must not start at zero. */
	f->rng = seed ? seed : 0x9e3779b97f4a7c15ull;
}

uint64_t flow_rand(uint64_t *state)
{
	uint64_t x = *state;

	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	*state = x;
	return x * 0x2545f4914f6cdd1dull;
}

uint64_t flow_rand_below(uint64_t *state, uint64_t span)
{
	uint64_t r = flow_rand(state);

	if (!span)
		return r;
	/* Multiply-shift: maps 64 random bits onto [0, span) evenly
	 * enough for traffic, with no division. */
	return (uint64_t)(((unsigned __int128)r * span) >> 64);
}

void flow_ip_at(const struct ip_range *r, uint64_t k, uint8_t *out)
{
	size_t alen = r->family == AF_INET6 ? 16 : 4;
	uint64_t low = 0;
	size_t i;

	memcpy(out, r->lo, alen);
	/* Add k to the last (up to) 8 bytes, big-endian. */
	for (i = alen >= 8 ? alen - 8 : 0; i < alen; i++)
		low = (low << 8) | out[i];
	low += k;
	for (i = alen; i-- > (alen >= 8 ? alen - 8 : 0);) {
		out[i] = low & 0xff;
		low >>= 8;
	}
}

uint64_t flow_hash(uint64_t seed, uint64_t n, uint32_t field)
{
	/* splitmix64's finaliser over (seed, frame, field): a draw is a
	 * function of the frame's number, not of the draws before it, so
	 * workers that split the frames draw what one worker would. */
	uint64_t x = seed ^ (n * 0x9e3779b97f4a7c15ull) ^
		     ((uint64_t)field << 56);

	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
	return x ^ (x >> 31);
}

static uint64_t pick(const struct flow *f, uint64_t n, uint32_t field,
		     uint64_t span, bool random)
{
	if (span == 1)
		return 0;
	if (random) {
		uint64_t r = flow_hash(f->rng, n, field);

		/* Multiply-shift onto [0, span), as flow_rand_below(). */
		return span ? (uint64_t)(((unsigned __int128)r * span) >> 64) :
			      r;
	}
	return span ? n % span : n;
}

static uint32_t pick32(const struct flow *f, uint64_t n, uint32_t field,
		       const struct u32_range *r)
{
	return r->lo + (uint32_t)pick(f, n, field,
				      (uint64_t)r->hi - r->lo + 1, r->random);
}

static uint64_t span32(const struct u32_range *r)
{
	return (uint64_t)r->hi - r->lo + 1;
}

/* a * b, saturating: span 0 stands for 2^64 addresses. */
static uint64_t mul_sat(uint64_t a, uint64_t b)
{
	if (!a || !b)
		return UINT64_MAX;
	return a > UINT64_MAX / b ? UINT64_MAX : a * b;
}

uint64_t flow_tuples(const struct flow *f)
{
	return mul_sat(mul_sat(mul_sat(f->src.span, f->dst.span),
			       span32(&f->sport)), span32(&f->dport));
}

/*
 * Tuple k of --flows: k in mixed radix over the source address, the
 * destination address, the source and the destination port, so the
 * first N tuples are distinct whenever the ranges hold N.
 */
static void flow_tuple(const struct flow *f, uint64_t k, struct frame_vars *v)
{
	uint64_t s = f->src.span ? f->src.span : UINT64_MAX;
	uint64_t d = f->dst.span ? f->dst.span : UINT64_MAX;

	flow_ip_at(&f->src, k % s, v->src_ip);
	k /= s;
	flow_ip_at(&f->dst, k % d, v->dst_ip);
	k /= d;
	v->sport = (uint16_t)(f->sport.lo + k % span32(&f->sport));
	k /= span32(&f->sport);
	v->dport = (uint16_t)(f->dport.lo + k % span32(&f->dport));
}

/* The size of frame n from the weighted list, drawn by the seed. */
static uint32_t mix_size(const struct flow *f, uint64_t n)
{
	uint64_t r = flow_hash(f->rng, n, 4) % f->mix.total;

	for (uint32_t i = 0; i + 1 < f->mix.n; i++) {
		if (r < f->mix.weight[i])
			return f->mix.size[i];
		r -= f->mix.weight[i];
	}
	return f->mix.size[f->mix.n - 1];
}

void flow_vars(struct flow *f, uint64_t n, struct frame_vars *v)
{
	if (f->nflows) {
		flow_tuple(f, n % f->nflows, v);
	} else {
		flow_ip_at(&f->src, pick(f, n, 0, f->src.span, f->src.random),
			   v->src_ip);
		flow_ip_at(&f->dst, pick(f, n, 1, f->dst.span, f->dst.random),
			   v->dst_ip);
		v->sport = (uint16_t)pick32(f, n, 2, &f->sport);
		v->dport = (uint16_t)pick32(f, n, 3, &f->dport);
	}
	v->len = f->mix.n ? mix_size(f, n) : pick32(f, n, 4, &f->size);
	v->ip_id = (uint16_t)(f->ip_id0 + n);
}
