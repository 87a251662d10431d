// SPDX-License-Identifier: GPL-2.0-only
/*
 * test_frame: checksums (RFC 1071), the header builders against tshark's
 * decoding stored in golden/frames.tsv, payload stamps, and the
 * receiver-side checks of check.c.
 *
 *   test-frame GOLDEN.tsv          run the tests
 *   test-frame --write-pcap FILE   write the golden cases to a pcap (for
 *                                  make-golden.sh; tshark decodes it)
 *
 * About 6,000 assertions (most in the golden comparison: ~35 fields and
 * the bytes of 24 frames, and in the randomised checksum comparisons).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <pcap/pcap.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "check.h"
#include "frame.h"
#include "unit.h"
#include "frame_cases.h"

static const char *golden_path;

/* ---- an independent checksum: RFC 1071 section 4.1, 16-bit words ---- */

static uint16_t ref_csum(uint32_t init, const uint8_t *p, size_t len)
{
	uint64_t sum = init;

	while (len > 1) {
		sum += (uint32_t)(p[0] << 8 | p[1]);
		p += 2;
		len -= 2;
	}
	if (len > 0)
		sum += (uint32_t)p[0] << 8;
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

static void test_rfc1071_example(void)
{
	/* RFC 1071 1.(2): 00 01 f2 03 f4 f5 f6 f7 -> 2ddf0 -> ddf2. */
	static const uint8_t b[] = { 0x00, 0x01, 0xf2, 0x03,
				     0xf4, 0xf5, 0xf6, 0xf7 };
	static const uint8_t swapped[] = { 0x01, 0x00, 0x03, 0xf2,
					   0xf5, 0xf4, 0xf7, 0xf6 };
	uint32_t s = frame_csum_add(0, b, sizeof(b));

	CU_ASSERT_EQUAL(frame_csum_fold(s), (uint16_t)~0xddf2);
	CU_ASSERT_EQUAL(frame_csum_fold(s), 0x220d);
	/* Byte-order independence (RFC 1071 2.(B)): swapped input gives
	 * the swapped sum. */
	CU_ASSERT_EQUAL(frame_csum_fold(frame_csum_add(0, swapped, 8)),
			(uint16_t)~0xf2dd);
	/* The same sum from its parts (2.(A) associativity). */
	s = frame_csum_add(0, b, 2);
	s = frame_csum_add(s, b + 2, 2);
	s = frame_csum_add(s, b + 4, 4);
	CU_ASSERT_EQUAL(frame_csum_fold(s), 0x220d);
	/* Data that contains its own checksum sums to zero. */
	{
		uint8_t d[10];

		memcpy(d, b, 8);
		d[8] = 0x22;
		d[9] = 0x0d;
		CU_ASSERT_EQUAL(frame_csum_fold(frame_csum_add(0, d, 10)), 0);
	}
	/* Nothing summed: all ones. */
	CU_ASSERT_EQUAL(frame_csum_fold(frame_csum_add(0, b, 0)), 0xffff);
	CU_ASSERT_EQUAL(frame_csum_fold(0), 0xffff);
	/* Fold carries: 0x1fffe -> 0xffff -> complement 0. */
	CU_ASSERT_EQUAL(frame_csum_fold(0x1fffe), 0);
	CU_ASSERT_EQUAL(frame_csum_fold(0xffffffffu), 0);
}

static void test_csum_odd(void)
{
	static const uint8_t b[] = { 0x00, 0x01, 0xf2, 0x03, 0xf4 };

	/* An odd trailing byte is the high byte of a word. */
	CU_ASSERT_EQUAL(frame_csum_fold(frame_csum_add(0, b, 1)),
			(uint16_t)~0x0000);
	CU_ASSERT_EQUAL(frame_csum_fold(frame_csum_add(0, b + 2, 1)),
			(uint16_t)~0xf200);
	CU_ASSERT_EQUAL(frame_csum_fold(frame_csum_add(0, b, 3)),
			(uint16_t)~0xf201);
	CU_ASSERT_EQUAL(frame_csum_fold(frame_csum_add(0, b, 5)),
			(uint16_t)~(0x0001 + 0xf203 + 0xf400 - 0xffff));
	for (size_t n = 0; n <= 5; n++)
		CU_ASSERT_EQUAL(frame_csum_fold(frame_csum_add(0, b, n)),
				ref_csum(0, b, n));
}

static void test_csum_vs_reference(void)
{
	static uint8_t buf[4096];
	uint64_t rs = 42;
	unsigned bad = 0;

	/* 3000 random buffers, lengths 0..4096, random running sums in:
	 * one assertion per buffer. */
	for (int t = 0; t < 3000; t++) {
		size_t len = unit_rand(&rs) % (sizeof(buf) + 1);
		uint32_t init = t % 3 ? unit_rand(&rs) : 0;

		if (t % 5 == 0)
			memset(buf, 0xff, len);	/* worst case for carries */
		else
			for (size_t k = 0; k < len; k++)
				buf[k] = (uint8_t)unit_rand(&rs);
		if (frame_csum_fold(frame_csum_add(init, buf, len)) !=
		    ref_csum(init, buf, len))
			bad++;
		CU_ASSERT_EQUAL(frame_csum_fold(frame_csum_add(init, buf, len)),
				ref_csum(init, buf, len));
	}
	CU_ASSERT_EQUAL(bad, 0);
}

static void test_csum_split_even(void)
{
	static uint8_t buf[3001];
	uint64_t rs = 7;

	for (size_t k = 0; k < sizeof(buf); k++)
		buf[k] = (uint8_t)unit_rand(&rs);
	/* Every even split point of odd and even lengths: a running sum
	 * over two pieces is the sum over the whole. */
	for (size_t len = 2999; len <= 3001; len++) {
		uint16_t whole = frame_csum_fold(frame_csum_add(0, buf, len));
		unsigned bad = 0;

		CU_ASSERT_EQUAL(whole, ref_csum(0, buf, len));
		for (size_t cut = 0; cut <= len; cut += 2) {
			uint32_t s = frame_csum_add(0, buf, cut);

			s = frame_csum_add(s, buf + cut, len - cut);
			bad += frame_csum_fold(s) != whole;
		}
		CU_ASSERT_EQUAL(bad, 0);
	}
	/* Many pieces of random even sizes. */
	for (int t = 0; t < 200; t++) {
		size_t off = 0, len = 1000 + unit_rand(&rs) % 2000;
		uint32_t s = 0;

		while (off < len) {
			size_t piece = 2 * (unit_rand(&rs) % 40);

			if (piece > len - off)
				piece = len - off;
			s = frame_csum_add(s, buf + off, piece);
			off += piece;
		}
		CU_ASSERT_EQUAL(frame_csum_fold(s), ref_csum(0, buf, len));
	}
}

static void test_csum_pseudo(void)
{
	uint8_t s4[4], d4[4], s6[16], d6[16];

	/* IPv4 by hand: c000+0201+c633+6402 + 0011 + 001c = 1ec63
	 * -> ec64 -> ~ = 139b. */
	inet_pton(AF_INET, "192.0.2.1", s4);
	inet_pton(AF_INET, "198.51.100.2", d4);
	CU_ASSERT_EQUAL(frame_csum_fold(frame_csum_pseudo(AF_INET, s4, d4,
							  17, 0x1c)), 0x139b);
	/* IPv6 by hand: 2*2001 + 2*0db8 + 1 + 2 + 0011, and a length over
	 * 16 bits counts as two words: 0001 + 2345.  = 7ecc, ~ = 8133. */
	inet_pton(AF_INET6, "2001:db8::1", s6);
	inet_pton(AF_INET6, "2001:db8::2", d6);
	CU_ASSERT_EQUAL(frame_csum_fold(frame_csum_pseudo(AF_INET6, s6, d6,
							  17, 0x12345)),
			0x8133);
	/* 8*ffff + 1 + 11 + 8 = 80012 -> 001a -> ~ = ffe5. */
	memset(s6, 0xff, 16);
	inet_pton(AF_INET6, "::1", d6);
	CU_ASSERT_EQUAL(frame_csum_fold(frame_csum_pseudo(AF_INET6, s6, d6,
							  17, 8)), 0xffe5);
	/* The pseudo header spelt out in bytes (RFC 8200 8.1) gives the
	 * same sum as frame_csum_pseudo(). */
	{
		uint8_t ph[40] = { 0 };

		memcpy(ph, s6, 16);
		memcpy(ph + 16, d6, 16);
		ph[33] = 0x01;
		ph[34] = 0x23;
		ph[35] = 0x45;
		ph[39] = 17;
		CU_ASSERT_EQUAL(frame_csum_fold(frame_csum_pseudo(AF_INET6, s6,
								  d6, 17,
								  0x12345)),
				ref_csum(0, ph, 40));
	}
}

static size_t hdr_of(const struct frame_case *c)
{
	return (c->vlan >= 0 ? 18 : 14) + (c->family == AF_INET6 ? 40 : 20) + 8;
}

static void test_lengths(void)
{
	for (size_t i = 0; i < N_FRAME_CASES; i++) {
		struct frame_spec s;
		struct frame_vars v;

		case_spec(&frame_cases[i], &s, &v);
		CU_ASSERT_EQUAL(frame_l2_len(&s), frame_cases[i].vlan >= 0 ?
				18u : 14u);
		CU_ASSERT_EQUAL(frame_l3_hlen(&s), frame_cases[i].family ==
				AF_INET6 ? 40u : 20u);
		CU_ASSERT_EQUAL(frame_hdr_len(&s), hdr_of(&frame_cases[i]));
	}
}

static void test_udp_zero_as_ffff(void)
{
	/* The golden cases CP_ZERO_CSUM are built so the computed checksum
	 * is zero; what goes out must be 0xffff, and it must verify. */
	int seen = 0;

	for (size_t i = 0; i < N_FRAME_CASES; i++) {
		const struct frame_case *c = &frame_cases[i];
		static uint8_t buf[10000];
		struct check_result r;
		size_t h = hdr_of(c);

		if (c->pay != CP_ZERO_CSUM)
			continue;
		seen++;
		case_build(i, buf);
		CU_ASSERT_EQUAL(buf[h - 2], 0xff);
		CU_ASSERT_EQUAL(buf[h - 1], 0xff);
		CU_ASSERT_TRUE(check_frame(buf, c->len, &r));
		CU_ASSERT_TRUE(r.csum_ok);
		/* Sent as 0, an IPv4 checksum would mean "none"; an IPv6
		 * receiver must drop it (RFC 8200 8.1), though 0 and 0xffff
		 * are the same number in one's complement: check_l3 has to
		 * look at the field, not only at the sum. */
		buf[h - 2] = buf[h - 1] = 0;
		CU_ASSERT_TRUE(check_frame(buf, c->len, &r));
		CU_ASSERT_EQUAL(r.csum_ok, c->family == AF_INET);
	}
	CU_ASSERT_EQUAL(seen, 4);
}

static void test_payload_sum_given(void)
{
	/* frame_write with the payload's sum given must produce the same
	 * bytes as with FRAME_SUM_READ, for odd and even payloads. */
	static uint8_t a[2000], b[2000];
	uint64_t rs = 99;

	for (size_t i = 0; i < N_FRAME_CASES; i++) {
		const struct frame_case *c = &frame_cases[i];
		struct frame_spec s;
		struct frame_vars v;
		size_t h = hdr_of(c);

		if (c->len > sizeof(a))
			continue;
		case_spec(c, &s, &v);
		for (int t = 0; t < 20; t++) {
			memset(a, 0, sizeof(a));
			for (size_t k = h; k < c->len; k++)
				a[k] = (uint8_t)unit_rand(&rs);
			memcpy(b, a, sizeof(a));
			frame_write(&s, &v, a, FRAME_SUM_READ);
			frame_write(&s, &v, b,
				    frame_csum_add(0, b + h, c->len - h));
			CU_ASSERT_EQUAL(memcmp(a, b, c->len), 0);
		}
	}
}

/* ---- golden frames: tshark's decoding of case_build() output ---- */

#define MAX_COLS 64

struct tsv {
	int ncols;
	char *names[MAX_COLS];
	char *vals[MAX_COLS];
};

static int split_tabs(char *line, char **out)
{
	int n = 0;

	line[strcspn(line, "\r\n")] = '\0';
	for (;;) {
		char *tab = strchr(line, '\t');

		if (n == MAX_COLS)
			return -1;
		out[n++] = line;
		if (!tab)
			return n;
		*tab = '\0';
		line = tab + 1;
	}
}

static const char *col(const struct tsv *t, const char *name)
{
	for (int i = 0; i < t->ncols; i++)
		if (!strcmp(t->names[i], name))
			return t->vals[i];
	CU_FAIL("golden file lacks a column");
	fprintf(stderr, "golden: no column '%s'\n", name);
	return "";
}

static long num(const char *s)
{
	char *end;
	long v;

	if (!*s)
		return -1;	/* tshark printed nothing: field absent */
	v = strtol(s, &end, 0);
	return *end ? -2 : v;
}

static int ipeq(int family, const char *s, const char *want)
{
	uint8_t a[16], b[16];

	return inet_pton(family, s, a) == 1 && inet_pton(family, want, b) == 1 &&
	       !memcmp(a, b, family == AF_INET6 ? 16 : 4);
}

/* Compare one frame and tshark's fields for it with what the case asked
 * for.  Every expected value comes from the case table, not from our
 * bytes, so tshark is the oracle. */
static void golden_row(const struct tsv *t, size_t i)
{
	const struct frame_case *c = &frame_cases[i];
	static uint8_t want[10000], got[10000];
	bool v6 = c->family == AF_INET6;
	size_t l2 = c->vlan >= 0 ? 18 : 14, l3h = v6 ? 40 : 20;
	long n, ck;
	struct check_result r;

	CU_ASSERT_STRING_EQUAL(col(t, "case"), c->name);
	n = unit_unhex(col(t, "hex"), want, sizeof(want));
	CU_ASSERT_EQUAL(n, (long)c->len);
	case_build(i, got);
	CU_ASSERT(n == (long)c->len && !memcmp(want, got, c->len));
	if (n == (long)c->len && memcmp(want, got, c->len)) {
		for (size_t k = 0; k < c->len; k++)
			if (want[k] != got[k]) {
				fprintf(stderr, "golden %s: byte %zu is %02x, "
					"tshark saw %02x\n", c->name, k,
					got[k], want[k]);
				break;
			}
	}
	CU_ASSERT_EQUAL(num(col(t, "frame.len")), (long)c->len);
	CU_ASSERT_STRING_EQUAL(col(t, "eth.dst"), c->dst_mac);
	CU_ASSERT_STRING_EQUAL(col(t, "eth.src"), CASE_SRC_MAC);
	if (c->vlan >= 0) {
		CU_ASSERT_EQUAL(num(col(t, "eth.type")), 0x8100);
		CU_ASSERT_EQUAL(num(col(t, "vlan.id")), c->vlan);
		CU_ASSERT_EQUAL(num(col(t, "vlan.priority")), c->prio);
		CU_ASSERT_EQUAL(num(col(t, "vlan.dei")), 0);
		CU_ASSERT_EQUAL(num(col(t, "vlan.etype")), v6 ? 0x86dd : 0x0800);
	} else {
		CU_ASSERT_EQUAL(num(col(t, "eth.type")), v6 ? 0x86dd : 0x0800);
		CU_ASSERT_EQUAL(num(col(t, "vlan.id")), -1);
	}
	if (!v6) {
		CU_ASSERT_EQUAL(num(col(t, "ip.version")), 4);
		CU_ASSERT_EQUAL(num(col(t, "ip.hdr_len")), 20);
		CU_ASSERT_EQUAL(num(col(t, "ip.dsfield")), c->tos);
		CU_ASSERT_EQUAL(num(col(t, "ip.len")), (long)(c->len - l2));
		CU_ASSERT_EQUAL(num(col(t, "ip.id")), c->ip_id);
		CU_ASSERT_EQUAL(num(col(t, "ip.flags.df")), c->df);
		CU_ASSERT_EQUAL(num(col(t, "ip.flags.mf")), 0);
		CU_ASSERT_EQUAL(num(col(t, "ip.frag_offset")), 0);
		CU_ASSERT_EQUAL(num(col(t, "ip.ttl")), c->ttl);
		CU_ASSERT_EQUAL(num(col(t, "ip.proto")), 17);
		CU_ASSERT_EQUAL(num(col(t, "ip.checksum.status")), 1);
		CU_ASSERT(ipeq(AF_INET, col(t, "ip.src"), c->src));
		CU_ASSERT(ipeq(AF_INET, col(t, "ip.dst"), c->dst));
		CU_ASSERT_EQUAL(num(col(t, "ipv6.version")), -1);
	} else {
		CU_ASSERT_EQUAL(num(col(t, "ipv6.version")), 6);
		CU_ASSERT_EQUAL(num(col(t, "ipv6.tclass")), c->tos);
		CU_ASSERT_EQUAL(num(col(t, "ipv6.flow")), 0);
		CU_ASSERT_EQUAL(num(col(t, "ipv6.plen")),
				(long)(c->len - l2 - 40));
		CU_ASSERT_EQUAL(num(col(t, "ipv6.nxt")), 17);
		CU_ASSERT_EQUAL(num(col(t, "ipv6.hlim")), c->ttl);
		CU_ASSERT(ipeq(AF_INET6, col(t, "ipv6.src"), c->src));
		CU_ASSERT(ipeq(AF_INET6, col(t, "ipv6.dst"), c->dst));
		/* tshark files the IPv6 version under ip.version too, but
		 * no IPv4 header was found. */
		CU_ASSERT_EQUAL(num(col(t, "ip.version")), 6);
		CU_ASSERT_STRING_EQUAL(col(t, "ip.src"), "");
		CU_ASSERT_STRING_EQUAL(col(t, "ip.checksum.status"), "");
	}
	CU_ASSERT_EQUAL(num(col(t, "udp.srcport")), c->sport);
	CU_ASSERT_EQUAL(num(col(t, "udp.dstport")), c->dport);
	CU_ASSERT_EQUAL(num(col(t, "udp.length")), (long)(c->len - l2 - l3h));
	CU_ASSERT_EQUAL(num(col(t, "udp.checksum.status")), 1);
	ck = num(col(t, "udp.checksum"));
	CU_ASSERT(ck > 0);	/* never 0: always computed */
	if (c->pay == CP_ZERO_CSUM)
		CU_ASSERT_EQUAL(ck, 0xffff);
	CU_ASSERT_STRING_EQUAL(col(t, "_ws.malformed"), "");
	/* Expert infos: a note (TTL 1) is fine; a warning (0x600000) or
	 * an error (0x800000, e.g. a bad checksum) is not. */
	{
		const char *sev = col(t, "_ws.expert.severity");

		while (*sev) {
			char *end;
			unsigned long v = strtoul(sev, &end, 0);

			CU_ASSERT(end != sev && v < 0x600000);
			if (end == sev)
				break;
			sev = *end == ',' ? end + 1 : end;
		}
	}
	/* Our decoder must agree with tshark's verdicts on these bytes. */
	CU_ASSERT_TRUE(check_frame(want, c->len, &r));
	CU_ASSERT_TRUE(r.udp);
	CU_ASSERT_TRUE(r.csum_ok);
	CU_ASSERT_TRUE(r.ip_csum_ok);
	CU_ASSERT_EQUAL(r.family, c->family);
	CU_ASSERT_EQUAL(r.vlan_id, c->vlan);
	CU_ASSERT_EQUAL(r.sport, c->sport);
	CU_ASSERT_EQUAL(r.dport, c->dport);
	CU_ASSERT_EQUAL(r.payload_len, c->len - hdr_of(c));
	if (c->pay == CP_STAMP) {
		CU_ASSERT_TRUE(r.has_stamp);
		CU_ASSERT_EQUAL(r.stamp.stream, 7);
		CU_ASSERT_EQUAL(r.stamp.seq, i);
		CU_ASSERT_EQUAL(r.stamp.ts_ns, r.payload_len >= FRAME_STAMP_LEN ?
				CASE_STAMP_TS : 0);
		CU_ASSERT_TRUE(r.pattern_ok);
	}
	if (c->pay == CP_INC || c->pay == CP_ZEROS)
		CU_ASSERT_EQUAL(r.pattern_ok, c->pay == CP_INC ||
				r.payload_len <= 1);
}

static void test_golden(void)
{
	FILE *f;
	char *line = NULL;
	size_t cap = 0, rows = 0;
	struct tsv t = { 0 };
	char *header = NULL;

	CU_ASSERT_PTR_NOT_NULL_FATAL(golden_path);
	f = fopen(golden_path, "r");
	if (!f)
		fprintf(stderr, "cannot open %s: %s\n", golden_path,
			strerror(errno));
	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	while (getline(&line, &cap, f) > 0) {
		char *vals[MAX_COLS];
		int n;

		if (line[0] == '#' || line[0] == '\n')
			continue;
		if (!header) {
			header = strdup(line);
			t.ncols = split_tabs(header, t.names);
			CU_ASSERT_FATAL(t.ncols > 2);
			continue;
		}
		n = split_tabs(line, vals);
		CU_ASSERT_EQUAL(n, t.ncols);
		if (n != t.ncols)
			continue;
		memcpy(t.vals, vals, sizeof(vals[0]) * (size_t)n);
		CU_ASSERT_FATAL(rows < N_FRAME_CASES);
		golden_row(&t, rows);
		rows++;
	}
	/* Every case is in the golden file, in order. */
	CU_ASSERT_EQUAL(rows, N_FRAME_CASES);
	free(line);
	free(header);
	fclose(f);
}

/* ---- stamps ---- */

static void test_stamp(void)
{
	uint8_t p[32];
	struct frame_stamp st;
	static const uint8_t want[24] = {
		'P', 'Z', 'C', '1', 0xde, 0xad, 0xbe, 0xef,
		0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef,
		0xfe, 0xdc, 0xba, 0x98, 0x76, 0x54, 0x32, 0x10 };

	memset(p, 0xaa, sizeof(p));
	frame_stamp_write(p, 0xdeadbeef, 0x0123456789abcdefull,
			  0xfedcba9876543210ull);
	/* Big-endian layout, nothing written past 24 bytes. */
	CU_ASSERT_EQUAL(memcmp(p, want, 24), 0);
	CU_ASSERT_EQUAL(p[24], 0xaa);
	CU_ASSERT_TRUE(frame_stamp_read(p, 24, &st));
	CU_ASSERT_EQUAL(st.magic, FRAME_STAMP_MAGIC);
	CU_ASSERT_EQUAL(st.stream, 0xdeadbeef);
	CU_ASSERT_EQUAL(st.seq, 0x0123456789abcdefull);
	CU_ASSERT_EQUAL(st.ts_ns, 0xfedcba9876543210ull);
	/* Short stamps: 16..23 bytes give seq without the time. */
	for (size_t len = 16; len < 24; len++) {
		memset(&st, 0x55, sizeof(st));
		CU_ASSERT_TRUE(frame_stamp_read(p, len, &st));
		CU_ASSERT_EQUAL(st.seq, 0x0123456789abcdefull);
		CU_ASSERT_EQUAL(st.stream, 0xdeadbeef);
		CU_ASSERT_EQUAL(st.ts_ns, 0);
	}
	for (size_t len = 0; len < 16; len++)
		CU_ASSERT_FALSE(frame_stamp_read(p, len, &st));
	p[3] ^= 1;
	CU_ASSERT_FALSE(frame_stamp_read(p, 24, &st));
	/* Extremes survive the round trip. */
	frame_stamp_write(p, 0, 0, 0);
	CU_ASSERT_TRUE(frame_stamp_read(p, 24, &st));
	CU_ASSERT(st.seq == 0 && st.ts_ns == 0 && st.stream == 0);
	frame_stamp_write(p, UINT32_MAX, UINT64_MAX, UINT64_MAX);
	CU_ASSERT_TRUE(frame_stamp_read(p, 24, &st));
	CU_ASSERT(st.seq == UINT64_MAX && st.ts_ns == UINT64_MAX &&
		  st.stream == UINT32_MAX);
	/* The inc pattern. */
	frame_pattern_inc(p, 250, 10);
	for (int k = 0; k < 10; k++)
		CU_ASSERT_EQUAL(p[k], (uint8_t)(250 + k));
}

/* ---- check_frame / check_l3 ---- */

static size_t case_index(const char *name)
{
	for (size_t i = 0; i < N_FRAME_CASES; i++)
		if (!strcmp(frame_cases[i].name, name))
			return i;
	CU_FAIL_FATAL("no such case");
	return 0;
}

static void test_check_frame(void)
{
	static uint8_t f[10000];
	struct check_result r;
	size_t i;
	const struct frame_case *c;

	/* IPv4 with stamp: every corruption is noticed by the right
	 * check. */
	i = case_index("v4-1514-ttl255-idffff");
	c = &frame_cases[i];
	case_build(i, f);
	CU_ASSERT_TRUE(check_frame(f, c->len, &r));
	CU_ASSERT(r.csum_ok && r.ip_csum_ok && r.has_stamp && r.pattern_ok);
	CU_ASSERT_EQUAL(r.payload, f + 42);
	f[1000] ^= 0x40;	/* payload after the stamp */
	CU_ASSERT_TRUE(check_frame(f, c->len, &r));
	CU_ASSERT_FALSE(r.csum_ok);
	CU_ASSERT_FALSE(r.pattern_ok);
	CU_ASSERT_TRUE(r.ip_csum_ok);
	case_build(i, f);
	f[14 + 8] ^= 1;		/* TTL: the IP header checksum breaks, and
				 * TTL is not in the UDP pseudo header */
	CU_ASSERT_TRUE(check_frame(f, c->len, &r));
	CU_ASSERT_FALSE(r.ip_csum_ok);
	CU_ASSERT_TRUE(r.csum_ok);
	case_build(i, f);
	f[14 + 16] ^= 1;	/* dst address: both checksums break */
	CU_ASSERT_TRUE(check_frame(f, c->len, &r));
	CU_ASSERT_FALSE(r.ip_csum_ok);
	CU_ASSERT_FALSE(r.csum_ok);
	case_build(i, f);
	f[42 + 15] ^= 1;	/* the stamp's seq, lowest byte */
	CU_ASSERT_TRUE(check_frame(f, c->len, &r));
	CU_ASSERT_FALSE(r.csum_ok);
	CU_ASSERT_TRUE(r.has_stamp);
	CU_ASSERT_EQUAL(r.stamp.seq, i ^ 1);
	case_build(i, f);
	/* IPv4 UDP with checksum 0 means "none": accepted. */
	f[40] = f[41] = 0;
	CU_ASSERT_TRUE(check_frame(f, c->len, &r));
	CU_ASSERT_TRUE(r.csum_ok);
	/* Truncated: the UDP length runs past the end. */
	case_build(i, f);
	CU_ASSERT_FALSE(check_frame(f, c->len - 1, &r));
	CU_ASSERT_FALSE(check_frame(f, 13, &r));
	CU_ASSERT_FALSE(check_frame(f, 14, &r));
	CU_ASSERT_FALSE(check_frame(f, 14 + 27, &r));
	/* Not UDP, not IP, a later fragment. */
	f[14 + 9] = 6;
	CU_ASSERT_FALSE(check_frame(f, c->len, &r));
	case_build(i, f);
	f[12] = 0x08;
	f[13] = 0x06;
	CU_ASSERT_FALSE(check_frame(f, c->len, &r));
	case_build(i, f);
	f[14 + 7] = 0x10;	/* fragment offset 16 */
	CU_ASSERT_FALSE(check_frame(f, c->len, &r));

	/* IPv6 behind a VLAN tag, short and odd. */
	i = case_index("v6-vlan42-odd-random");
	c = &frame_cases[i];
	case_build(i, f);
	CU_ASSERT_TRUE(check_frame(f, c->len, &r));
	CU_ASSERT(r.csum_ok && r.ip_csum_ok);
	CU_ASSERT_EQUAL(r.vlan_id, 42);
	CU_ASSERT_EQUAL(r.family, AF_INET6);
	f[c->len - 1] ^= 0x80;	/* the odd last byte counts too */
	CU_ASSERT_TRUE(check_frame(f, c->len, &r));
	CU_ASSERT_FALSE(r.csum_ok);
	case_build(i, f);
	f[18 + 6] = 58;		/* next header ICMPv6 */
	CU_ASSERT_FALSE(check_frame(f, c->len, &r));

	/* A short stamp (16 bytes) then the pattern. */
	i = case_index("v4-62-short-stamp");
	case_build(i, f);
	CU_ASSERT_TRUE(check_frame(f, 62, &r));
	CU_ASSERT(r.has_stamp && r.pattern_ok && r.payload_len == 20);
	CU_ASSERT_EQUAL(r.stamp.ts_ns, 0);
	CU_ASSERT_EQUAL(r.stamp.seq, i);
	/* Zeros are not the inc pattern (beyond byte 0). */
	i = case_index("v4-min-zeros");
	case_build(i, f);
	CU_ASSERT_TRUE(check_frame(f, 60, &r));
	CU_ASSERT_FALSE(r.has_stamp);
	CU_ASSERT_FALSE(r.pattern_ok);
}

static void test_check_l3(void)
{
	static uint8_t f[2000];
	struct check_result r;
	size_t i = case_index("v6-tc-hlim1-stamp");
	const struct frame_case *c = &frame_cases[i];

	case_build(i, f);
	memset(&r, 0, sizeof(r));
	CU_ASSERT_TRUE(check_l3(f + 14, c->len - 14, &r));
	CU_ASSERT(r.udp && r.csum_ok && r.has_stamp && r.pattern_ok);
	CU_ASSERT_EQUAL(r.sport, 1234);
	CU_ASSERT_EQUAL(r.dport, 4321);
	CU_ASSERT_FALSE(check_l3(f + 14, 47, &r));
	CU_ASSERT_FALSE(check_l3(f, 0, &r));
	f[14] = 0x50;		/* version 5 */
	CU_ASSERT_FALSE(check_l3(f + 14, c->len - 14, &r));

	i = case_index("v4-tos-ttl1-df-id");
	c = &frame_cases[i];
	case_build(i, f);
	memset(&r, 0, sizeof(r));
	CU_ASSERT_TRUE(check_l3(f + 14, c->len - 14, &r));
	CU_ASSERT(r.udp && r.csum_ok && r.ip_csum_ok && r.pattern_ok);
	CU_ASSERT_EQUAL(r.family, AF_INET);
	CU_ASSERT_EQUAL(r.payload_len, c->len - 42);
	/* DF set, offset 0: still a whole datagram. */
	CU_ASSERT_EQUAL(f[14 + 6], 0x40);
	f[14] = 0x44;		/* IHL 16 bytes: invalid */
	CU_ASSERT_FALSE(check_l3(f + 14, c->len - 14, &r));
}

/* ---- pcap output for make-golden.sh ---- */

static int write_pcap(const char *path)
{
	pcap_t *pd = pcap_open_dead(DLT_EN10MB, 65535);
	pcap_dumper_t *d;
	static uint8_t buf[10000];

	if (!pd)
		return 1;
	d = pcap_dump_open(pd, path);
	if (!d) {
		fprintf(stderr, "%s: %s\n", path, pcap_geterr(pd));
		return 1;
	}
	for (size_t i = 0; i < N_FRAME_CASES; i++) {
		struct pcap_pkthdr h = { 0 };

		case_build(i, buf);
		h.ts.tv_sec = (time_t)i;
		h.caplen = h.len = frame_cases[i].len;
		pcap_dump((u_char *)d, &h, buf);
	}
	pcap_dump_close(d);
	pcap_close(pd);
	/* The case names, in order, for the golden file. */
	for (size_t i = 0; i < N_FRAME_CASES; i++)
		printf("%s\n", frame_cases[i].name);
	return 0;
}

static const struct unit_test tests[] = {
	{ "RFC 1071 worked example 0001f203f4f5f6f7 -> ddf2", test_rfc1071_example },
	{ "odd lengths: last byte is a high byte", test_csum_odd },
	{ "3000 random buffers vs RFC 1071 reference", test_csum_vs_reference },
	{ "running sums split at even offsets", test_csum_split_even },
	{ "pseudo headers (IPv4, IPv6) by hand", test_csum_pseudo },
	{ "header lengths", test_lengths },
	{ "UDP checksum 0 sent as 0xffff", test_udp_zero_as_ffff },
	{ "payload sum given == payload read", test_payload_sum_given },
	{ "24 frames vs tshark's decoding (golden/frames.tsv)", test_golden },
	{ "stamp write/read", test_stamp },
	{ "check_frame: good frames pass, corruptions fail", test_check_frame },
	{ "check_l3", test_check_l3 },
	{ NULL, NULL },
};

int main(int argc, char **argv)
{
	if (argc == 3 && !strcmp(argv[1], "--write-pcap"))
		return write_pcap(argv[2]);
	if (argc != 2) {
		fprintf(stderr, "usage: %s GOLDEN.tsv | --write-pcap FILE\n",
			argv[0]);
		return 2;
	}
	golden_path = argv[1];
	return unit_run("frame", tests);
}
