/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * gen: the source of built frames for 'send'.  Prepares every pool slot
 * once (the constant payload pattern), then per frame writes only what
 * changes: headers, the stamp, random bytes.  Checksums of the constant
 * pattern come from a prefix-sum table, so a frame costs the same CPU
 * whatever its size.  Never sends and never waits.
 */
#ifndef PZC_GEN_H
#define PZC_GEN_H

#include <stdint.h>

#include "config.h"
#include "flow.h"
#include "frame.h"
#include "pool.h"
#include "worker.h"

struct gen {
	const struct config *cfg;
	struct frame_spec spec;
	struct flow flow;
	size_t l2, hdr;		/* link header and all-header bytes */
	uint32_t seg;		/* payload bytes per datagram (GSO) */
	bool vnet_gso;		/* packet modes, --gso: super-frames */
	uint8_t *seg_buf;	/* one segment, for the record */
	uint32_t *psum;		/* psum[k]: sum of pattern bytes [0, k) */
	uint32_t maxpay;
	/* One fixed frame (no ranges, no random, one datagram a send):
	 * every slot holds it from the start, and a frame only patches its
	 * IPv4 id, the stamp and the checksums they change. */
	bool fixed;
	struct frame_vars v0;
	uint32_t ip_sum0;	/* folded IPv4 header sum with id 0 */
	uint32_t udp_sum0;	/* folded UDP sum with a zero stamp */
	uint32_t stamp_len;
	uint64_t n;		/* number of the next frame */
	uint64_t step;		/* workers: frames n, n + step, ... */
	uint64_t rng;
};

int gen_init(struct gen *g, const struct config *c,
	     const struct frame_spec *spec, const struct flow *flow,
	     struct pool *pool);
void gen_free(struct gen *g);
/* Worker w of nw: build frames w, w + nw, ... of the one run. */
void gen_share(struct gen *g, uint32_t w, uint32_t nw);
int gen_next(void *ctx, struct engine *e, struct tx_item *it);
/* The record of a sent item: with --gso the datagrams the kernel cuts
 * the send into (what a capture shows), else the slot's frame. */
int gen_record(void *ctx, struct engine *e, const struct tx_item *it,
	       uint64_t real_ns);

#endif
