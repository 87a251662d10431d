// SPDX-License-Identifier: GPL-2.0-only
/* parse: values of the command line; see parse.h. */
#include "parse.h"

#include <arpa/inet.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>

int parse_mac(const char *s, uint8_t mac[6])
{
	unsigned int b[6];
	char tail;

	if (sscanf(s, "%2x:%2x:%2x:%2x:%2x:%2x%c", &b[0], &b[1], &b[2], &b[3],
		   &b[4], &b[5], &tail) != 6 || strlen(s) != 17)
		return -EINVAL;
	for (int i = 0; i < 6; i++)
		mac[i] = (uint8_t)b[i];
	return 0;
}

static int parse_ip(const char *s, int *family, uint8_t out[16])
{
	memset(out, 0, 16);
	if (inet_pton(AF_INET, s, out) == 1) {
		*family = AF_INET;
		return 0;
	}
	if (inet_pton(AF_INET6, s, out) == 1) {
		*family = AF_INET6;
		return 0;
	}
	return -EINVAL;
}

/* lo <= hi, and they may differ only in the last 8 bytes. */
static int range_span(struct ip_range *r)
{
	size_t alen = r->family == AF_INET6 ? 16 : 4;
	size_t head = alen > 8 ? alen - 8 : 0;
	uint64_t lo = 0, hi = 0;

	if (memcmp(r->lo, r->hi, head))
		return -ERANGE;
	for (size_t i = head; i < alen; i++) {
		lo = (lo << 8) | r->lo[i];
		hi = (hi << 8) | r->hi[i];
	}
	if (hi < lo)
		return -EINVAL;
	r->span = hi - lo + 1;	/* wraps to 0 for a full /64: 2^64 */
	return 0;
}

int parse_ip_range(const char *s, struct ip_range *r)
{
	char buf[128];
	char *sep;
	int f2;

	if (strlen(s) >= sizeof(buf))
		return -EINVAL;
	strcpy(buf, s);
	memset(r, 0, sizeof(*r));
	sep = strchr(buf, '/');
	if (sep) {
		char *end;
		long plen;
		size_t alen;

		*sep = '\0';
		if (parse_ip(buf, &r->family, r->lo))
			return -EINVAL;
		alen = r->family == AF_INET6 ? 16 : 4;
		errno = 0;
		plen = strtol(sep + 1, &end, 10);
		if (errno || *end || end == sep + 1 || plen < 0 ||
		    plen > (long)alen * 8)
			return -EINVAL;
		for (size_t bit = 0; bit < alen * 8; bit++) {
			uint8_t m = (uint8_t)(0x80 >> (bit % 8));

			if ((long)bit < plen) {
				r->hi[bit / 8] |= r->lo[bit / 8] & m;
			} else {
				r->lo[bit / 8] &= (uint8_t)~m;
				r->hi[bit / 8] |= m;
			}
		}
		return range_span(r);
	}
	sep = strchr(buf, '-');
	if (sep) {
		*sep = '\0';
		if (parse_ip(buf, &r->family, r->lo) ||
		    parse_ip(sep + 1, &f2, r->hi) || f2 != r->family)
			return -EINVAL;
		return range_span(r);
	}
	if (parse_ip(buf, &r->family, r->lo))
		return -EINVAL;
	memcpy(r->hi, r->lo, 16);
	r->span = 1;
	return 0;
}

int parse_u64(const char *s, uint64_t *out)
{
	char *end;

	if (!*s || *s == '-' || *s == '+')
		return -EINVAL;
	errno = 0;
	*out = strtoull(s, &end, 0);
	if (errno || *end)
		return -EINVAL;
	return 0;
}

int parse_u32_range(const char *s, uint32_t min, uint32_t max,
			struct u32_range *r)
{
	char buf[64];
	char *sep;
	uint64_t lo, hi;

	if (strlen(s) >= sizeof(buf))
		return -EINVAL;
	strcpy(buf, s);
	sep = strchr(buf, '-');
	if (sep)
		*sep = '\0';
	if (parse_u64(buf, &lo))
		return -EINVAL;
	hi = lo;
	if (sep && parse_u64(sep + 1, &hi))
		return -EINVAL;
	if (lo < min || hi > max || hi < lo)
		return -ERANGE;
	r->lo = (uint32_t)lo;
	r->hi = (uint32_t)hi;
	return 0;
}

int parse_double(const char *s, double *out, char **end)
{
	errno = 0;
	*out = strtod(s, end);
	if (errno || *end == s || !isfinite(*out) || *out < 0)
		return -EINVAL;
	return 0;
}

static double unit_scale(const char *u, size_t n)
{
	if (n == 0)
		return 1;
	switch (u[0]) {
	case 'k': case 'K': return 1e3;
	case 'm': case 'M': return 1e6;
	case 'g': case 'G': return 1e9;
	case 't': case 'T': return 1e12;
	}
	return 0;
}

/* "64:7,570:4,1518:1" or "imix"; see parse.h. */
int parse_size_mix(const char *s, uint32_t min, uint32_t max,
		       struct size_mix *m)
{
	char *end;

	memset(m, 0, sizeof(*m));
	if (!strcmp(s, "imix"))
		s = "60:7,590:4,1514:1";
	for (;;) {
		unsigned long sz, w;

		if (*s < '0' || *s > '9' || m->n == FLOW_MAX_SIZES)
			return -EINVAL;
		sz = strtoul(s, &end, 10);
		if (*end != ':' || sz < min || sz > max)
			return -EINVAL;
		s = end + 1;
		if (*s < '0' || *s > '9')
			return -EINVAL;
		w = strtoul(s, &end, 10);
		if (!w || w > 1000000)
			return -EINVAL;
		m->size[m->n] = (uint32_t)sz;
		m->weight[m->n++] = (uint32_t)w;
		m->total += w;
		if (!*end)
			return 0;
		if (*end != ',')
			return -EINVAL;
		s = end + 1;
	}
}

int parse_wall_time(const char *s, double *t)
{
	struct tm tm;
	double frac = 0;
	char *end;
	long off = 0;

	if (!strchr(s, 'T') && !strchr(s, 't')) {
		if (parse_double(s, t, &end) || *end || *t <= 0)
			return -EINVAL;
		return 0;
	}
	memset(&tm, 0, sizeof(tm));
	end = strptime(s, "%Y-%m-%dT%H:%M:%S", &tm);
	if (!end)
		end = strptime(s, "%Y-%m-%dt%H:%M:%S", &tm);
	if (!end)
		return -EINVAL;
	if (*end == '.') {
		char *e2;

		frac = strtod(end, &e2);
		if (e2 == end + 1)
			return -EINVAL;
		end = e2;
	}
	if (*end == 'Z' || *end == 'z') {
		end++;
	} else if ((*end == '+' || *end == '-') &&
		   end[1] >= '0' && end[1] <= '9' && end[2] >= '0' &&
		   end[2] <= '9' && end[3] == ':' && end[4] >= '0' &&
		   end[4] <= '9' && end[5] >= '0' && end[5] <= '9') {
		off = ((end[1] - '0') * 10 + end[2] - '0') * 3600 +
		      ((end[4] - '0') * 10 + end[5] - '0') * 60;
		if (*end == '-')
			off = -off;
		end += 6;
	} else {
		return -EINVAL;	/* RFC 3339 needs the offset */
	}
	if (*end)
		return -EINVAL;
	*t = (double)timegm(&tm) - off + frac;
	return *t > 0 ? 0 : -EINVAL;
}

int parse_cpus(const char *s, int *cpus, uint32_t max)
{
	uint32_t n = 0;
	char *end;

	for (;;) {
		unsigned long lo, hi;

		if (*s < '0' || *s > '9')
			return -EINVAL;
		lo = hi = strtoul(s, &end, 10);
		if (*end == '-') {
			s = end + 1;
			if (*s < '0' || *s > '9')
				return -EINVAL;
			hi = strtoul(s, &end, 10);
		}
		if (lo > hi || hi > 4095 || hi - lo >= max)
			return -EINVAL;
		for (unsigned long k = lo; k <= hi; k++) {
			for (uint32_t j = 0; j < n; j++)
				if (cpus[j] == (int)k)
					return -EINVAL;
			if (n == max)
				return -EINVAL;
			cpus[n++] = (int)k;
		}
		if (!*end)
			return (int)n;
		if (*end != ',')
			return -EINVAL;
		s = end + 1;
	}
}

int parse_rate(const char *s, double *pps, double *bps)
{
	char *end;
	double v, scale;
	size_t ulen;
	const char *unit;

	if (parse_double(s, &v, &end) || v == 0)
		return -EINVAL;
	unit = end;
	ulen = strlen(unit);
	*pps = 0;
	*bps = 0;
	if (!ulen) {
		*pps = v;
		return 0;
	}
	if (ulen >= 3 && !strcasecmp(unit + ulen - 3, "pps")) {
		scale = unit_scale(unit, ulen - 3);
		if (!scale || ulen - 3 > 1)
			return -EINVAL;
		*pps = v * scale;
		return 0;
	}
	if (ulen >= 3 && (!strcasecmp(unit + ulen - 3, "bit") ||
			  !strcasecmp(unit + ulen - 3, "bps"))) {
		scale = unit_scale(unit, ulen - 3);
		if (!scale || ulen - 3 > 1)
			return -EINVAL;
		*bps = v * scale;
		return 0;
	}
	/* "1G": a prefix without a unit is bits to some, packets to others */
	if (ulen == 1 && unit_scale(unit, 1))
		return -EDOM;
	return -EINVAL;
}

int parse_bytes(const char *s, uint64_t *out)
{
	char *end;
	double v, scale = 1;

	if (parse_double(s, &v, &end))
		return -EINVAL;
	if (*end) {
		switch (*end) {
		case 'k': case 'K': scale = 1024.0; break;
		case 'm': case 'M': scale = 1024.0 * 1024; break;
		case 'g': case 'G': scale = 1024.0 * 1024 * 1024; break;
		default: return -EINVAL;
		}
		end++;
		if (*end == 'i')
			end++;
		if (*end == 'B' || *end == 'b')
			end++;
		if (*end)
			return -EINVAL;
	}
	if (v * scale > 1e15)
		return -ERANGE;
	*out = (uint64_t)(v * scale);
	return 0;
}

int parse_duration(const char *s, double *sec)
{
	char *end;
	double v;

	if (parse_double(s, &v, &end))
		return -EINVAL;
	if (!*end || !strcmp(end, "s"))
		*sec = v;
	else if (!strcmp(end, "ms"))
		*sec = v / 1e3;
	else if (!strcmp(end, "m") || !strcmp(end, "min"))
		*sec = v * 60;
	else if (!strcmp(end, "h"))
		*sec = v * 3600;
	else
		return -EINVAL;
	return 0;
}

/* "/P" of a --map-ip side, 0..max; none: the whole address. */
static int map_prefix(const char *p, int max, int *out)
{
	char *end;
	long v;

	if (!p) {
		*out = max;
		return 0;
	}
	errno = 0;
	v = strtol(p, &end, 10);
	if (errno || end == p || *end || v < 0 || v > max)
		return -EINVAL;
	*out = (int)v;
	return 0;
}

/*
 * FROM=TO with FROM and TO addresses or prefixes of one length (IPv6
 * addresses contain ':', so '=' separates; IPv4 may use ':').  A map
 * keeps the host bits, so any prefix length works, unlike --dst-ip
 * ranges (at most 2^64 addresses).
 */
int parse_ip_map(const char *s, struct ip_map *m, const char **why)
{
	char buf[200];
	char *to, *p1, *p2;
	int f1, f2, l1, l2, max;

	*why = "expected FROM=TO with two IPv4 or IPv6 addresses or "
	       "prefixes, e.g. 10.0.0.1=192.168.0.1 or "
	       "10.0.0.0/8=192.168.0.0/8";
	if (strlen(s) >= sizeof(buf))
		return -EINVAL;
	strcpy(buf, s);
	to = strchr(buf, '=');
	if (!to)
		to = strchr(buf, ':');
	if (!to)
		return -EINVAL;
	*to++ = '\0';
	p1 = strchr(buf, '/');
	if (p1)
		*p1++ = '\0';
	p2 = strchr(to, '/');
	if (p2)
		*p2++ = '\0';
	if (parse_ip(buf, &f1, m->from) || parse_ip(to, &f2, m->to))
		return -EINVAL;
	if (f1 != f2) {
		*why = f1 == AF_INET6 ? "FROM is IPv6 and TO IPv4: a map stays "
					"within one family" :
			"FROM is IPv4 and TO IPv6: a map stays within one "
			"family";
		return -EINVAL;
	}
	max = f1 == AF_INET6 ? 128 : 32;
	if (map_prefix(p1, max, &l1) || map_prefix(p2, max, &l2)) {
		*why = max == 32 ? "an IPv4 prefix length is 0 to 32" :
				   "an IPv6 prefix length is 0 to 128";
		return -EINVAL;
	}
	if (l1 != l2) {
		static __thread char msg[100];

		snprintf(msg, sizeof(msg), "FROM is a /%d and TO a /%d: give "
			 "both one length (the host bits are kept)", l1, l2);
		*why = msg;
		return -EINVAL;
	}
	m->family = f1;
	m->prefix = l1;
	return 0;
}
