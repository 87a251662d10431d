// SPDX-License-Identifier: GPL-2.0-only
/*
 * test_schedule: replay timing arithmetic (schedule.c).  Gaps between
 * any two int64 times, the --max-gap cap, saturation where a wait would
 * pass 2^64 ns (a century at --speed 0.01 once converted a double out of
 * range: undefined behaviour), and an absolute schedule that does not
 * drift by rounding over millions of records.
 */
#include <stdint.h>

#include "schedule.h"
#include "unit.h"

static void test_gaps(void)
{
	CU_ASSERT_EQUAL(sched_gap(0, 5), 5);
	CU_ASSERT_EQUAL(sched_gap(5, 0), 0);		/* backwards */
	CU_ASSERT_EQUAL(sched_gap(7, 7), 0);
	CU_ASSERT_EQUAL(sched_gap(-10, 10), 20);	/* across 1970 */
	CU_ASSERT_EQUAL(sched_gap(INT64_MIN, INT64_MAX), UINT64_MAX);
	CU_ASSERT_EQUAL(sched_gap(INT64_MAX, INT64_MIN), 0);
	CU_ASSERT_EQUAL(sched_add(1, 2), 3);
	CU_ASSERT_EQUAL(sched_add(UINT64_MAX, 1), UINT64_MAX);
	CU_ASSERT_EQUAL(sched_add(UINT64_MAX - 1, 1), UINT64_MAX);
}

static void test_speed_and_cap(void)
{
	struct sched s;
	uint64_t w;
	bool cap;

	sched_init(&s, 2.0, 0);
	CU_ASSERT_EQUAL(sched_next(&s, 0, &w, &cap), 0);
	CU_ASSERT_EQUAL(sched_next(&s, 1000, &w, &cap), 500);
	CU_ASSERT_EQUAL(w, 500);
	CU_ASSERT_FALSE(cap);

	/* 10 days at --speed 1 with --max-gap 1.5 s. */
	sched_init(&s, 1.0, 1.5);
	CU_ASSERT_EQUAL(sched_next(&s, 864000ull * 1000000000, &w, &cap),
			1500000000);
	CU_ASSERT_TRUE(cap);
	CU_ASSERT_EQUAL(sched_next(&s, 1000000, &w, &cap), 1501000000);
	CU_ASSERT_EQUAL(w, 1000000);
	CU_ASSERT_FALSE(cap);

	/* A century at --speed 0.01, capped (default 1 h): exactly 1 h. */
	sched_init(&s, 0.01, 3600);
	CU_ASSERT_EQUAL(sched_next(&s, 3155760000ull * 1000000000, &w, &cap),
			3600ull * 1000000000);
	CU_ASSERT_TRUE(cap);
	CU_ASSERT_EQUAL(w, 3600ull * 1000000000);
}

static void test_saturation(void)
{
	struct sched s;
	uint64_t w;
	bool cap;

	/* Uncapped: 10000 years do not fit; the schedule saturates at
	 * 2^64 - 1 ns and stays there. */
	sched_init(&s, 0.01, 0);
	CU_ASSERT_EQUAL(sched_next(&s, 3155760000ull * 1000000000, &w, &cap),
			UINT64_MAX);
	CU_ASSERT_EQUAL(w, UINT64_MAX);
	CU_ASSERT_FALSE(cap);
	CU_ASSERT_EQUAL(sched_next(&s, UINT64_MAX, &w, &cap), UINT64_MAX);
	CU_ASSERT_EQUAL(w, 0);
	sched_init(&s, 1e-300, 0);	/* a speed no command line gives */
	CU_ASSERT_EQUAL(sched_next(&s, 1, &w, &cap), UINT64_MAX);
	sched_init(&s, 0.01, 1e300);	/* a cap no nanosecond count holds */
	CU_ASSERT_EQUAL(s.max_ns, UINT64_MAX);
}

static void test_no_drift(void)
{
	struct sched s;
	uint64_t due = 0;

	/* 3 million gaps of 1000 ns at --speed 3: 333.33 ns each; the
	 * sum must come out at 1 s, not 0.999 s (333 each). */
	sched_init(&s, 3.0, 0);
	for (int i = 0; i < 3000000; i++)
		due = sched_next(&s, 1000, NULL, NULL);
	CU_ASSERT(due >= 999999999 && due <= 1000000001);
}

int main(void)
{
	static const struct unit_test tests[] = {
		{ "gaps between any two times, saturating add", test_gaps },
		{ "--speed and --max-gap", test_speed_and_cap },
		{ "waits past 2^64 ns saturate", test_saturation },
		{ "no drift over millions of records", test_no_drift },
		{ NULL, NULL },
	};

	return unit_run("schedule", tests);
}
