// SPDX-License-Identifier: GPL-2.0-only
/* rewrite: addresses and ports with checksums fixed; see rewrite.h. */
#include "rewrite.h"

#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>

static uint16_t get16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

void rw_csum_update(uint8_t *ck, const uint8_t *old, const uint8_t *new,
		    size_t len)
{
	uint32_t sum = (uint16_t)~get16(ck);

	for (size_t i = 0; i + 1 < len; i += 2) {
		sum += (uint16_t)~get16(old + i);
		sum += get16(new + i);
	}
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	put16(ck, (uint16_t)~sum);
}

void rw_find_l4(uint8_t *ip, size_t caplen, struct rw_l4 *l4)
{
	size_t hl;
	uint8_t proto;

	memset(l4, 0, sizeof(*l4));
	if (caplen >= 20 && ip[0] >> 4 == 4) {
		hl = (size_t)(ip[0] & 15) * 4;
		if (hl < 20 || hl > caplen)
			return;	/* a header length no packet can have */
		if (get16(ip + 6) & 0x1fff)
			return;	/* not the first fragment */
		proto = ip[9];
	} else if (caplen >= 40 && ip[0] >> 4 == 6) {
		hl = 40;
		proto = ip[6];	/* extension headers: left alone */
	} else {
		return;
	}
	if (proto == IPPROTO_UDP && caplen >= hl + 8) {
		l4->ports = ip + hl;
		l4->ck = ip + hl + 6;
		l4->udp = true;
		l4->udp_zero = ip[0] >> 4 == 4 && !get16(l4->ck);
	} else if (proto == IPPROTO_TCP && caplen >= hl + 18) {
		l4->ports = ip + hl;
		l4->ck = ip + hl + 16;
	}
}

static void l4_csum_update(const struct rw_l4 *l4, const uint8_t *old,
			   const uint8_t *new, size_t len)
{
	rw_csum_update(l4->ck, old, new, len);
	/* RFC 768: 0 would mean "no checksum" (IPv4) or be invalid (IPv6). */
	if (l4->udp && !get16(l4->ck))
		put16(l4->ck, 0xffff);
}

static void map_addr(const struct ip_map *m, uint8_t *a, size_t alen,
		     struct rw_l4 *l4, uint8_t *ip4_ck)
{
	uint8_t old[16], out[16];
	int bits;

	for (bits = 0; bits < m->prefix; bits++) {
		uint8_t b = (uint8_t)(0x80 >> (bits % 8));

		if ((a[bits / 8] ^ m->from[bits / 8]) & b)
			return;
	}
	memcpy(old, a, alen);
	memcpy(out, a, alen);
	for (bits = 0; bits < m->prefix; bits++) {
		uint8_t b = (uint8_t)(0x80 >> (bits % 8));

		out[bits / 8] = (uint8_t)((out[bits / 8] & ~b) |
					  (m->to[bits / 8] & b));
	}
	memcpy(a, out, alen);
	if (ip4_ck)
		rw_csum_update(ip4_ck, old, out, alen);
	/* The pseudo-header holds the addresses. */
	if (l4->ck && !l4->udp_zero)
		l4_csum_update(l4, old, out, alen);
}

void rw_apply(const struct rw_rules *r, uint8_t *ip, size_t caplen)
{
	struct rw_l4 l4;
	bool v4;

	if (!rw_any(r))
		return;
	rw_find_l4(ip, caplen, &l4);
	if (caplen >= 20 && ip[0] >> 4 == 4)
		v4 = true;
	else if (caplen >= 40 && ip[0] >> 4 == 6)
		v4 = false;
	else
		return;
	for (int i = 0; i < r->nmaps; i++) {
		const struct ip_map *m = &r->maps[i];

		if ((m->family == AF_INET) != v4)
			continue;
		map_addr(m, ip + (v4 ? 12 : 8), v4 ? 4 : 16, &l4,
			 v4 ? ip + 10 : NULL);
		map_addr(m, ip + (v4 ? 16 : 24), v4 ? 4 : 16, &l4,
			 v4 ? ip + 10 : NULL);
	}
	for (int k = 0; k < 2 && l4.ports; k++) {
		int want = k ? r->dport : r->sport;
		uint8_t nv[2];

		if (want < 0)
			continue;
		put16(nv, (uint16_t)want);
		if (l4.ck && !l4.udp_zero)
			l4_csum_update(&l4, l4.ports + 2 * k, nv, 2);
		memcpy(l4.ports + 2 * k, nv, 2);
	}
}
