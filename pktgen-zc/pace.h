/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * pace: when the next frame may leave.  The schedule is absolute (frame k
 * is due at start + k / rate, or when the wire bits before it have had
 * their time), so rounding never accumulates into drift over long runs.
 * Pure arithmetic plus one wait function; knows nothing of sockets.
 */
#ifndef PZC_PACE_H
#define PZC_PACE_H

#include <stdbool.h>
#include <stdint.h>

struct pace {
	double pps;		/* 0 with bps, or both 0: unpaced */
	double bps;		/* bits per second, L1 or L2 as the caller counts */
	uint32_t burst;
	uint64_t start_ns;
	uint64_t frames;	/* wire frames sent so far (GSO: datagrams) */
	uint64_t sends;		/* send calls so far: bursts count these */
	uint64_t l1_bits;	/* bits of those frames, as counted */
	uint64_t max_lag_ns;	/* forgive lateness beyond this */
	uint64_t shift_ns;	/* total schedule shift from forgiving */
};

void pace_init(struct pace *p, double pps, double bps, uint32_t burst,
	       uint64_t start_ns);
/* When the next send is due; 0 = now.  Call pace_sent() after it with
 * the wire frames it became (1, or the datagrams of a GSO send) and
 * their L1 bytes.  A packet rate counts frames, a burst counts sends. */
uint64_t pace_due(struct pace *p, uint64_t now_ns);
void pace_sent(struct pace *p, uint32_t frames, uint64_t l1_bytes);
/* Sleep, then spin, until due (CLOCK_MONOTONIC); returns the time. */
uint64_t pace_wait_until(uint64_t due_ns, volatile int *stop);

uint64_t pace_now_ns(void);
/* Sleep until the wall clock reads t (Unix seconds), waking for *stop;
 * 0, or -EINTR when stopped first. */
int pace_wait_wall(double t, volatile int *stop);

#endif
