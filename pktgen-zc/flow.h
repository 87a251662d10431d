/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * flow: per-packet variation.  Turns the configured ranges (addresses,
 * ports, sizes) into the frame_vars of packet number n, sequentially or at
 * random.  Owns only its random generator state; never touches buffers.
 */
#ifndef PZC_FLOW_H
#define PZC_FLOW_H

#include <stdbool.h>
#include <stdint.h>

#include "frame.h"

/* An address range.  lo and hi differ at most in their last 8 bytes, so
 * the number of addresses fits in 64 bits (span 0 means 2^64). */
struct ip_range {
	int family;
	uint8_t lo[16];
	uint8_t hi[16];
	uint64_t span;
	bool random;
};

struct u32_range {
	uint32_t lo;
	uint32_t hi;
	bool random;
};

/* A weighted list of frame sizes (--size 64:7,570:4,1518:1 or imix). */
#define FLOW_MAX_SIZES 16
struct size_mix {
	uint32_t n;		/* 0: no mix, the size range applies */
	uint32_t size[FLOW_MAX_SIZES];
	uint32_t weight[FLOW_MAX_SIZES];
	uint64_t total;		/* sum of the weights */
};

struct flow {
	struct ip_range src, dst;
	struct u32_range sport, dport, size;
	struct size_mix mix;
	uint64_t nflows;	/* --flows: cycle this many 5-tuples; 0: off */
	uint16_t ip_id0;
	uint64_t rng;
};

void flow_init(struct flow *f, uint64_t seed);
/* Distinct 5-tuples the ranges hold (saturating at UINT64_MAX). */
uint64_t flow_tuples(const struct flow *f);
/* Fill v for packet number n (n counts from 0 for each stream). */
void flow_vars(struct flow *f, uint64_t n, struct frame_vars *v);
/* Address lo + k, k < span. */
void flow_ip_at(const struct ip_range *r, uint64_t k, uint8_t *out);
uint64_t flow_rand(uint64_t *state);
/* 64 random bits that depend only on seed, frame number and field. */
uint64_t flow_hash(uint64_t seed, uint64_t n, uint32_t field);
/* Uniform in [0, span) (span 0 means the whole 64-bit range). */
uint64_t flow_rand_below(uint64_t *state, uint64_t span);

#endif
