// SPDX-License-Identifier: GPL-2.0-only
/*
 * test_recv: the recv core without a socket (recv_init + recv_frame):
 * the duplicate window across its wrap and past it, run ids, filters,
 * checksums and payload, latency and its histogram, the flow table at
 * its limit.  Frames are built with frame.c, the stamp written by hand.
 */
#include <arpa/inet.h>
#include <linux/if_packet.h>
#include <sys/socket.h>

#include "../unit/unit.h"
#include "cli.h"
#include "frame.h"
#include "recv.h"

#define LEN 100
#define NOW 1700000000000000000ull

static struct config cfg;
static struct recv r;

static void build(uint8_t *f, uint32_t run, uint64_t seq, uint64_t ts,
		  uint16_t sport, uint16_t dport, uint32_t src)
{
	struct frame_spec s = { .vlan_id = -1, .family = AF_INET, .ttl = 64 };
	struct frame_vars v = { .sport = sport, .dport = dport, .len = LEN };
	size_t hdr = frame_hdr_len(&s);

	src = htonl(src);
	memcpy(v.src_ip, &src, 4);
	inet_pton(AF_INET, "198.18.0.2", v.dst_ip);
	for (size_t j = 0; j < LEN - hdr; j++)
		f[hdr + j] = (uint8_t)j;
	frame_stamp_write(f + hdr, run, seq, ts);
	frame_write(&s, &v, f, FRAME_SUM_READ);
}

static int feed(uint32_t run, uint64_t seq)
{
	uint8_t f[LEN];

	build(f, run, seq, NOW, 1000, 9000, 0xc6120001);
	return recv_frame(&r, f, LEN, LEN, 0, NOW + 1000);
}

static void fresh(void)
{
	char *argv[] = { "pktgen-zc", "recv", "--dev", "lo", "--dst-port",
			 "9000", "--run-id", "7", NULL };

	CU_ASSERT_EQUAL_FATAL(cli_parse(&cfg, 8, argv), 0);
	recv_close(&r);
	CU_ASSERT_EQUAL_FATAL(recv_init(&r, &cfg), 0);
}

static void test_window(void)
{
	const uint64_t W = RECV_WINDOW;

	fresh();
	for (uint64_t s = 0; s < 10; s++)
		CU_ASSERT_EQUAL(feed(7, s), 1);
	CU_ASSERT_EQUAL(r.tot.unique, 10);
	feed(7, 5);			/* a duplicate */
	CU_ASSERT_EQUAL(r.tot.dups, 1);
	/* 1000 + W: its bit aliases 1000's, which was never set, and the
	 * jump clears the window; 1000 itself is then too old to tell. */
	feed(7, 1000);
	feed(7, 1000 + W);
	CU_ASSERT_EQUAL(r.tot.dups, 1);
	CU_ASSERT_EQUAL(r.tot.unique, 12);
	feed(7, 1000);
	CU_ASSERT_EQUAL(r.tot.stale, 1);
	CU_ASSERT_EQUAL(r.tot.dups, 1);
	CU_ASSERT_EQUAL(r.tot.reordered, 1);
	CU_ASSERT_EQUAL(r.tot.disp_max, W);
	/* 5 + W shares its bit with 5, received before the jump: the jump
	 * must have cleared it, so this is new (and late), no duplicate. */
	feed(7, 5 + W);
	CU_ASSERT_EQUAL(r.tot.dups, 1);
	CU_ASSERT_EQUAL(r.tot.reordered, 2);
	CU_ASSERT_EQUAL(r.tot.unique, 14);
	/* Within the window, late and then again. */
	feed(7, 990 + W);
	CU_ASSERT_EQUAL(r.tot.reordered, 3);
	feed(7, 990 + W);
	CU_ASSERT_EQUAL(r.tot.dups, 2);
	/* Across the wrap of the bit array (W + W/2 numbers on): each new
	 * once, each again a duplicate, nothing stale. */
	for (uint64_t s = 2 * W - 70; s < 2 * W + 70; s++)
		feed(7, s);
	for (uint64_t s = 2 * W - 70; s < 2 * W + 70; s++)
		feed(7, s);
	CU_ASSERT_EQUAL(r.tot.dups, 2 + 140);
	CU_ASSERT_EQUAL(r.tot.stale, 1);
	CU_ASSERT_EQUAL(r.tot.hi, 2 * W + 70);
	/* 990 + W is within W of the top now: still known as received. */
	feed(7, 990 + W);
	CU_ASSERT_EQUAL(r.tot.dups, 143);
	CU_ASSERT_EQUAL(recv_lost(&r.tot, 0),
			2 * W + 70 - r.tot.unique);
	CU_ASSERT_EQUAL(recv_lost(&r.tot, 3 * W), 3 * W - r.tot.unique);
}

static void test_selection(void)
{
	uint8_t f[LEN];

	fresh();
	CU_ASSERT_EQUAL(feed(8, 0), 0);
	CU_ASSERT_EQUAL(r.other_run, 1);
	build(f, 7, 0, NOW, 1000, 9001, 0xc6120001);
	CU_ASSERT_EQUAL(recv_frame(&r, f, LEN, LEN, 0, NOW), 0);
	CU_ASSERT_EQUAL(r.filtered, 1);
	build(f, 7, 0, NOW, 1000, 9000, 0xc6120001);
	f[42] ^= 0xff;			/* the magic */
	CU_ASSERT_EQUAL(recv_frame(&r, f, LEN, LEN, 0, NOW), 0);
	CU_ASSERT_EQUAL(r.unstamped, 1);
	CU_ASSERT_EQUAL(recv_frame(&r, f, 20, LEN, 0, NOW), 0);
	CU_ASSERT_EQUAL(r.not_udp, 1);
	CU_ASSERT_EQUAL(r.tot.frames, 0);
	/* Without --run-id, the first stamped frame's run is taken. */
	recv_reset(&r, 0, true);
	CU_ASSERT_EQUAL(feed(9, 0), 1);
	CU_ASSERT_EQUAL(feed(7, 1), 0);
	CU_ASSERT_EQUAL(r.run_id, 9);
}

static void test_checks(void)
{
	uint8_t f[LEN];

	fresh();
	build(f, 7, 0, NOW, 1000, 9000, 0xc6120001);
	f[14 + 10] ^= 1;		/* IPv4 header checksum */
	recv_frame(&r, f, LEN, LEN, 0, NOW);
	build(f, 7, 1, NOW, 1000, 9000, 0xc6120001);
	f[14 + 20 + 6] ^= 1;		/* UDP checksum */
	recv_frame(&r, f, LEN, LEN, 0, NOW);
	/* A partial checksum is not verifiable, not bad. */
	recv_frame(&r, f, LEN, LEN, TP_STATUS_CSUMNOTREADY, NOW);
	build(f, 7, 2, NOW, 1000, 9000, 0xc6120001);
	f[LEN - 1] ^= 1;		/* the pattern (and so the UDP sum) */
	recv_frame(&r, f, LEN, LEN, TP_STATUS_CSUMNOTREADY, NOW);
	CU_ASSERT_EQUAL(r.tot.frames, 4);
	CU_ASSERT_EQUAL(r.tot.bad_ip_csum, 1);
	CU_ASSERT_EQUAL(r.tot.bad_udp_csum, 1);
	CU_ASSERT_EQUAL(r.tot.udp_csum_unverified, 2);
	CU_ASSERT_EQUAL(r.tot.bad_payload, 1);
	CU_ASSERT_EQUAL(r.tot.dups, 1);
	/* A tag the kernel took off counts in the bytes. */
	build(f, 7, 3, NOW, 1000, 9000, 0xc6120001);
	recv_frame(&r, f, LEN, LEN, TP_STATUS_VLAN_VALID, NOW);
	CU_ASSERT_EQUAL(r.tot.bytes, 4 * LEN + LEN + 4);
}

static void test_latency(void)
{
	uint8_t f[LEN];

	fresh();
	build(f, 7, 0, NOW, 1000, 9000, 0xc6120001);
	recv_frame(&r, f, LEN, LEN, 0, NOW + 5000);
	build(f, 7, 1, NOW, 1000, 9000, 0xc6120001);
	recv_frame(&r, f, LEN, LEN, 0, NOW - 300);	/* clocks differ */
	build(f, 7, 2, 0, 1000, 9000, 0xc6120001);	/* no send time */
	recv_frame(&r, f, LEN, LEN, 0, NOW);
	CU_ASSERT_EQUAL(r.tot.lat_n, 2);
	CU_ASSERT_EQUAL(r.tot.lat_neg, 1);
	CU_ASSERT_EQUAL(r.tot.lat_min, -300);
	CU_ASSERT_EQUAL(r.tot.lat_max, 5000);
	CU_ASSERT_EQUAL(r.tot.lat_sum, 4700);
	/* Buckets: exact below 16, within 1/16 above, monotone. */
	for (uint64_t v = 0; v < 16; v++)
		CU_ASSERT_EQUAL(recv_lat_value(recv_lat_bucket(v)), (double)v);
	for (uint64_t v = 16, last = 0; v < (1ull << 39); v = v * 9 / 8 + 1) {
		uint32_t b = recv_lat_bucket(v);
		double m = recv_lat_value(b);

		CU_ASSERT(b >= last);
		CU_ASSERT(m > v * (1 - 1.0 / 16) && m < v * (1 + 1.0 / 16));
		last = b;
	}
	CU_ASSERT(recv_lat_bucket(UINT64_MAX) == RECV_HBUCKETS - 1);
}

static void test_flows(void)
{
	uint8_t f[LEN];

	fresh();
	for (uint32_t i = 0; i <= RECV_MAX_FLOWS; i++) {
		build(f, 7, i, NOW, 1000, 9000, 0xc6120001 + i);
		recv_frame(&r, f, LEN, LEN, 0, NOW);
	}
	CU_ASSERT_EQUAL(r.nflows, RECV_MAX_FLOWS);
	CU_ASSERT_EQUAL(r.flows_untracked, 1);
	/* Each flow found again, not made twice. */
	for (uint32_t i = 0; i < RECV_MAX_FLOWS; i++) {
		build(f, 7, RECV_MAX_FLOWS + 1 + i, NOW, 1000, 9000,
		      0xc6120001 + i);
		recv_frame(&r, f, LEN, LEN, 0, NOW);
	}
	CU_ASSERT_EQUAL(r.nflows, RECV_MAX_FLOWS);
	CU_ASSERT_EQUAL(r.flows[5].c.frames, 2);
	CU_ASSERT_EQUAL(r.flows[5].stride, RECV_MAX_FLOWS + 1);
	CU_ASSERT_EQUAL(r.tot.unique, 2 * RECV_MAX_FLOWS + 1);
	recv_close(&r);
}

int main(void)
{
	static const struct unit_test tests[] = {
		{ "duplicate window: wrap, jump, too old", test_window },
		{ "run id, filters, unstamped, short", test_selection },
		{ "checksums, partial checksums, payload, VLAN bytes",
		  test_checks },
		{ "latency: negative, missing, histogram buckets",
		  test_latency },
		{ "flow table: the limit, lookups", test_flows },
		{ NULL, NULL },
	};

	memset(&r, 0, sizeof(r));
	r.fd = -1;
	return unit_run("recv", tests);
}
