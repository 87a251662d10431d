// SPDX-License-Identifier: GPL-2.0-only
/*
 * test-gso: the --gso frame builders against the plain one.  Each
 * segment frame_gso_segment() cuts from a super-frame must be exactly the
 * datagram frame_write() builds on its own from the same payload slice,
 * id and addresses (it sums the whole datagram itself); and the partial
 * checksum frame_write_gso() leaves must complete, the way the kernel
 * completes a CHECKSUM_PARTIAL skb (the sum from csum_start on, folded),
 * to the checksum of the whole datagram.
 */
#include <arpa/inet.h>
#include <sys/socket.h>

#include "frame.h"
#include "unit.h"

#define MAXF (FRAME_ETH_HLEN + FRAME_VLAN_HLEN + FRAME_IP6_HLEN + \
	      FRAME_UDP_HLEN + 65507)

static uint8_t super[MAXF], seg[MAXF], want[MAXF];

static void spec_of(struct frame_spec *s, int family, int vlan)
{
	static const uint8_t d[6] = { 2, 0, 0, 0, 0, 2 }, m[6] = { 2, 0, 0,
								   0, 0, 1 };

	memset(s, 0, sizeof(*s));
	memcpy(s->dst_mac, d, 6);
	memcpy(s->src_mac, m, 6);
	s->vlan_id = vlan;
	s->vlan_prio = 3;
	s->family = family;
	s->tos = 0x10;
	s->ttl = 61;
	s->df = family == AF_INET;
}

static void vars_of(struct frame_vars *v, int family, uint16_t id,
		    uint32_t len)
{
	memset(v, 0, sizeof(*v));
	if (family == AF_INET6) {
		inet_pton(AF_INET6, "2001:db8:1::1", v->src_ip);
		inet_pton(AF_INET6, "2001:db8:1::2", v->dst_ip);
	} else {
		inet_pton(AF_INET, "198.18.0.1", v->src_ip);
		inet_pton(AF_INET, "198.18.0.2", v->dst_ip);
	}
	v->sport = 4321;
	v->dport = 9000;
	v->ip_id = id;
	v->len = len;
}

static void one(int family, int vlan, uint32_t pay, uint32_t segsz,
		uint16_t id)
{
	struct frame_spec s;
	struct frame_vars v, w;
	size_t l2, hdr;
	uint32_t n = 0, len, k;
	uint16_t ck, full;

	spec_of(&s, family, vlan);
	l2 = frame_l2_len(&s);
	hdr = frame_hdr_len(&s);
	vars_of(&v, family, id, (uint32_t)hdr + pay);
	for (uint32_t j = 0; j < pay; j++)
		super[hdr + j] = (uint8_t)(j * 7 + (j >> 8));
	frame_write_gso(&s, &v, super);

	/* Completed as skb_checksum_help() does: the folded sum from the
	 * UDP header to the end, the field holding the partial sum. */
	ck = frame_csum_fold(frame_csum_add(0, super + hdr - FRAME_UDP_HLEN,
					    FRAME_UDP_HLEN + pay));
	memcpy(want, super, hdr + pay);
	frame_write(&s, &v, want, FRAME_SUM_READ);
	full = (uint16_t)(want[hdr - 2] << 8 | want[hdr - 1]);
	CU_ASSERT_EQUAL(ck ? ck : 0xffff, full);
	/* Every other byte of the super-frame is the plain frame's. */
	CU_ASSERT_EQUAL(memcmp(super, want, hdr - 2), 0);

	for (k = 0; (len = frame_gso_segment(&s, super + l2, segsz, k, seg));
	     k++) {
		uint32_t off = k * segsz;
		uint32_t part = pay - off < segsz ? pay - off : segsz;

		vars_of(&w, family, (uint16_t)(id + k), (uint32_t)hdr + part);
		memcpy(want + hdr, super + hdr + off, part);
		frame_write(&s, &w, want, FRAME_SUM_READ);
		CU_ASSERT_EQUAL_FATAL(len, hdr + part);
		if (memcmp(seg, want, len)) {
			fprintf(stderr, "family %d vlan %d payload %u seg %u: "
				"segment %u differs\n", family, vlan, pay,
				segsz, k);
			CU_FAIL("segment differs from the plain datagram");
			return;
		}
		n++;
	}
	CU_ASSERT_EQUAL(n, (pay + segsz - 1) / segsz);
}

static void test_ip4(void)
{
	one(AF_INET, -1, 3000, 1472, 7);
	one(AF_INET, -1, 2944, 1472, 0);
	one(AF_INET, -1, 1472, 1472, 1);
	one(AF_INET, -1, 65507, 1472, 100);
	one(AF_INET, 42, 7777, 1000, 65530);	/* ids wrap */
	one(AF_INET, -1, 6400, 100, 65535);
	one(AF_INET, -1, 1001, 1, 3);		/* odd sizes */
}

static void test_ip6(void)
{
	one(AF_INET6, -1, 3000, 1452, 0);
	one(AF_INET6, -1, 65507, 1452, 0);
	one(AF_INET6, 7, 4097, 1021, 0);
}

int main(void)
{
	static const struct unit_test tests[] = {
		{ "IPv4 segments and partial sum", test_ip4 },
		{ "IPv6 segments and partial sum", test_ip6 },
		{ NULL, NULL },
	};

	return unit_run("gso", tests);
}
