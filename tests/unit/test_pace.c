// SPDX-License-Identifier: GPL-2.0-only
/*
 * test_pace: the pacing arithmetic.  Due times for packet and L1 bit
 * rates (a frame occupies its bytes + FRAME_L1_OVERHEAD (24) on the
 * wire), bursts, no drift after 10^9 frames (the due time of frame k is
 * start + k * 1e9 / pps to within 1 ns, checked against exact integer
 * arithmetic), and forgiveness of lateness beyond max_lag_ns.  Only the
 * last test sleeps (a few ms, pace_wait_until).
 *
 * About 150 CUnit assertions; the long loops (2 million due times)
 * count mismatches and assert once each.
 */
#include <stdio.h>
#include <string.h>

#include "frame.h"
#include "pace.h"
#include "unit.h"

#define START 1000000000000ull	/* an arbitrary monotonic start */

/* |a - b| <= 1 */
static bool near1(uint64_t a, uint64_t b)
{
	return a > b ? a - b <= 1 : b - a <= 1;
}

/* Exact start + k * 1e9 * den / num, rounded down (pps = num / den). */
static uint64_t exact(uint64_t k, uint64_t num, uint64_t den)
{
	return START + (uint64_t)((unsigned __int128)k * 1000000000u * den /
				  num);
}

static void test_unpaced(void)
{
	struct pace p;

	pace_init(&p, 0, 0, 1, START);
	for (int i = 0; i < 10; i++) {
		CU_ASSERT_EQUAL(pace_due(&p, START + 5), 0);
		pace_sent(&p, 1, 84);
	}
}

static void test_pps(void)
{
	struct pace p;
	unsigned bad = 0;

	/* 1000 pps: frame k at start + k ms, whatever its size. */
	pace_init(&p, 1000, 0, 1, START);
	for (uint64_t k = 0; k < 1000; k++) {
		uint64_t due = pace_due(&p, START);

		bad += due != START + k * 1000000;
		pace_sent(&p, 1, 60 + k % 1500 + FRAME_L1_OVERHEAD);
	}
	CU_ASSERT_EQUAL(bad, 0);
	CU_ASSERT_EQUAL(p.frames, 1000);
	/* 3 Mpps: 333.33 ns, not a whole number: 1 million frames, each
	 * due time within 1 ns of exact. */
	pace_init(&p, 3e6, 0, 1, START);
	bad = 0;
	for (uint64_t k = 0; k < 1000000; k++) {
		bad += !near1(pace_due(&p, START), exact(k, 3000000, 1));
		pace_sent(&p, 1, 84);
	}
	CU_ASSERT_EQUAL(bad, 0);
}

static void test_bps(void)
{
	struct pace p;
	unsigned bad = 0;
	uint64_t bits = 0;

	CU_ASSERT_EQUAL(FRAME_L1_OVERHEAD, 24);
	/* 1 Gbit/s, 60-byte frames: (60 + 24) * 8 = 672 bits = 672 ns. */
	pace_init(&p, 0, 1e9, 1, START);
	for (uint64_t k = 0; k < 1000; k++) {
		bad += pace_due(&p, START) != START + k * 672;
		pace_sent(&p, 1, 60 + FRAME_L1_OVERHEAD);
	}
	CU_ASSERT_EQUAL(bad, 0);
	CU_ASSERT_EQUAL(p.l1_bits, 1000 * 672);
	/* 10 Gbit/s, mixed sizes: frame k is due when the wire bits of
	 * frames 0..k-1 have had their time: bits / 10 ns. */
	pace_init(&p, 0, 1e10, 1, START);
	bad = 0;
	for (uint64_t k = 0; k < 100000; k++) {
		uint64_t len = 60 + (k * 7919) % 1455;

		bad += !near1(pace_due(&p, START), START + bits / 10);
		pace_sent(&p, 1, len + FRAME_L1_OVERHEAD);
		bits += (len + FRAME_L1_OVERHEAD) * 8;
	}
	CU_ASSERT_EQUAL(bad, 0);
	/* 14.88 Mpps is 10GbE line rate for 64-byte frames with FCS:
	 * (60 + 24) * 8 bits at 10 Gbit/s is 67.2 ns. */
	pace_init(&p, 0, 1e10, 1, START);
	for (int k = 0; k < 10; k++)
		pace_sent(&p, 1, 84);
	CU_ASSERT_EQUAL(pace_due(&p, START), START + 672);
}

static void test_burst(void)
{
	struct pace p;
	unsigned bad = 0;

	/* Burst 4 at 1000 pps: frames 0, 4, 8.. wait (at k ms, so the
	 * average rate stays 1000 pps); the others go at once. */
	pace_init(&p, 1000, 0, 4, START);
	for (uint64_t k = 0; k < 1000; k++) {
		uint64_t due = pace_due(&p, START);

		if (k % 4)
			bad += due != 0;
		else
			bad += due != START + k * 1000000;
		pace_sent(&p, 1, 84);
	}
	CU_ASSERT_EQUAL(bad, 0);
	/* Burst 0 means 1. */
	pace_init(&p, 1000, 0, 0, START);
	CU_ASSERT_EQUAL(p.burst, 1);
	pace_sent(&p, 1, 84);
	CU_ASSERT_EQUAL(pace_due(&p, START), START + 1000000);
	/* Bursts with a bit rate. */
	pace_init(&p, 0, 1e9, 8, START);
	for (int k = 0; k < 8; k++) {
		CU_ASSERT_EQUAL(pace_due(&p, START), k ? 0 : START);
		pace_sent(&p, 1, 84);
	}
	CU_ASSERT_EQUAL(pace_due(&p, START), START + 8 * 672);
}

static void test_no_drift(void)
{
	static const struct {
		uint64_t num, den;	/* pps = num / den */
	} rates[] = {
		{ 1, 1 }, { 7, 1 }, { 3000000, 1 }, { 14880952, 1 },
		{ 123456789, 1000 }, { 1000000000, 1 }, { 10000000000ull, 1 },
		{ 10000000, 3 },
	};

	for (size_t r = 0; r < sizeof(rates) / sizeof(rates[0]); r++) {
		double pps = (double)rates[r].num / (double)rates[r].den;
		struct pace p;
		unsigned bad = 0;

		/* The state after 10^9 - 1000 frames, then 2000 real
		 * steps across the 10^9th frame. */
		pace_init(&p, pps, 0, 1, START);
		p.frames = 1000000000ull - 1000;
		for (uint64_t k = p.frames; k < 1000000000ull + 1000; k++) {
			uint64_t due = pace_due(&p, 0);

			bad += !near1(due, exact(k, rates[r].num, rates[r].den));
			pace_sent(&p, 1, 84);
		}
		CU_ASSERT_EQUAL(bad, 0);
		if (bad)
			fprintf(stderr, "\n  %g pps: %u of 2000 due times off "
				"by more than 1 ns near frame 10^9\n", pps, bad);
	}
	/* A bit rate after 10^9 frames of 84 bytes at 10 Gbit/s:
	 * 672e9 bits / 1e10 = 67.2 s exactly. */
	{
		struct pace p;

		pace_init(&p, 0, 1e10, 1, START);
		p.frames = 1000000000ull;
		p.l1_bits = 672000000000ull;
		CU_ASSERT(near1(pace_due(&p, 0), START + 67200000000ull));
	}
}

static void test_lag(void)
{
	struct pace p;
	uint64_t ms = 1000000;

	pace_init(&p, 1000, 0, 1, START);
	CU_ASSERT_EQUAL(p.max_lag_ns, 100 * ms);
	/* Late by less than max_lag: kept (catch up), no shift. */
	CU_ASSERT_EQUAL(pace_due(&p, START + 50 * ms), START);
	CU_ASSERT_EQUAL(p.shift_ns, 0);
	pace_sent(&p, 1, 84);
	/* Exactly max_lag late: still caught up. */
	CU_ASSERT_EQUAL(pace_due(&p, START + ms + 100 * ms), START + ms);
	CU_ASSERT_EQUAL(p.shift_ns, 0);
	pace_sent(&p, 1, 84);
	/* 500 ms late (a stopped process): forgive all but max_lag; the
	 * schedule moves by 500 - 100 - 2 = 398 ms and keeps its rate. */
	CU_ASSERT_EQUAL(pace_due(&p, START + 500 * ms), START + 400 * ms);
	CU_ASSERT_EQUAL(p.shift_ns, 398 * ms);
	pace_sent(&p, 1, 84);
	CU_ASSERT_EQUAL(pace_due(&p, START + 400 * ms), START + 401 * ms);
	pace_sent(&p, 1, 84);
	CU_ASSERT_EQUAL(pace_due(&p, START + 401 * ms), START + 402 * ms);
	/* Early calls never shift. */
	CU_ASSERT_EQUAL(pace_due(&p, START), START + 402 * ms);
	CU_ASSERT_EQUAL(p.shift_ns, 398 * ms);
	/* The same for bit rates. */
	pace_init(&p, 0, 1e9, 1, START);
	pace_sent(&p, 1, 84);
	CU_ASSERT_EQUAL(pace_due(&p, START + 1000 * ms), START + 900 * ms);
	CU_ASSERT_EQUAL(p.shift_ns, 900 * ms - 672);
	pace_sent(&p, 1, 84);
	CU_ASSERT_EQUAL(pace_due(&p, 0), START + 900 * ms + 672);
}

static void test_wait(void)
{
	volatile int stop = 0;
	uint64_t t0 = pace_now_ns(), t;

	/* In the past: at once. */
	t = pace_wait_until(t0 - 1000, &stop);
	CU_ASSERT(t >= t0 && t - t0 < 5000000);
	/* 3 ms ahead: not before, and not much after (loaded CI: 50 ms). */
	t0 = pace_now_ns();
	t = pace_wait_until(t0 + 3000000, &stop);
	CU_ASSERT(t >= t0 + 3000000);
	CU_ASSERT(t < t0 + 50000000);
	/* Stopped: returns without waiting. */
	stop = 1;
	t0 = pace_now_ns();
	t = pace_wait_until(t0 + 5000000000ull, &stop);
	CU_ASSERT(t - t0 < 5000000);
	/* Monotonic. */
	CU_ASSERT(pace_now_ns() >= t);
}

static const struct unit_test tests[] = {
	{ "unpaced", test_unpaced },
	{ "pps: frame k at start + k/pps", test_pps },
	{ "bit rates count L1 = frame + 24 bytes", test_bps },
	{ "bursts: only every burst-th frame waits", test_burst },
	{ "no drift after 10^9 frames (within 1 ns)", test_no_drift },
	{ "lag beyond max_lag_ns is forgiven", test_lag },
	{ "pace_wait_until", test_wait },
	{ NULL, NULL },
};

int main(void)
{
	return unit_run("pace", tests);
}
