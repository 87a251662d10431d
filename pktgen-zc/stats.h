/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * stats: counters of a run and everything a person or a script reads
 * about it: the live progress line (a terminal) or periodic lines (a pipe),
 * the final summary, and the --json document (start, intervals, end, as
 * iperf3 users expect).  Reads counters, never changes them.
 */
#ifndef PZC_STATS_H
#define PZC_STATS_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "config.h"
#include "zcopy.h"

/* All 64-bit: at 100 Mpps a 32-bit frame counter wraps in 43 s. */
struct stats {
	uint64_t frames;	/* frames on the wire (GSO: segments) */
	uint64_t l2_bytes;	/* frame bytes without FCS */
	uint64_t sends;		/* successful send calls */
	uint64_t send_errors;	/* sends that failed for good */
	uint64_t enobufs;	/* ENOBUFS retries */
	uint64_t short_batches;	/* batches the kernel took only part of */
	uint64_t calls;		/* system calls that handed frames over */
	uint64_t skipped;	/* replay: records not sent */
};

struct run_info {
	enum pzc_cmd cmd;
	const char *dev;
	enum tx_mode mode;
	int family;
	enum zc_want zc_wanted;
	bool zc_in_effect;
	const char *zc_note;	/* why not in effect, or NULL */
	bool zc_refused;	/* asked for, and the kernel said no */
	bool qdisc_bypass;
	enum tx_path path;	/* the path that runs, and why */
	const char *path_why;
	uint32_t batch;
	uint32_t slots, slot_size;
	uint64_t pool_bytes;
	bool hugepages;
	double rate_pps, rate_bps;
	uint32_t gso;
};

struct replay_timing {
	bool valid;
	double mean_late_us;
	double p99_late_us;
	double max_late_us;
};

struct report {
	const struct config *cfg;
	struct run_info info;
	bool tty;		/* progress as one rewritten line */
	uint64_t t0_ns, next_ns, last_ns;
	double wall_t0;
	struct stats last;
	char *intervals;	/* JSON interval objects, comma separated */
	size_t ilen, icap;
	unsigned int ninterval;
	double cpu0;		/* CPU seconds used before the run started */
	double drain_seconds;	/* waiting for completions after sending */
	uint32_t abandoned;	/* ring frames offered, never taken */
	uint32_t pool_slots;	/* the pool at the end (it may grow) */
	const uint64_t *size_hist;	/* frames by L2 size, 65536 of them */
	uint64_t pool_bytes;
	const char *extra_json;	/* "key": {...} added to the end object */
	const char *extra_text;	/* lines added to the summary */
	double want_rate, got_rate;	/* in rate_unit */
	const char *rate_unit;
	double shortfall;	/* 0, or how far below the rate (0-1) */
};

void report_start(struct report *r, const struct config *c,
		  const struct run_info *info, uint64_t now_ns);
/* Cheap when nothing is due; call often. */
void report_tick(struct report *r, uint64_t now_ns, const struct stats *s);
/* The last, partial interval, when sending has ended. */
void report_flush(struct report *r, uint64_t now_ns, const struct stats *s);
/*
 * Final summary (stdout, or the end object with --json).  error is NULL
 * for a clean run.  Returns false if the zerocopy accounting does not
 * balance (sends != completed).
 */
bool report_end(struct report *r, uint64_t now_ns, const struct stats *s,
		const struct zc_counters *z, uint32_t peak_inflight,
		const struct replay_timing *rt, const char *stop_reason,
		const char *error);
/* The JSON document of a run that failed before its report began. */
void report_json_error(const struct config *c, const char *error);
/* Whether a JSON document went to stdout already. */
bool report_json_printed(void);
void report_free(struct report *r);


#endif
