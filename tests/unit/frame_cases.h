/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * frame_cases: the frames whose bytes tshark decoded into
 * golden/frames.tsv.  One table, used both to write the pcap that
 * make-golden.sh feeds to tshark (test-frame --write-pcap) and by the
 * test that rebuilds the same frames and compares them with tshark's
 * verdicts.  Changing a case means regenerating the golden file.
 */
#ifndef PZC_FRAME_CASES_H
#define PZC_FRAME_CASES_H

#include <arpa/inet.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <sys/socket.h>

#include "frame.h"

enum case_payload {
	CP_ZEROS,	/* all zero */
	CP_INC,		/* frame_pattern_inc from 0 */
	CP_STAMP,	/* stamp (stream 7, seq = case index), then inc */
	CP_RANDOM,	/* test LCG seeded by the case index */
	CP_FF,		/* all 0xff */
	CP_ZERO_CSUM,	/* inc, first word chosen so the sum is 0 -> 0xffff */
};

struct frame_case {
	const char *name;
	int family;
	int vlan;
	uint8_t prio, tos, ttl;
	bool df;
	uint16_t ip_id;
	const char *src, *dst;
	const char *dst_mac;
	uint16_t sport, dport;
	uint32_t len;
	enum case_payload pay;
};

#define MAC_BC "ff:ff:ff:ff:ff:ff"
#define MAC_A "00:00:5e:00:53:01"
#define MAC_B "3c:fd:fe:9e:7a:42"
#define CASE_SRC_MAC "02:00:00:00:00:01"
#define CASE_STAMP_TS 0x0102030405060708ull

static const struct frame_case frame_cases[] = {
	{ "v4-min-zeros", AF_INET, -1, 0, 0, 64, false, 0,
	  "10.0.0.1", "10.0.0.2", MAC_A, 9, 9, 60, CP_ZEROS },
	{ "v4-odd-61-inc", AF_INET, -1, 0, 0, 64, false, 1,
	  "10.0.0.1", "10.0.0.2", MAC_A, 9, 9, 61, CP_INC },
	{ "v4-odd-63-stamp", AF_INET, -1, 0, 0, 64, false, 2,
	  "10.0.0.1", "10.0.0.3", MAC_A, 1024, 9, 63, CP_STAMP },
	{ "v4-62-short-stamp", AF_INET, -1, 0, 0, 64, false, 3,
	  "192.0.2.1", "198.51.100.2", MAC_B, 9, 4000, 62, CP_STAMP },
	{ "v4-64-random", AF_INET, -1, 0, 0, 64, false, 4,
	  "192.0.2.1", "198.51.100.2", MAC_B, 4000, 4001, 64, CP_RANDOM },
	{ "v4-tos-ttl1-df-id", AF_INET, -1, 0, 0xb8, 1, true, 0xbeef,
	  "172.16.5.4", "172.16.5.5", MAC_A, 40000, 40001, 100, CP_INC },
	{ "v4-ecn-df-id0", AF_INET, -1, 0, 0x03, 128, true, 0,
	  "10.1.2.3", "10.3.2.1", MAC_A, 5000, 6000, 60, CP_STAMP },
	{ "v4-1514-ttl255-idffff", AF_INET, -1, 0, 0, 255, false, 0xffff,
	  "10.255.255.254", "10.0.0.0", MAC_BC, 9, 9, 1514, CP_STAMP },
	{ "v4-vlan100-prio5", AF_INET, 100, 5, 0, 64, false, 10,
	  "10.0.0.1", "10.0.0.2", MAC_A, 9, 9, 64, CP_INC },
	{ "v4-vlan4095-prio7-odd", AF_INET, 4095, 7, 0xff, 64, true, 11,
	  "10.0.0.1", "10.0.0.2", MAC_B, 9, 9, 65, CP_RANDOM },
	{ "v4-vlan0-1518", AF_INET, 0, 0, 0x10, 64, false, 12,
	  "10.0.0.1", "10.0.0.2", MAC_A, 9, 9, 1518, CP_INC },
	{ "v4-ports-extreme-ff", AF_INET, -1, 0, 0, 64, false, 13,
	  "0.0.0.0", "255.255.255.255", MAC_BC, 65535, 1, 999, CP_FF },
	{ "v4-zero-csum", AF_INET, -1, 0, 0, 64, false, 14,
	  "10.0.0.1", "10.0.0.2", MAC_A, 9, 9, 80, CP_ZERO_CSUM },
	{ "v4-zero-csum-odd-vlan", AF_INET, 7, 1, 0, 64, false, 15,
	  "10.0.0.1", "10.0.0.2", MAC_A, 9, 9, 81, CP_ZERO_CSUM },
	{ "v4-jumbo-9014", AF_INET, -1, 0, 0, 64, true, 16,
	  "10.0.0.1", "10.0.0.2", MAC_A, 9, 9, 9014, CP_INC },
	{ "v6-62-empty", AF_INET6, -1, 0, 0, 64, false, 0,
	  "2001:db8::1", "2001:db8::2", MAC_A, 9, 9, 62, CP_ZEROS },
	{ "v6-63-one-byte", AF_INET6, -1, 0, 0, 64, false, 0,
	  "2001:db8::1", "2001:db8::2", MAC_A, 9, 9, 63, CP_INC },
	{ "v6-tc-hlim1-stamp", AF_INET6, -1, 0, 0xb8, 1, false, 0,
	  "fe80::1", "ff02::1", MAC_B, 1234, 4321, 86, CP_STAMP },
	{ "v6-vlan42-odd-random", AF_INET6, 42, 3, 0x01, 64, false, 0,
	  "2001:db8:1::10", "2001:db8:2::20", MAC_A, 9, 9, 127, CP_RANDOM },
	{ "v6-1514-hlim255", AF_INET6, -1, 0, 0, 255, false, 0,
	  "2001:db8::1", "2001:db8::ffff:ffff:ffff:ffff", MAC_A, 9, 9, 1514,
	  CP_INC },
	{ "v6-zero-csum", AF_INET6, -1, 0, 0, 64, false, 0,
	  "2001:db8::1", "2001:db8::2", MAC_A, 9, 9, 100, CP_ZERO_CSUM },
	{ "v6-zero-csum-odd-vlan", AF_INET6, 1, 0, 0, 64, false, 0,
	  "2001:db8::1", "2001:db8::2", MAC_A, 9, 9, 101, CP_ZERO_CSUM },
	{ "v6-carry-addrs-ff", AF_INET6, -1, 0, 0xff, 64, false, 0,
	  "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", "::1", MAC_BC, 65535,
	  65535, 70, CP_FF },
	{ "v6-jumbo-9018-vlan", AF_INET6, 3000, 6, 0x20, 64, false, 0,
	  "2001:db8::1", "2001:db8::2", MAC_A, 9, 9, 9018, CP_STAMP },
};

#define N_FRAME_CASES (sizeof(frame_cases) / sizeof(frame_cases[0]))

static inline void case_mac(const char *s, uint8_t mac[6])
{
	unsigned b[6];

	sscanf(s, "%x:%x:%x:%x:%x:%x", &b[0], &b[1], &b[2], &b[3], &b[4],
	       &b[5]);
	for (int i = 0; i < 6; i++)
		mac[i] = (uint8_t)b[i];
}

static inline void case_spec(const struct frame_case *c, struct frame_spec *s,
			     struct frame_vars *v)
{
	memset(s, 0, sizeof(*s));
	memset(v, 0, sizeof(*v));
	case_mac(CASE_SRC_MAC, s->src_mac);
	case_mac(c->dst_mac, s->dst_mac);
	s->vlan_id = c->vlan;
	s->vlan_prio = c->prio;
	s->family = c->family;
	s->tos = c->tos;
	s->ttl = c->ttl;
	s->df = c->df;
	inet_pton(c->family, c->src, v->src_ip);
	inet_pton(c->family, c->dst, v->dst_ip);
	v->sport = c->sport;
	v->dport = c->dport;
	v->ip_id = c->ip_id;
	v->len = c->len;
}

/* Build case number i into buf (at least c->len bytes). */
static inline void case_build(size_t i, uint8_t *buf)
{
	const struct frame_case *c = &frame_cases[i];
	struct frame_spec s;
	struct frame_vars v;
	size_t hdr, plen;
	uint8_t *pay;
	uint64_t rs = 0x1234 + i;

	case_spec(c, &s, &v);
	hdr = frame_hdr_len(&s);
	pay = buf + hdr;
	plen = c->len - hdr;
	memset(buf, 0, c->len);
	switch (c->pay) {
	case CP_ZEROS:
		break;
	case CP_INC:
	case CP_ZERO_CSUM:
		frame_pattern_inc(pay, 0, plen);
		break;
	case CP_STAMP:
		frame_pattern_inc(pay, 0, plen);
		if (plen >= FRAME_STAMP_LEN)
			frame_stamp_write(pay, 7, i, CASE_STAMP_TS);
		else if (plen >= FRAME_STAMP_SHORT) {
			uint8_t tmp[FRAME_STAMP_LEN];

			frame_stamp_write(tmp, 7, i, CASE_STAMP_TS);
			memcpy(pay, tmp, FRAME_STAMP_SHORT);
		}
		break;
	case CP_RANDOM:
		for (size_t k = 0; k < plen; k++) {
			rs = rs * 6364136223846793005ull + 1442695040888963407ull;
			pay[k] = (uint8_t)(rs >> 56);
		}
		break;
	case CP_FF:
		memset(pay, 0xff, plen);
		break;
	}
	if (c->pay == CP_ZERO_CSUM) {
		uint16_t ck;

		/* With the first payload word 0 the checksum is C = ~S;
		 * putting C there makes the sum S + ~S = 0xffff, whose
		 * complement is the zero that must go out as 0xffff. */
		pay[0] = pay[1] = 0;
		frame_write(&s, &v, buf, FRAME_SUM_READ);
		ck = (uint16_t)(buf[hdr - 2] << 8 | buf[hdr - 1]);
		pay[0] = (uint8_t)(ck >> 8);
		pay[1] = (uint8_t)ck;
	}
	frame_write(&s, &v, buf, FRAME_SUM_READ);
}

#endif
