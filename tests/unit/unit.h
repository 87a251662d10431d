/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * unit: what every CUnit test program here shares: one registry, a run
 * that prints the summary (with the number of assertions) and exits
 * non-zero on any failure, and helpers for hex strings.  Test code only.
 */
#ifndef PZC_UNIT_H
#define PZC_UNIT_H

#include <CUnit/Basic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct unit_test {
	const char *name;
	void (*fn)(void);
};

/* Run one suite of tests; returns the exit status for main(). */
static inline int unit_run(const char *suite, const struct unit_test *t)
{
	CU_pSuite s;
	unsigned fails, asserts;

	if (CU_initialize_registry() != CUE_SUCCESS)
		return 1;
	s = CU_add_suite(suite, NULL, NULL);
	if (!s)
		return 1;
	for (; t->name; t++)
		if (!CU_add_test(s, t->name, t->fn))
			return 1;
	CU_basic_set_mode(CU_BRM_VERBOSE);
	CU_basic_run_tests();
	fails = CU_get_number_of_failures() +
		CU_get_number_of_tests_failed();
	asserts = CU_get_number_of_asserts();
	printf("\n%s: %u assertions, %u failed\n", suite, asserts,
	       CU_get_number_of_failures());
	CU_cleanup_registry();
	return fails ? 1 : 0;
}

/* Parse a hex string ("0a1b..") into out; returns the byte count or -1. */
static inline long unit_unhex(const char *s, uint8_t *out, size_t max)
{
	size_t n = strlen(s), i;

	if (n % 2 || n / 2 > max)
		return -1;
	for (i = 0; i < n / 2; i++) {
		unsigned v;

		if (sscanf(s + 2 * i, "%2x", &v) != 1)
			return -1;
		out[i] = (uint8_t)v;
	}
	return (long)(n / 2);
}

/* Deterministic test randomness, independent of flow_rand(). */
static inline uint32_t unit_rand(uint64_t *s)
{
	*s = *s * 6364136223846793005ull + 1442695040888963407ull;
	return (uint32_t)(*s >> 33);
}

#endif
