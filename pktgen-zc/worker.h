/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * worker: the send engine.  One path (socket and slots), one thread:
 * takes a free slot, lets a source (built frames or a capture) fill it,
 * waits for the pacer or the capture's schedule, queues it into a batch
 * and hands batches to the path, which alone lends slots to the kernel
 * and takes them back.  At the end (count,
 * duration, end of capture, error or a signal) it stops sending and waits
 * for every outstanding id before it reports.  It never parses options
 * and never builds headers.
 */
#ifndef PZC_WORKER_H
#define PZC_WORKER_H

#include <stdbool.h>
#include <stdint.h>

#include "config.h"
#include "pace.h"
#include "path.h"
#include "pool.h"
#include "record.h"
#include "stats.h"
#include "tx.h"
#include "zcopy.h"

struct engine;

/* One send, described by the source that filled the slot. */
struct tx_item {
	uint32_t slot;
	uint32_t off, len;	/* slot bytes handed to the kernel */
	uint32_t rec_off, rec_len; /* the L2 frame to record; 0: none */
	uint32_t rec_origlen;
	uint32_t frames;	/* wire frames this send becomes */
	uint64_t l2_bytes;	/* their bytes, without FCS */
	uint64_t due_ns;	/* absolute CLOCK_MONOTONIC; 0: the pacer */
	uint8_t dst_ip[16];
	uint16_t dport;
	uint16_t l2_proto;
	bool resident;		/* a preloaded slot: never returned */
	uint32_t src_file;	/* replay: which input, and its record */
	uint64_t src_rec;	/* number (from 1; 0: not a record) */
};

struct source {
	/* Fill *it (getting a slot with engine_get_slot()).  Returns 1 when
	 * an item is ready, 0 at the end, -errno on failure (having said
	 * why on stderr or in engine_fail()). */
	int (*next)(void *ctx, struct engine *e, struct tx_item *it);
	/* Called once before the summary (optional): may set
	 * e->rep.extra_json and e->rep.extra_text. */
	void (*finish)(void *ctx, struct engine *e);
	/* The kernel refused this item alone (err: EPERM, EINVAL, ...),
	 * not the link (optional).  Return true to skip it and go on; the
	 * source counts it.  Without it, or on false, the run fails. */
	bool (*refused)(void *ctx, const struct tx_item *it, int err);
	/* Write the --write-pcap record of a sent item (optional; without
	 * it, the rec_off/rec_len bytes of its slot): for sends the kernel
	 * cuts into several frames (--gso).  0, or < 0 with e->rec.why. */
	int (*record)(void *ctx, struct engine *e, const struct tx_item *it,
		      uint64_t real_ns);
	void *ctx;
	/* Items carry their own due times (a capture's schedule, or a
	 * rate the source applies); otherwise the engine paces first. */
	bool self_timed;
};

/* Frames a system call by default, and how early a batch may send a
 * paced frame: never more than this before its due time. */
#define ENGINE_BATCH 256
#define ENGINE_TICK_NS 50000
#define ENGINE_SIZES 65536

struct engine {
	const struct config *cfg;
	struct path *path;
	struct pool *pool;
	struct source *src;
	struct zc zc;
	bool zc_on;
	struct pace pace;
	struct stats st;
	struct report rep;
	struct record rec;
	bool recording;
	bool rec_failed;	/* a write failed: record no more, still close */
	volatile int *stop;
	volatile int *all_stop;	/* workers: set by the first that fails */
	bool report;		/* print progress and the summary itself */
	struct stats pub;	/* frames, l2_bytes, sends for a reporter in
				 * another thread (atomic, per batch) */
	uint64_t start_ns, send_end_ns;
	double rate_pps, rate_bps;	/* this engine's share; 0: cfg's */
	uint64_t end_ns;	/* --duration; 0: none */
	uint64_t now;		/* CLOCK_MONOTONIC, read when things happen */
	int64_t real_off;	/* CLOCK_REALTIME - CLOCK_MONOTONIC at start */
	struct tx_item *batch;	/* queued, not yet handed to the kernel */
	unsigned int nbatch, batch_max;
	uint32_t abandoned;	/* ring frames offered, never taken */
	uint64_t *size_hist;	/* send: frames by L2 size, [0, 65535] */
	uint64_t abandoned_bytes;
	uint32_t since_drain;
	char error[320];
	bool failed;
	const char *stop_reason;
	/* replay: lateness against the capture's schedule, 1 us buckets */
	uint32_t *late_hist;
	uint64_t late_n, late_sum_ns, late_max_ns;
};

/* An engine over an open path (its pool, its socket). */
/* Wall-clock time of the engine's last clock reading (stamps). */
static inline uint64_t engine_realtime_ns(const struct engine *e)
{
	return e->now + (uint64_t)e->real_off;
}

int engine_init(struct engine *e, const struct config *c, struct path *path,
		volatile int *stop);
void engine_free(struct engine *e);
/* A FILLING slot, waiting for completions if none is free; -EINTR when
 * the run is stopping, -ETIMEDOUT if the kernel returns nothing. */
int64_t engine_get_slot(struct engine *e);
/* Record a run-time failure (printed once at the end). */
void engine_fail(struct engine *e, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Run to the end; 0 clean, 1 run-time failure.  With e->report off
 * (workers) it prints nothing but its own error line, and leaves the
 * figures in e for the caller to merge. */
int engine_run(struct engine *e, struct source *src,
	       const struct run_info *info);
/* --start-at: say so, then sleep until then (or a stop). */
void engine_wait_start(const struct config *c, volatile int *stop);
/* Replay schedule lateness of this engine. */
void engine_lateness(const struct engine *e, struct replay_timing *rt);

#endif
