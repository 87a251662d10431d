// SPDX-License-Identifier: GPL-2.0-only
/* check: receiver-side verification; see check.h. */
#include "check.h"

#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>

static uint16_t get16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

/* Bytes [from, len) of p are the inc pattern (byte j is j & 0xff):
 * compared a 256-byte period at a time, as recv does for every frame. */
static bool pattern_ok(const uint8_t *p, uint32_t len, uint32_t from)
{
	static uint8_t inc[512];

	if (!inc[1])
		for (int i = 0; i < 512; i++)
			inc[i] = (uint8_t)i;
	while (from < len) {
		uint32_t n = len - from < 256 ? len - from : 256;

		if (memcmp(p + from, inc + (from & 0xff), n))
			return false;
		from += n;
	}
	return true;
}

bool check_l3(const uint8_t *p, size_t len, struct check_result *r)
{
	const uint8_t *udp, *src, *dst;
	uint32_t udplen, sum;
	size_t ihl;

	if (len < 1)
		return false;
	if (p[0] >> 4 == 4) {
		if (len < 20 || (ihl = (size_t)(p[0] & 15) * 4) < 20 ||
		    len < ihl + 8 || p[9] != IPPROTO_UDP)
			return false;
		/* Fragments other than the first carry no UDP header. */
		if (get16(p + 6) & 0x1fff)
			return false;
		r->family = AF_INET;
		r->ip_csum_ok = frame_csum_fold(frame_csum_add(0, p, ihl)) == 0;
		src = p + 12;
		dst = p + 16;
		udp = p + ihl;
	} else if (p[0] >> 4 == 6) {
		if (len < 48 || p[6] != IPPROTO_UDP)
			return false;
		r->family = AF_INET6;
		r->ip_csum_ok = true;
		src = p + 8;
		dst = p + 24;
		udp = p + 40;
	} else {
		return false;
	}
	udplen = get16(udp + 4);
	if (udplen < 8 || udp + udplen > p + len)
		return false;
	r->udp = true;
	r->src = src;
	r->dst = dst;
	r->sport = get16(udp);
	r->dport = get16(udp + 2);
	if (!get16(udp + 6)) {
		/* IPv4: sent without a checksum; IPv6: forbidden (RFC 8200
		 * 8.1), and a computed zero must go out as 0xffff. */
		r->csum_ok = r->family == AF_INET;
	} else {
		sum = frame_csum_pseudo(r->family, src, dst, IPPROTO_UDP,
					udplen);
		sum = frame_csum_add(sum, udp, udplen);
		r->csum_ok = frame_csum_fold(sum) == 0;
	}
	r->payload = udp + 8;
	r->payload_len = udplen - 8;
	r->has_stamp = frame_stamp_read(r->payload, r->payload_len, &r->stamp);
	r->pattern_ok = pattern_ok(r->payload, r->payload_len,
				   !r->has_stamp ? 0 :
				   r->payload_len >= FRAME_STAMP_LEN ?
				   FRAME_STAMP_LEN : FRAME_STAMP_SHORT);
	return true;
}

bool check_frame(const uint8_t *f, size_t len, struct check_result *r)
{
	size_t off = 12;
	uint16_t type;

	memset(r, 0, sizeof(*r));
	r->vlan_id = -1;
	if (len < 14)
		return false;
	type = get16(f + off);
	if (type == 0x8100 && len >= 18) {
		r->vlan_id = get16(f + 14) & 0xfff;
		off += 4;
		type = get16(f + off);
	}
	off += 2;
	if (type != 0x0800 && type != 0x86dd)
		return false;
	return check_l3(f + off, len - off, r);
}
