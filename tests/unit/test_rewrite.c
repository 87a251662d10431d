// SPDX-License-Identifier: GPL-2.0-only
/*
 * test_rewrite: the replay rewrites (rewrite.c).  rw_csum_update() on
 * the RFC 1624 example (eqn. 3 gives 0x0000 where the older eqn. 2 gave
 * 0xFFFF) and on random 16-bit words against a full recomputation
 * (RFC 1071); rw_apply() on random IPv4/IPv6 UDP/TCP packets: after any
 * address map and port change, the IPv4 header and L4 checksums must
 * verify from scratch, an IPv4 UDP datagram without a checksum keeps
 * none, and a UDP checksum that computes to 0 goes out as 0xFFFF.
 * Packets the rules must not touch (later fragments, a bad IHL, too
 * short to hold the ports) keep their ports.
 */
#include <netinet/in.h>
#include <stdint.h>
#include <string.h>
#include <sys/socket.h>

#include "frame.h"
#include "rewrite.h"
#include "unit.h"

static uint64_t rng = 0x9e3779b97f4a7c15ull;

static uint32_t rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (uint32_t)(rng >> 16);
}

static uint16_t get16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static void test_rfc1624_example(void)
{
	uint8_t ck[2] = { 0xdd, 0x2f };
	const uint8_t m[2] = { 0x55, 0x55 }, m2[2] = { 0x32, 0x85 };

	rw_csum_update(ck, m, m2, 2);
	CU_ASSERT_EQUAL(get16(ck), 0x0000);
}

static void test_incremental_equals_full(void)
{
	for (int n = 0; n < 2000; n++) {
		uint8_t buf[40], ck[2];
		size_t len = 2 + 2 * (rnd() % 19), at = 2 * (rnd() % (len / 2));
		uint8_t old[4], new[4];

		for (size_t i = 0; i < len; i++)
			buf[i] = (uint8_t)rnd();
		put16(ck, frame_csum_fold(frame_csum_add(0, buf, len)));
		memcpy(old, buf + at, 2);
		put16(new, (uint16_t)rnd());
		memcpy(buf + at, new, 2);
		rw_csum_update(ck, old, new, 2);
		/* The data with its checksum sums to 0xffff (verifies). */
		CU_ASSERT_EQUAL(frame_csum_fold(frame_csum_add(
			frame_csum_add(0, buf, len), ck, 2)), 0);
	}
}

/* An IPv4 or IPv6 packet with a UDP or TCP header, checksums valid. */
static size_t build(uint8_t *p, bool v6, bool udp, size_t pay, bool no_ck)
{
	size_t hl = v6 ? 40 : 20, l4 = (udp ? 8 : 20) + pay;
	uint8_t *t = p + hl;
	uint32_t sum;

	memset(p, 0, hl + l4);
	if (v6) {
		p[0] = 0x60;
		put16(p + 4, (uint16_t)l4);
		p[6] = udp ? IPPROTO_UDP : IPPROTO_TCP;
		p[7] = 64;
		for (int i = 8; i < 40; i++)
			p[i] = (uint8_t)rnd();
	} else {
		p[0] = 0x45;
		put16(p + 2, (uint16_t)(hl + l4));
		p[8] = 64;
		p[9] = udp ? IPPROTO_UDP : IPPROTO_TCP;
		for (int i = 12; i < 20; i++)
			p[i] = (uint8_t)rnd();
		put16(p + 10, frame_csum_fold(frame_csum_add(0, p, 20)));
	}
	put16(t, (uint16_t)rnd());
	put16(t + 2, (uint16_t)rnd());
	if (udp)
		put16(t + 4, (uint16_t)l4);
	else
		t[12] = 5 << 4;
	for (size_t i = udp ? 8 : 20; i < l4; i++)
		t[i] = (uint8_t)rnd();
	if (no_ck)
		return hl + l4;
	sum = frame_csum_pseudo(v6 ? AF_INET6 : AF_INET, p + (v6 ? 8 : 12),
				p + (v6 ? 24 : 16), p[v6 ? 6 : 9],
				(uint32_t)l4);
	sum = frame_csum_add(sum, t, l4);
	put16(t + (udp ? 6 : 16), frame_csum_fold(sum) ? frame_csum_fold(sum)
		: (udp ? 0xffff : 0));
	return hl + l4;
}

/* 0: both checksums verify; 1: the IPv4 header's does not; 2: L4's. */
static int verify(const uint8_t *p, bool v6, size_t len)
{
	size_t hl = v6 ? 40 : 20;
	uint32_t sum;

	if (!v6 && frame_csum_fold(frame_csum_add(0, p, 20)))
		return 1;
	sum = frame_csum_pseudo(v6 ? AF_INET6 : AF_INET, p + (v6 ? 8 : 12),
				p + (v6 ? 24 : 16), p[v6 ? 6 : 9],
				(uint32_t)(len - hl));
	sum = frame_csum_add(sum, p + hl, len - hl);
	return frame_csum_fold(sum) ? 2 : 0;
}

static void random_map(struct ip_map *m, const uint8_t *addr, bool v6)
{
	size_t alen = v6 ? 16 : 4;

	memset(m, 0, sizeof(*m));
	m->family = v6 ? AF_INET6 : AF_INET;
	m->prefix = (int)(rnd() % (alen * 8 + 1));
	memcpy(m->from, addr, alen);	/* so that it matches */
	for (size_t i = 0; i < alen; i++)
		m->to[i] = (uint8_t)rnd();
}

static void test_random_packets(void)
{
	unsigned bad = 0, zero_kept = 0, zero_seen = 0;

	for (int n = 0; n < 20000; n++) {
		bool v6 = rnd() & 1, udp = rnd() & 1;
		bool no_ck = udp && !v6 && !(rnd() % 8);
		uint8_t p[1600], orig[1600];
		size_t len = build(p, v6, udp, rnd() % 200, no_ck);
		struct ip_map maps[2];
		struct rw_rules r = {
			.maps = maps, .nmaps = (int)(rnd() % 3),
			.sport = rnd() % 3 ? -1 : (int)(rnd() & 0xffff),
			.dport = rnd() % 3 ? -1 : (int)(rnd() & 0xffff),
		};
		size_t hl = v6 ? 40 : 20;
		uint16_t ck;

		random_map(&maps[0], p + (v6 ? 8 : 12), v6);
		random_map(&maps[1], p + (v6 ? 24 : 16), v6);
		memcpy(orig, p, len);
		rw_apply(&r, p, len);
		ck = get16(p + hl + (udp ? 6 : 16));
		if (no_ck) {
			zero_seen++;
			zero_kept += ck == 0;
			if (!v6 && frame_csum_fold(frame_csum_add(0, p, 20)))
				bad++;
			continue;
		}
		if (verify(p, v6, len) || (udp && ck == 0))
			bad++;
		if (r.sport >= 0 && get16(p + hl) != r.sport)
			bad++;
		if (r.dport >= 0 && get16(p + hl + 2) != r.dport)
			bad++;
		/* The payload is never touched. */
		if (memcmp(p + hl + (udp ? 8 : 20), orig + hl + (udp ? 8 : 20),
			   len - hl - (udp ? 8 : 20)))
			bad++;
	}
	CU_ASSERT_EQUAL(bad, 0);
	CU_ASSERT_EQUAL(zero_kept, zero_seen);
	CU_ASSERT(zero_seen > 100);
}

/* A UDP checksum whose update comes out 0 must go out as 0xffff. */
static void test_udp_zero_becomes_ffff(void)
{
	unsigned found = 0;

	for (int n = 0; n < 200000 && found < 5; n++) {
		uint8_t p[64];
		size_t len = build(p, false, true, 8, false);
		struct rw_rules r = { .maps = NULL, .nmaps = 0, .sport = -1 };
		uint16_t ck = get16(p + 26), dport = get16(p + 22);
		/* The new port that makes the sum come out 0: with HC' =
		 * ~(~HC + ~m + m'), choose m' = HC + m (1's complement). */
		uint32_t want = (uint32_t)ck + dport;

		want = (want & 0xffff) + (want >> 16);
		if (want == 0xffff)
			continue;
		r.dport = (int)want;
		rw_apply(&r, p, len);
		CU_ASSERT_EQUAL(get16(p + 26), 0xffff);
		CU_ASSERT_EQUAL(verify(p, false, len), 0);
		found++;
	}
	CU_ASSERT_EQUAL(found, 5);
}

static void test_left_alone(void)
{
	uint8_t p[128], orig[128];
	struct rw_rules r = { .maps = NULL, .nmaps = 0, .sport = 1,
			      .dport = 2 };
	size_t len;

	/* A later fragment: what follows the header is not a UDP header. */
	len = build(p, false, true, 16, false);
	put16(p + 6, 0x0010);	/* fragment offset 16 */
	memcpy(orig, p, len);
	rw_apply(&r, p, len);
	CU_ASSERT_EQUAL(memcmp(p, orig, len), 0);

	/* IHL 4: no packet has one; the ports would be in the header. */
	len = build(p, false, true, 16, false);
	p[0] = 0x44;
	memcpy(orig, p, len);
	rw_apply(&r, p, len);
	CU_ASSERT_EQUAL(memcmp(p, orig, len), 0);

	/* Too short to hold the ports (the capture cut it). */
	len = build(p, false, false, 0, false);
	memcpy(orig, p, len);
	rw_apply(&r, p, 20 + 17);
	CU_ASSERT_EQUAL(memcmp(p, orig, len), 0);
	len = build(p, true, true, 0, false);
	memcpy(orig, p, len);
	rw_apply(&r, p, 39);
	CU_ASSERT_EQUAL(memcmp(p, orig, len), 0);
}

int main(void)
{
	static const struct unit_test tests[] = {
		{ "RFC 1624 example: eqn. 3 gives 0x0000",
		  test_rfc1624_example },
		{ "incremental update equals a full sum",
		  test_incremental_equals_full },
		{ "random packets: checksums verify after rewrites",
		  test_random_packets },
		{ "a UDP checksum of 0 goes out as 0xffff",
		  test_udp_zero_becomes_ffff },
		{ "fragments, bad IHL, short packets left alone",
		  test_left_alone },
		{ NULL, NULL },
	};

	return unit_run("rewrite", tests);
}
