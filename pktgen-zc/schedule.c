// SPDX-License-Identifier: GPL-2.0-only
/* schedule: checked replay timing arithmetic; see schedule.h. */
#include "schedule.h"

#include <math.h>

/* 2^64 as a long double: the first value no uint64_t holds. */
#define TWO64 18446744073709551616.0L

static uint64_t to_u64(long double v)
{
	if (!(v > 0))		/* also NaN */
		return 0;
	if (v >= TWO64)
		return UINT64_MAX;
	return (uint64_t)v;
}

void sched_init(struct sched *s, double speed, double max_gap_sec)
{
	s->speed = speed > 0 && isfinite(speed) ? speed : 1.0;
	s->max_ns = max_gap_sec > 0 ? to_u64((long double)max_gap_sec * 1e9L)
		    : 0;
	s->sum_ns = 0;
	s->due_ns = 0;
}

uint64_t sched_add(uint64_t a, uint64_t b)
{
	return a > UINT64_MAX - b ? UINT64_MAX : a + b;
}

uint64_t sched_gap(int64_t prev, int64_t t)
{
	/* t - prev may not fit int64_t, but when t > prev it fits
	 * uint64_t, and unsigned arithmetic gets it exactly. */
	return t > prev ? (uint64_t)t - (uint64_t)prev : 0;
}

uint64_t sched_next(struct sched *s, uint64_t gap_ns, uint64_t *wait_ns,
		    bool *capped)
{
	long double w = (long double)gap_ns / s->speed;
	uint64_t due;
	bool cap = false;

	if (s->max_ns && w > (long double)s->max_ns) {
		w = (long double)s->max_ns;
		cap = true;
	}
	s->sum_ns += w;
	if (s->sum_ns > TWO64)
		s->sum_ns = TWO64;	/* 585 years: saturated */
	due = to_u64(s->sum_ns);
	if (due < s->due_ns)
		due = s->due_ns;
	if (wait_ns)
		*wait_ns = due - s->due_ns;
	if (capped)
		*capped = cap;
	s->due_ns = due;
	return due;
}
