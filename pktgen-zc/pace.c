// SPDX-License-Identifier: GPL-2.0-only
/* pace: rate control on CLOCK_MONOTONIC; see pace.h. */
#include "pace.h"

#include <errno.h>
#include <time.h>

#define SPIN_NS 60000		/* below this, spin: sleeps overshoot */

uint64_t pace_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

void pace_init(struct pace *p, double pps, double bps, uint32_t burst,
	       uint64_t start_ns)
{
	p->pps = pps;
	p->bps = bps;
	p->burst = burst ? burst : 1;
	p->start_ns = start_ns;
	p->frames = 0;
	p->sends = 0;
	p->l1_bits = 0;
	/* A stall longer than this (a stopped process, a descheduled
	 * VM) is forgiven rather than made up with a long line-rate
	 * burst; shorter hiccups are caught up, which keeps the average
	 * exact. */
	p->max_lag_ns = 100000000;
	p->shift_ns = 0;
}

uint64_t pace_due(struct pace *p, uint64_t now_ns)
{
	long double off;
	uint64_t due;

	if (p->pps <= 0 && p->bps <= 0)
		return 0;
	/* Only the first frame of each burst waits. */
	if (p->sends % p->burst)
		return 0;
	if (p->pps > 0)
		off = (long double)p->frames * 1e9L / p->pps;
	else
		off = (long double)p->l1_bits * 1e9L / p->bps;
	due = p->start_ns + p->shift_ns + (uint64_t)off;
	if (now_ns > due + p->max_lag_ns) {
		p->shift_ns += now_ns - due - p->max_lag_ns;
		due = now_ns - p->max_lag_ns;
	}
	return due;
}

void pace_sent(struct pace *p, uint32_t frames, uint64_t l1_bytes)
{
	p->frames += frames;
	p->sends++;
	p->l1_bits += l1_bytes * 8;
}

uint64_t pace_wait_until(uint64_t due_ns, volatile int *stop)
{
	uint64_t now = pace_now_ns();

	while (now < due_ns && !(stop && *stop)) {
		if (due_ns - now > SPIN_NS) {
			uint64_t t = due_ns - SPIN_NS / 2;
			struct timespec ts = {
				.tv_sec = (time_t)(t / 1000000000ull),
				.tv_nsec = (long)(t % 1000000000ull),
			};

			clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts,
					NULL);
		}
		now = pace_now_ns();
	}
	return now;
}

int pace_wait_wall(double t, volatile int *stop)
{
	struct timespec due = {
		.tv_sec = (time_t)t,
		.tv_nsec = (long)((t - (double)(time_t)t) * 1e9),
	};

	/* In slices, so that a signal's flag is seen within 50 ms even
	 * where the sleep restarts; the last slice ends at the instant. */
	for (;;) {
		struct timespec now, until;

		if (stop && *stop)
			return -EINTR;
		clock_gettime(CLOCK_REALTIME, &now);
		if (now.tv_sec > due.tv_sec ||
		    (now.tv_sec == due.tv_sec && now.tv_nsec >= due.tv_nsec))
			return 0;
		until = now;
		until.tv_nsec += 50000000;
		if (until.tv_nsec >= 1000000000) {
			until.tv_sec++;
			until.tv_nsec -= 1000000000;
		}
		if (until.tv_sec > due.tv_sec ||
		    (until.tv_sec == due.tv_sec && until.tv_nsec > due.tv_nsec))
			until = due;
		clock_nanosleep(CLOCK_REALTIME, TIMER_ABSTIME, &until, NULL);
	}
}
