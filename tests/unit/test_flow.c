// SPDX-License-Identifier: GPL-2.0-only
/*
 * test_flow: per-packet variation.  Address ranges (A-B and CIDR, IPv4
 * and the low 64 bits of IPv6) parsed by cli.c, sequential walks that
 * wrap at n mod span, random draws that stay inside the range and reach
 * both ends, and repeatability from a fixed seed.  Expected addresses are
 * computed here with plain integer arithmetic, not with flow_ip_at().
 *
 * About 1,900 CUnit assertions; the random-range loops (over 1.2 million
 * draws) count their misses and assert once per range.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "config.h"
#include "parse.h"
#include "flow.h"
#include "unit.h"

static uint32_t v4(const uint8_t *a)
{
	return (uint32_t)a[0] << 24 | (uint32_t)a[1] << 16 |
	       (uint32_t)a[2] << 8 | a[3];
}

static uint64_t low64(const uint8_t *a)
{
	uint64_t v = 0;

	for (int i = 8; i < 16; i++)
		v = v << 8 | a[i];
	return v;
}

static bool addr_is(int family, const uint8_t *a, const char *s)
{
	uint8_t b[16];

	return inet_pton(family, s, b) == 1 &&
	       !memcmp(a, b, family == AF_INET6 ? 16 : 4);
}

static void test_parse_ranges(void)
{
	struct ip_range r;

	CU_ASSERT_EQUAL(parse_ip_range("10.0.0.1", &r), 0);
	CU_ASSERT(r.family == AF_INET && r.span == 1);
	CU_ASSERT_TRUE(addr_is(AF_INET, r.lo, "10.0.0.1"));
	CU_ASSERT_TRUE(addr_is(AF_INET, r.hi, "10.0.0.1"));

	CU_ASSERT_EQUAL(parse_ip_range("10.0.0.250-10.0.1.4", &r), 0);
	CU_ASSERT_EQUAL(r.span, 11);
	CU_ASSERT_TRUE(addr_is(AF_INET, r.hi, "10.0.1.4"));

	/* CIDR: host bits of the given address are cleared. */
	CU_ASSERT_EQUAL(parse_ip_range("192.168.1.77/30", &r), 0);
	CU_ASSERT_EQUAL(r.span, 4);
	CU_ASSERT_TRUE(addr_is(AF_INET, r.lo, "192.168.1.76"));
	CU_ASSERT_TRUE(addr_is(AF_INET, r.hi, "192.168.1.79"));
	CU_ASSERT_EQUAL(parse_ip_range("10.1.2.3/8", &r), 0);
	CU_ASSERT_EQUAL(r.span, 1u << 24);
	CU_ASSERT_TRUE(addr_is(AF_INET, r.lo, "10.0.0.0"));
	CU_ASSERT_TRUE(addr_is(AF_INET, r.hi, "10.255.255.255"));
	CU_ASSERT_EQUAL(parse_ip_range("10.1.2.3/32", &r), 0);
	CU_ASSERT_EQUAL(r.span, 1);
	CU_ASSERT_EQUAL(parse_ip_range("0.0.0.0/0", &r), 0);
	CU_ASSERT_EQUAL(r.span, 1ull << 32);
	CU_ASSERT_TRUE(addr_is(AF_INET, r.hi, "255.255.255.255"));

	/* IPv6: only the low 64 bits may vary; a /64 is 2^64 (span 0). */
	CU_ASSERT_EQUAL(parse_ip_range("2001:db8:1:2::5/64", &r), 0);
	CU_ASSERT(r.family == AF_INET6 && r.span == 0);
	CU_ASSERT_TRUE(addr_is(AF_INET6, r.lo, "2001:db8:1:2::"));
	CU_ASSERT_TRUE(addr_is(AF_INET6, r.hi,
			       "2001:db8:1:2:ffff:ffff:ffff:ffff"));
	CU_ASSERT_EQUAL(parse_ip_range("2001:db8::/120", &r), 0);
	CU_ASSERT_EQUAL(r.span, 256);
	CU_ASSERT_EQUAL(parse_ip_range("2001:db8::/128", &r), 0);
	CU_ASSERT_EQUAL(r.span, 1);
	CU_ASSERT_EQUAL(parse_ip_range("2001:db8::fff0-2001:db8::1:0:0:f",
					   &r), 0);
	CU_ASSERT_EQUAL(r.span, 0x000100000000000full - 0xfff0 + 1);

	CU_ASSERT_EQUAL(parse_ip_range("2001:db8::/63", &r), -ERANGE);
	CU_ASSERT_EQUAL(parse_ip_range("2001:db8::1-2001:db9::1", &r),
			-ERANGE);
	CU_ASSERT_EQUAL(parse_ip_range("10.0.0.2-10.0.0.1", &r), -EINVAL);
	CU_ASSERT_EQUAL(parse_ip_range("2001:db8::2-2001:db8::1", &r),
			-EINVAL);
	CU_ASSERT_EQUAL(parse_ip_range("10.0.0.1-2001:db8::1", &r),
			-EINVAL);
	CU_ASSERT_EQUAL(parse_ip_range("10.0.0.1/33", &r), -EINVAL);
	CU_ASSERT_EQUAL(parse_ip_range("10.0.0.1/", &r), -EINVAL);
	CU_ASSERT_EQUAL(parse_ip_range("10.0.0.1/-1", &r), -EINVAL);
	CU_ASSERT_EQUAL(parse_ip_range("2001:db8::/129", &r), -EINVAL);
	CU_ASSERT_EQUAL(parse_ip_range("host.example", &r), -EINVAL);
}

static void setup(struct flow *f, const char *src, const char *dst,
		  uint32_t slo, uint32_t shi, uint32_t dlo, uint32_t dhi,
		  uint32_t zlo, uint32_t zhi, uint64_t seed)
{
	memset(f, 0, sizeof(*f));
	CU_ASSERT_FATAL(parse_ip_range(src, &f->src) == 0);
	CU_ASSERT_FATAL(parse_ip_range(dst, &f->dst) == 0);
	f->sport.lo = slo;
	f->sport.hi = shi;
	f->dport.lo = dlo;
	f->dport.hi = dhi;
	f->size.lo = zlo;
	f->size.hi = zhi;
	flow_init(f, seed);
}

static void test_sequential_v4(void)
{
	struct flow f;
	struct frame_vars v;
	unsigned bad = 0;

	setup(&f, "192.168.1.77/30", "10.0.0.250-10.0.1.4", 1000, 1002,
	      65530, 65535, 60, 90, 1);
	f.ip_id0 = 0xfffe;
	/* Each field walks its own span: n mod 4, 11, 3, 6 and 31. */
	for (uint64_t n = 0; n < 2000; n++) {
		flow_vars(&f, n, &v);
		bad += v4(v.src_ip) != 0xc0a8014c + n % 4;
		bad += v4(v.dst_ip) != 0x0a0000fa + n % 11;
		bad += v.sport != 1000 + n % 3;
		bad += v.dport != 65530 + n % 6;
		bad += v.len != 60 + n % 31;
		bad += v.ip_id != (uint16_t)(0xfffe + n);
	}
	CU_ASSERT_EQUAL(bad, 0);
	flow_vars(&f, 10, &v);
	CU_ASSERT_TRUE(addr_is(AF_INET, v.dst_ip, "10.0.1.4"));
	flow_vars(&f, 11, &v);
	CU_ASSERT_TRUE(addr_is(AF_INET, v.dst_ip, "10.0.0.250"));
	CU_ASSERT_EQUAL(v.sport, 1002);
	CU_ASSERT_EQUAL(v.ip_id, 9);
	/* Packet numbers far from 0 (a long run): still n mod span. */
	flow_vars(&f, 123456789012345ull, &v);
	CU_ASSERT_EQUAL(v4(v.dst_ip), 0x0a0000fa + 123456789012345ull % 11);
	CU_ASSERT_EQUAL(v.len, 60 + 123456789012345ull % 31);

	/* A whole /0: n itself, wrapping at 2^32. */
	setup(&f, "10.0.0.1", "0.0.0.0/0", 9, 9, 9, 9, 60, 60, 1);
	flow_vars(&f, 0xffffffffull, &v);
	CU_ASSERT_TRUE(addr_is(AF_INET, v.dst_ip, "255.255.255.255"));
	flow_vars(&f, 0x100000005ull, &v);
	CU_ASSERT_TRUE(addr_is(AF_INET, v.dst_ip, "0.0.0.5"));
	CU_ASSERT_TRUE(addr_is(AF_INET, v.src_ip, "10.0.0.1"));
	CU_ASSERT(v.sport == 9 && v.dport == 9 && v.len == 60);

	/* Full port range 1-65535: span 65535. */
	setup(&f, "10.0.0.1", "10.0.0.2", 1, 65535, 9, 9, 60, 60, 1);
	flow_vars(&f, 65534, &v);
	CU_ASSERT_EQUAL(v.sport, 65535);
	flow_vars(&f, 65535, &v);
	CU_ASSERT_EQUAL(v.sport, 1);
}

static void test_sequential_v6(void)
{
	struct flow f;
	struct frame_vars v;
	unsigned bad = 0;
	uint8_t hi8[16];

	/* Crosses a 32-bit boundary inside the low 64 bits. */
	setup(&f, "2001:db8::1", "2001:db8::ffff:ffff:fff0-2001:db8::1:0:0:f",
	      9, 9, 9, 9, 62, 62, 1);
	CU_ASSERT_EQUAL(f.dst.span, 32);
	inet_pton(AF_INET6, "2001:db8::", hi8);	/* bytes 0-7 compared */
	for (uint64_t n = 0; n < 1000; n++) {
		flow_vars(&f, n, &v);
		bad += low64(v.dst_ip) != 0xfffffffffff0ull + n % 32;
		bad += memcmp(v.dst_ip, hi8, 8) != 0;
		bad += !addr_is(AF_INET6, v.src_ip, "2001:db8::1");
	}
	CU_ASSERT_EQUAL(bad, 0);
	flow_vars(&f, 0x10, &v);
	CU_ASSERT_TRUE(addr_is(AF_INET6, v.dst_ip, "2001:db8::1:0:0:0"));
	flow_vars(&f, f.dst.span - 1, &v);
	CU_ASSERT_TRUE(addr_is(AF_INET6, v.dst_ip, "2001:db8::1:0:0:f"));
	flow_vars(&f, f.dst.span, &v);		/* wraps to lo */
	CU_ASSERT_TRUE(addr_is(AF_INET6, v.dst_ip,
			       "2001:db8::ffff:ffff:fff0"));

	/* A /64: span 2^64, n is the low 64 bits; the top never carries. */
	setup(&f, "2001:db8::1", "2001:db8:0:7::/64", 9, 9, 9, 9, 62, 62, 1);
	flow_vars(&f, UINT64_MAX, &v);
	CU_ASSERT_TRUE(addr_is(AF_INET6, v.dst_ip,
			       "2001:db8:0:7:ffff:ffff:ffff:ffff"));
	flow_vars(&f, 0x0123456789abcdefull, &v);
	CU_ASSERT_TRUE(addr_is(AF_INET6, v.dst_ip,
			       "2001:db8:0:7:123:4567:89ab:cdef"));
	/* /120 wraps at 256. */
	setup(&f, "2001:db8::1", "2001:db8::100/120", 9, 9, 9, 9, 62, 62, 1);
	flow_vars(&f, 256 + 3, &v);
	CU_ASSERT_TRUE(addr_is(AF_INET6, v.dst_ip, "2001:db8::103"));
}

static void test_ip_at(void)
{
	struct ip_range r;
	uint8_t out[16];

	CU_ASSERT_EQUAL(parse_ip_range("10.255.255.255-11.0.0.1", &r), 0);
	flow_ip_at(&r, 1, out);
	CU_ASSERT_TRUE(addr_is(AF_INET, out, "11.0.0.0"));
	CU_ASSERT_EQUAL(parse_ip_range("::ffff:ffff:ffff:ffff/64", &r), 0);
	flow_ip_at(&r, 0, out);
	CU_ASSERT_TRUE(addr_is(AF_INET6, out, "::"));
	flow_ip_at(&r, UINT64_MAX, out);
	CU_ASSERT_TRUE(addr_is(AF_INET6, out, "::ffff:ffff:ffff:ffff"));
}

/* Draw many times; every value within [lo, lo + span), both ends hit. */
static void random_range(const char *dst, uint64_t draws)
{
	struct flow f;
	struct frame_vars v;
	struct ip_range r;
	uint64_t outside = 0, lo, hi;
	bool hit_lo = false, hit_hi = false;
	int fam;

	setup(&f, "10.0.0.1", dst, 9, 9, 9, 9, 60, 60, 77);
	f.dst.random = true;
	r = f.dst;
	fam = r.family;
	lo = fam == AF_INET ? v4(r.lo) : low64(r.lo);
	hi = fam == AF_INET ? v4(r.hi) : low64(r.hi);
	for (uint64_t i = 0; i < draws; i++) {
		uint64_t a;

		flow_vars(&f, i, &v);
		a = fam == AF_INET ? v4(v.dst_ip) : low64(v.dst_ip);
		outside += a < lo || a > hi ||
			   memcmp(v.dst_ip, r.lo, fam == AF_INET ? 0 : 8);
		hit_lo |= a == lo;
		hit_hi |= a == hi;
	}
	CU_ASSERT_EQUAL(outside, 0);
	CU_ASSERT_TRUE(hit_lo);
	CU_ASSERT_TRUE(hit_hi);
	if (outside || !hit_lo || !hit_hi)
		fprintf(stderr, "\n  random %s: %llu outside, lo %d hi %d\n",
			dst, (unsigned long long)outside, hit_lo, hit_hi);
}

static void test_random(void)
{
	struct flow f;
	struct frame_vars v;
	unsigned count[31] = { 0 }, outside = 0, ports_out = 0;
	bool sp_lo = false, sp_hi = false;

	random_range("10.0.0.250-10.0.1.4", 20000);
	random_range("192.168.0.0/24", 100000);
	random_range("2001:db8::ffff:fff0-2001:db8::1:0:f", 100000);
	random_range("2001:db8::fe-2001:db8::ff", 1000);

	/* Sizes 60-90 and ports at random: inside, all values, roughly
	 * uniform (each of 31 sizes within 10% of 1/31 of 1M draws). */
	setup(&f, "10.0.0.1", "10.0.0.2", 1, 65535, 9, 9, 60, 90, 5);
	f.size.random = f.sport.random = true;
	for (int i = 0; i < 1000000; i++) {
		flow_vars(&f, (uint64_t)i, &v);
		if (v.len < 60 || v.len > 90)
			outside++;
		else
			count[v.len - 60]++;
		ports_out += v.sport < 1;
		sp_lo |= v.sport == 1;
		sp_hi |= v.sport == 65535;
		if (v.dport != 9)
			ports_out++;
	}
	CU_ASSERT_EQUAL(outside, 0);
	CU_ASSERT_EQUAL(ports_out, 0);
	CU_ASSERT_TRUE(sp_lo);
	CU_ASSERT_TRUE(sp_hi);
	for (int k = 0; k < 31; k++)
		CU_ASSERT(count[k] > 1000000 / 31 * 0.9 &&
			  count[k] < 1000000 / 31 * 1.1);

	/* flow_rand_below edge spans. */
	{
		uint64_t s = 1, big = (1ull << 63) + 1, over = 0;

		for (int i = 0; i < 10000; i++) {
			over += flow_rand_below(&s, 1) != 0;
			over += flow_rand_below(&s, big) >= big;
			over += flow_rand_below(&s, 2) > 1;
		}
		CU_ASSERT_EQUAL(over, 0);
	}
}

static void test_seed(void)
{
	struct flow a, b, c;
	struct frame_vars va, vb, vc;
	unsigned diff_ab = 0, diff_ac = 0;

	setup(&a, "2001:db8:1::/64", "2001:db8::/64", 1, 65535, 1, 65535,
	      60, 1514, 1234);
	a.src.random = a.dst.random = a.sport.random = a.dport.random =
		a.size.random = true;
	b = a;
	c = a;
	/* memcmp below: padding inside frame_vars must compare equal. */
	memset(&va, 0, sizeof(va));
	memset(&vb, 0, sizeof(vb));
	memset(&vc, 0, sizeof(vc));
	flow_init(&b, 1234);
	flow_init(&c, 1235);
	for (uint64_t n = 0; n < 10000; n++) {
		flow_vars(&a, n, &va);
		flow_vars(&b, n, &vb);
		flow_vars(&c, n, &vc);
		diff_ab += memcmp(&va, &vb, sizeof(va)) != 0;
		diff_ac += memcmp(&va, &vc, sizeof(va)) != 0;
	}
	CU_ASSERT_EQUAL(diff_ab, 0);		/* same seed, same run */
	CU_ASSERT(diff_ac > 9900);		/* another seed, another run */
	/* Seed 0 must not leave xorshift stuck at zero. */
	{
		uint64_t s, x;

		flow_init(&a, 0);
		s = a.rng;
		CU_ASSERT_NOT_EQUAL(s, 0);
		x = flow_rand(&s);
		CU_ASSERT_NOT_EQUAL(x, flow_rand(&s));
		CU_ASSERT_NOT_EQUAL(s, 0);
	}
}

/* A weighted size list: the draws follow the weights, depend only on
 * the seed and the frame number, and imix is 7:4:1 of 60, 590, 1514. */
static void test_size_mix(void)
{
	struct flow f, g;
	struct frame_vars v, w;
	uint64_t seen[3] = { 0 };
	const uint64_t n = 120000;

	setup(&f, "10.0.0.1", "10.0.0.2", 9, 9, 9, 9, 60, 60, 7);
	CU_ASSERT_EQUAL(parse_size_mix("imix", 60, 65535, &f.mix), 0);
	CU_ASSERT(f.mix.n == 3 && f.mix.total == 12);
	CU_ASSERT(f.mix.size[0] == 60 && f.mix.size[1] == 590 &&
		  f.mix.size[2] == 1514);
	g = f;
	for (uint64_t i = 0; i < n; i++) {
		flow_vars(&f, i, &v);
		seen[v.len == 60 ? 0 : v.len == 590 ? 1 : 2]++;
		CU_ASSERT(v.len == 60 || v.len == 590 || v.len == 1514);
	}
	/* 7/12, 4/12, 1/12 within 1.5% of n */
	CU_ASSERT(llabs((long long)seen[0] - (long long)(n * 7 / 12)) < 1800);
	CU_ASSERT(llabs((long long)seen[1] - (long long)(n * 4 / 12)) < 1800);
	CU_ASSERT(llabs((long long)seen[2] - (long long)(n * 1 / 12)) < 1800);
	/* Frame 5000 alone draws what it drew in the sequence. */
	flow_vars(&g, 5000, &w);
	flow_vars(&f, 5000, &v);
	CU_ASSERT_EQUAL(v.len, w.len);
	CU_ASSERT_EQUAL(parse_size_mix("64:1,100:0", 60, 65535, &f.mix),
			-EINVAL);		/* weight 0 */
	CU_ASSERT_EQUAL(parse_size_mix("59:1", 60, 65535, &f.mix),
			-EINVAL);		/* under the minimum */
	CU_ASSERT_EQUAL(parse_size_mix("64:1,", 60, 65535, &f.mix),
			-EINVAL);
	CU_ASSERT_EQUAL(parse_size_mix("64", 60, 65535, &f.mix), -EINVAL);
}

/* --flows N: N distinct tuples, cycled in order. */
static void test_flows(void)
{
	struct flow f;
	struct frame_vars v, first;
	char seen[4 * 3 * 5];

	setup(&f, "10.0.0.1-10.0.0.4", "10.1.0.1-10.1.0.3", 1000, 1004, 9, 9,
	      60, 60, 1);
	CU_ASSERT_EQUAL(flow_tuples(&f), 60);
	f.nflows = 60;
	memset(seen, 0, sizeof(seen));
	for (uint64_t i = 0; i < 60; i++) {
		unsigned s, d, p;

		flow_vars(&f, i, &v);
		s = v.src_ip[3] - 1;
		d = v.dst_ip[3] - 1;
		p = v.sport - 1000u;
		CU_ASSERT(s < 4 && d < 3 && p < 5);
		if (s < 4 && d < 3 && p < 5) {
			CU_ASSERT_EQUAL(seen[(s * 3 + d) * 5 + p], 0);
			seen[(s * 3 + d) * 5 + p] = 1;
		}
	}
	flow_vars(&f, 0, &first);
	flow_vars(&f, 60, &v);		/* the cycle starts again */
	CU_ASSERT_EQUAL(memcmp(first.src_ip, v.src_ip, 4), 0);
	CU_ASSERT_EQUAL(first.sport, v.sport);
}

static const struct unit_test tests[] = {
	{ "weighted size lists and imix", test_size_mix },
	{ "--flows: distinct tuples, cycled", test_flows },
	{ "address ranges: A-B, CIDR, IPv6 low 64 bits", test_parse_ranges },
	{ "sequential IPv4/ports/sizes: n mod span", test_sequential_v4 },
	{ "sequential IPv6 in the low 64 bits", test_sequential_v6 },
	{ "flow_ip_at carries", test_ip_at },
	{ "random: inside, both ends, uniform", test_random },
	{ "fixed seed repeats", test_seed },
	{ NULL, NULL },
};

int main(void)
{
	return unit_run("flow", tests);
}
