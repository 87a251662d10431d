/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * out: one report written as text or as JSON from the same calls, the
 * way iproute2's print_*() functions work.  Each value is given once,
 * with its JSON key and its text format: with --json the key and the
 * value are written (a NULL key: the value is text only), without it the
 * format is (a NULL format: the value is JSON only).  Objects and arrays
 * nest; commas and quoting are out's business, not the caller's.
 */
#ifndef PZC_OUT_H
#define PZC_OUT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#define OUT_MAX_DEPTH 8

struct out {
	FILE *f;
	bool json;
	int depth;
	bool first[OUT_MAX_DEPTH];	/* nothing written yet at this depth */
	bool array[OUT_MAX_DEPTH];	/* the container is an array */
};

/* Begin a document (JSON: the outer object). */
void out_begin(struct out *o, FILE *f, bool json);
/* End it (JSON: close the outer object and the line). */
void out_end(struct out *o);

/* A nested object or array: JSON only (text has no structure). */
void out_obj(struct out *o, const char *key);
void out_obj_end(struct out *o);
void out_arr(struct out *o, const char *key);
void out_arr_end(struct out *o);

void out_u64(struct out *o, const char *key, const char *fmt, uint64_t v);
void out_int(struct out *o, const char *key, const char *fmt, long long v);
/* JSON: a number to the microsecond (tiny ones in full); text: fmt. */
void out_dbl(struct out *o, const char *key, const char *fmt, double v);
/* Text: fmt with the value SI-scaled ("1.5 M"); JSON: the number. */
void out_si(struct out *o, const char *key, const char *fmt, double v);
/* "1.5 M": v SI-scaled for people, into buf. */
const char *out_si_text(char *buf, size_t len, double v);
/* v NULL: JSON null, nothing in text. */
void out_str(struct out *o, const char *key, const char *fmt, const char *v);
/* Text: fmt with "yes" or "no". */
void out_bool(struct out *o, const char *key, const char *fmt, bool v);
void out_null(struct out *o, const char *key);
/* Text only. */
void out_text(struct out *o, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* JSON only: a value already written as JSON (e.g. buffered intervals). */
void out_raw(struct out *o, const char *key, const char *json);

/* A JSON string literal, quoted and escaped. */
void out_json_str(FILE *f, const char *s);

#endif
