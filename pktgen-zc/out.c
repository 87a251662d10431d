// SPDX-License-Identifier: GPL-2.0-only
/* out: text or JSON from the same calls; see out.h. */
#include "out.h"

#include <math.h>
#include <stdarg.h>

void out_json_str(FILE *f, const char *s)
{
	fputc('"', f);
	for (; s && *s; s++) {
		if (*s == '"' || *s == '\\')
			fprintf(f, "\\%c", *s);
		else if ((unsigned char)*s < 0x20)
			fprintf(f, "\\u%04x", *s);
		else
			fputc(*s, f);
	}
	fputc('"', f);
}

/* The separator and the key of the next JSON member. */
static void key(struct out *o, const char *k)
{
	/* The document's own members one to a line, the rest compact. */
	if (o->depth == 0)
		fputs(o->first[0] ? "\n  " : ",\n  ", o->f);
	else if (!o->first[o->depth])
		fputs(", ", o->f);
	o->first[o->depth] = false;
	if (k && !o->array[o->depth]) {
		out_json_str(o->f, k);
		fputs(": ", o->f);
	}
}

static void open_(struct out *o, const char *k, bool array)
{
	if (!o->json)
		return;
	key(o, k);
	fputc(array ? '[' : '{', o->f);
	if (o->depth + 1 < OUT_MAX_DEPTH)
		o->depth++;
	o->first[o->depth] = true;
	o->array[o->depth] = array;
}

static void close_(struct out *o)
{
	if (!o->json)
		return;
	fputc(o->array[o->depth] ? ']' : '}', o->f);
	if (o->depth > 0)
		o->depth--;
}

void out_begin(struct out *o, FILE *f, bool json)
{
	o->f = f;
	o->json = json;
	o->depth = 0;
	o->first[0] = true;
	o->array[0] = false;
	if (json)
		fputc('{', f);
}

void out_end(struct out *o)
{
	if (o->json)
		fputs("\n}\n", o->f);
	fflush(o->f);
}

void out_obj(struct out *o, const char *k) { open_(o, k, false); }
void out_obj_end(struct out *o) { close_(o); }
void out_arr(struct out *o, const char *k) { open_(o, k, true); }
void out_arr_end(struct out *o) { close_(o); }

void out_u64(struct out *o, const char *k, const char *fmt, uint64_t v)
{
	if (o->json && k) {
		key(o, k);
		fprintf(o->f, "%llu", (unsigned long long)v);
	} else if (!o->json && fmt) {
		fprintf(o->f, fmt, (unsigned long long)v);
	}
}

void out_int(struct out *o, const char *k, const char *fmt, long long v)
{
	if (o->json && k) {
		key(o, k);
		fprintf(o->f, "%lld", v);
	} else if (!o->json && fmt) {
		fprintf(o->f, fmt, v);
	}
}

void out_dbl(struct out *o, const char *k, const char *fmt, double v)
{
	if (o->json && k) {
		key(o, k);
		if (!isfinite(v)) {
			fputs("null", o->f);
		} else if (v == 0 || fabs(v) >= 1e-3) {
			/* microseconds of a Unix time survive; no 1e+09 */
			char buf[64];
			size_t n = (size_t)snprintf(buf, sizeof(buf), "%.6f", v);

			while (n > 1 && buf[n - 1] == '0')
				buf[--n] = '\0';
			if (buf[n - 1] == '.')
				buf[--n] = '\0';
			fputs(buf, o->f);
		} else {
			fprintf(o->f, "%.15g", v);
		}
	} else if (!o->json && fmt) {
		fprintf(o->f, fmt, v);
	}
}

const char *out_si_text(char *buf, size_t len, double v)
{
	static const char *const unit[] = { "", "k", "M", "G", "T" };
	int i = 0;

	while (fabs(v) >= 1000 && i < 4) {
		v /= 1000;
		i++;
	}
	snprintf(buf, len, "%.3g %s", v, unit[i]);
	return buf;
}

void out_si(struct out *o, const char *k, const char *fmt, double v)
{
	char buf[32];

	if (o->json)
		out_dbl(o, k, NULL, v);
	else if (fmt)
		fprintf(o->f, fmt, out_si_text(buf, sizeof(buf), v));
}

void out_str(struct out *o, const char *k, const char *fmt, const char *v)
{
	if (o->json && k) {
		key(o, k);
		if (v)
			out_json_str(o->f, v);
		else
			fputs("null", o->f);
	} else if (!o->json && fmt && v) {
		fprintf(o->f, fmt, v);
	}
}

void out_bool(struct out *o, const char *k, const char *fmt, bool v)
{
	if (o->json && k) {
		key(o, k);
		fputs(v ? "true" : "false", o->f);
	} else if (!o->json && fmt) {
		fprintf(o->f, fmt, v ? "yes" : "no");
	}
}

void out_null(struct out *o, const char *k)
{
	if (o->json && k) {
		key(o, k);
		fputs("null", o->f);
	}
}

void out_text(struct out *o, const char *fmt, ...)
{
	va_list ap;

	if (o->json)
		return;
	va_start(ap, fmt);
	vfprintf(o->f, fmt, ap);
	va_end(ap);
}

void out_raw(struct out *o, const char *k, const char *json)
{
	if (!o->json)
		return;
	key(o, k);
	fputs(json, o->f);
}
