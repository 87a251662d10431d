/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * schedule: the arithmetic of replaying a capture by its own clock.  Turns
 * record times into gaps, scales them by --speed, caps each wait at
 * --max-gap, and keeps an absolute schedule (the sum of the waits, kept
 * with a fraction of a nanosecond) so that rounding never adds up over a
 * long capture.  Every conversion is range-checked and saturates instead of
 * overflowing, whatever the times in the file.  Pure arithmetic: it
 * never reads a clock, sleeps or prints.
 */
#ifndef PZC_SCHEDULE_H
#define PZC_SCHEDULE_H

#include <stdbool.h>
#include <stdint.h>

struct sched {
	double speed;		/* > 0 */
	uint64_t max_ns;	/* the longest single wait; 0: no cap */
	long double sum_ns;	/* the waits so far, at most 2^64 */
	uint64_t due_ns;	/* of the latest record, from the start */
};

void sched_init(struct sched *s, double speed, double max_gap_sec);
/* a + b, or UINT64_MAX if that does not fit. */
uint64_t sched_add(uint64_t a, uint64_t b);
/* Capture time from prev to t; 0 if time goes backwards. */
uint64_t sched_gap(int64_t prev, int64_t t);
/* The next record, gap_ns of capture time after the previous one: its due
 * time from the start of the replay (saturated).  *wait_ns (if not NULL)
 * is the wait since the previous record's due time, *capped says whether
 * --max-gap shortened it. */
uint64_t sched_next(struct sched *s, uint64_t gap_ns, uint64_t *wait_ns,
		    bool *capped);

#endif
