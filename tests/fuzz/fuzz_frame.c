// SPDX-License-Identifier: GPL-2.0-only
/*
 * fuzz_frame: the frame builder (frame.c).  The input gives a frame
 * spec, the per-frame fields, a length from the headers' to 9000 bytes
 * and the payload; the frame is built in a buffer of exactly its length
 * (ASan), with the payload read and with its sum given, which must
 * agree, and its checksums and length fields must verify from scratch
 * (a trap otherwise).  The stamp must read back what was written.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "frame.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Header: flags (v6, vlan, df), vlan id (2), prio, tos, ttl, ip id (2),
 * ports (4), length (2), macs (12), addresses (32): 58 bytes. */
#define FUZZ_HDR 58

static uint16_t get16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct frame_spec s;
	struct frame_vars v;
	struct frame_stamp st;
	size_t hdr, l2, l3h;
	uint8_t *a, *b;
	uint32_t sum;

	if (size < FUZZ_HDR)
		return 0;
	memset(&s, 0, sizeof(s));
	memset(&v, 0, sizeof(v));
	s.family = data[0] & 1 ? AF_INET6 : AF_INET;
	s.vlan_id = data[0] & 2 ? get16(data + 1) & 0xfff : -1;
	s.vlan_prio = data[3] & 7;
	s.tos = data[4];
	s.ttl = data[5];
	s.df = data[0] & 4;
	v.ip_id = get16(data + 6);
	v.sport = get16(data + 8);
	v.dport = get16(data + 10);
	memcpy(s.src_mac, data + 14, 6);
	memcpy(s.dst_mac, data + 20, 6);
	memcpy(v.src_ip, data + 26, 16);
	memcpy(v.dst_ip, data + 42, 16);
	hdr = frame_hdr_len(&s);
	l2 = frame_l2_len(&s);
	l3h = frame_l3_hlen(&s);
	v.len = (uint32_t)(hdr + get16(data + 12) % (9001 - hdr));
	a = malloc(v.len);
	b = malloc(v.len);
	if (!a || !b)
		goto out;
	for (size_t i = hdr; i < v.len; i++)
		a[i] = size > FUZZ_HDR ? data[FUZZ_HDR + (i - hdr) %
					      (size - FUZZ_HDR)] : 0;
	memcpy(b + hdr, a + hdr, v.len - hdr);
	frame_write(&s, &v, a, FRAME_SUM_READ);
	frame_write(&s, &v, b, frame_csum_add(0, b + hdr, v.len - hdr));
	if (memcmp(a, b, v.len))
		__builtin_trap();	/* the two ways must agree */
	if (s.family == AF_INET &&
	    (frame_csum_fold(frame_csum_add(0, a + l2, 20)) ||
	     get16(a + l2 + 2) != v.len - l2))
		__builtin_trap();
	if (s.family == AF_INET6 && get16(a + l2 + 4) != v.len - l2 - l3h)
		__builtin_trap();
	sum = frame_csum_pseudo(s.family, v.src_ip, v.dst_ip, 17,
				(uint32_t)(v.len - l2 - l3h));
	sum = frame_csum_add(sum, a + l2 + l3h, v.len - l2 - l3h);
	if (frame_csum_fold(sum) || !get16(a + l2 + l3h + 6) ||
	    get16(a + l2 + l3h + 4) != v.len - l2 - l3h)
		__builtin_trap();
	if (v.len - hdr >= FRAME_STAMP_LEN) {
		uint64_t seq = (uint64_t)v.ip_id << 40 | v.sport;

		frame_stamp_write(a + hdr, v.dport, seq, ~seq);
		if (!frame_stamp_read(a + hdr, v.len - hdr, &st) ||
		    st.stream != v.dport || st.seq != seq || st.ts_ns != ~seq)
			__builtin_trap();
	}
	frame_pattern_inc(a + hdr, hdr, v.len - hdr);
out:
	free(a);
	free(b);
	return 0;
}
