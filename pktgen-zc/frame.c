// SPDX-License-Identifier: GPL-2.0-only
/* frame: header builders and checksums; see frame.h. */
#include "frame.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <string.h>

uint32_t frame_csum_add(uint32_t sum, const void *data, size_t len)
{
	const uint8_t *p = data;
	uint64_t acc = sum;

	/* Sum 32-bit big-endian words into 64 bits: no carries lost, and
	 * folding to 16 bits later gives the same result as 16-bit words. */
	while (len >= 4) {
		acc += ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) |
		       ((uint32_t)p[2] << 8) | p[3];
		p += 4;
		len -= 4;
	}
	if (len >= 2) {
		acc += ((uint32_t)p[0] << 8) | p[1];
		p += 2;
		len -= 2;
	}
	if (len)
		acc += (uint32_t)p[0] << 8;
	while (acc >> 32)
		acc = (acc & 0xffffffffu) + (acc >> 32);
	/* Keep the result a valid running sum for 16-bit folding. */
	acc = (acc & 0xffff) + (acc >> 16);
	return (uint32_t)acc;
}

uint16_t frame_csum_fold(uint32_t sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

uint32_t frame_csum_pseudo(int family, const uint8_t *src, const uint8_t *dst,
			   uint8_t proto, uint32_t len)
{
	size_t alen = family == AF_INET6 ? 16 : 4;
	uint32_t sum = 0;

	sum = frame_csum_add(sum, src, alen);
	sum = frame_csum_add(sum, dst, alen);
	sum += proto;
	sum += len >> 16;
	sum += len & 0xffff;
	return sum;
}

size_t frame_l2_len(const struct frame_spec *s)
{
	return FRAME_ETH_HLEN + (s->vlan_id >= 0 ? FRAME_VLAN_HLEN : 0);
}

size_t frame_l3_hlen(const struct frame_spec *s)
{
	return s->family == AF_INET6 ? FRAME_IP6_HLEN : FRAME_IP4_HLEN;
}

size_t frame_hdr_len(const struct frame_spec *s)
{
	return frame_l2_len(s) + frame_l3_hlen(s) + FRAME_UDP_HLEN;
}

/* Big-endian stores at any alignment: one byte swap and one store each
 * (the stamp is written for every frame). */
static void put16(uint8_t *p, uint16_t v)
{
	v = __builtin_bswap16(v);
	memcpy(p, &v, sizeof(v));
}

static void put32(uint8_t *p, uint32_t v)
{
	v = __builtin_bswap32(v);
	memcpy(p, &v, sizeof(v));
}

static void put64(uint8_t *p, uint64_t v)
{
	v = __builtin_bswap64(v);
	memcpy(p, &v, sizeof(v));
}

static uint32_t get32(const uint8_t *p)
{
	return ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) |
	       ((uint32_t)p[2] << 8) | p[3];
}

static uint16_t get16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static void write_l2(const struct frame_spec *s, uint8_t *buf)
{
	uint16_t ethertype = s->family == AF_INET6 ? 0x86dd : 0x0800;

	memcpy(buf, s->dst_mac, 6);
	memcpy(buf + 6, s->src_mac, 6);
	if (s->vlan_id >= 0) {
		put16(buf + 12, 0x8100);
		put16(buf + 14, (uint16_t)((s->vlan_prio << 13) |
					   (s->vlan_id & 0xfff)));
		put16(buf + 16, ethertype);
	} else {
		put16(buf + 12, ethertype);
	}
}

void frame_write(const struct frame_spec *s, const struct frame_vars *v,
		 uint8_t *buf, uint64_t payload_sum)
{
	size_t l2 = frame_l2_len(s), l3h = frame_l3_hlen(s);
	size_t hdr = l2 + l3h + FRAME_UDP_HLEN;
	uint32_t l3len = v->len - l2;
	uint32_t udplen = l3len - l3h;
	uint8_t *ip = buf + l2, *udp = ip + l3h;
	uint32_t sum;
	uint16_t ck;

	write_l2(s, buf);

	if (s->family == AF_INET6) {
		put32(ip, (6u << 28) | ((uint32_t)s->tos << 20));
		put16(ip + 4, (uint16_t)udplen);
		ip[6] = IPPROTO_UDP;
		ip[7] = s->ttl;
		memcpy(ip + 8, v->src_ip, 16);
		memcpy(ip + 24, v->dst_ip, 16);
	} else {
		ip[0] = 0x45;
		ip[1] = s->tos;
		put16(ip + 2, (uint16_t)l3len);
		put16(ip + 4, v->ip_id);
		put16(ip + 6, s->df ? 0x4000 : 0);
		ip[8] = s->ttl;
		ip[9] = IPPROTO_UDP;
		put16(ip + 10, 0);
		memcpy(ip + 12, v->src_ip, 4);
		memcpy(ip + 16, v->dst_ip, 4);
		put16(ip + 10, frame_csum_fold(frame_csum_add(0, ip, 20)));
	}

	put16(udp, v->sport);
	put16(udp + 2, v->dport);
	put16(udp + 4, (uint16_t)udplen);
	put16(udp + 6, 0);
	if (payload_sum == FRAME_SUM_READ)
		payload_sum = frame_csum_add(0, buf + hdr, v->len - hdr);
	sum = frame_csum_pseudo(s->family, v->src_ip, v->dst_ip, IPPROTO_UDP,
				udplen);
	sum = frame_csum_add(sum, udp, FRAME_UDP_HLEN);
	/* The payload starts at an even offset from the UDP header, so its
	 * separately computed sum adds in word-aligned. */
	sum += (uint32_t)(payload_sum & 0xffff) + (uint32_t)(payload_sum >> 16);
	ck = frame_csum_fold(sum);
	/* RFC 768: a computed zero is sent as all ones (zero means "none"). */
	put16(udp + 6, ck ? ck : 0xffff);
}

void frame_write_gso(const struct frame_spec *s, const struct frame_vars *v,
		     uint8_t *buf)
{
	size_t l2 = frame_l2_len(s), l3h = frame_l3_hlen(s);
	uint32_t udplen = v->len - (uint32_t)(l2 + l3h);
	uint32_t sum;

	frame_write(s, v, buf, 0);
	/*
	 * CHECKSUM_PARTIAL: the field holds the folded pseudo-header sum,
	 * not complemented, for the length in the UDP header; the segmenter
	 * swaps that length for each segment's (__udp_gso_segment()) and
	 * the rest of the sum is taken from csum_start on.
	 */
	sum = frame_csum_pseudo(s->family, v->src_ip, v->dst_ip, IPPROTO_UDP,
				udplen);
	put16(buf + l2 + l3h + 6, (uint16_t)~frame_csum_fold(sum));
}

uint32_t frame_gso_segment(const struct frame_spec *s, const uint8_t *l3,
			   uint32_t seg, uint32_t k, uint8_t *out)
{
	size_t l2 = frame_l2_len(s), l3h = frame_l3_hlen(s);
	const uint8_t *udp = l3 + l3h;
	uint32_t plen = get16(udp + 4) - FRAME_UDP_HLEN;
	uint32_t off = k * seg, n, udplen, sum;
	uint8_t *ip = out + l2, *u = ip + l3h;
	uint16_t ck;

	if (off >= plen)
		return 0;
	n = plen - off < seg ? plen - off : seg;
	udplen = FRAME_UDP_HLEN + n;
	write_l2(s, out);
	memcpy(ip, l3, l3h);
	if (s->family == AF_INET6) {
		put16(ip + 4, (uint16_t)udplen);
	} else {
		/* inet_gso_segment(): consecutive ids from the super-frame's,
		 * each segment's own length and header checksum. */
		put16(ip + 2, (uint16_t)(l3h + udplen));
		put16(ip + 4, (uint16_t)(get16(l3 + 4) + k));
		put16(ip + 10, 0);
		put16(ip + 10, frame_csum_fold(frame_csum_add(0, ip, l3h)));
	}
	memcpy(u, udp, 4);
	put16(u + 4, (uint16_t)udplen);
	put16(u + 6, 0);
	memcpy(u + FRAME_UDP_HLEN, udp + FRAME_UDP_HLEN + off, n);
	sum = frame_csum_pseudo(s->family,
				ip + (s->family == AF_INET6 ? 8 : 12),
				ip + (s->family == AF_INET6 ? 24 : 16),
				IPPROTO_UDP, udplen);
	sum = frame_csum_add(sum, u, udplen);
	ck = frame_csum_fold(sum);
	put16(u + 6, ck ? ck : 0xffff);
	return (uint32_t)(l2 + l3h) + udplen;
}

void frame_stamp_write(uint8_t *p, uint32_t stream, uint64_t seq,
		       uint64_t ts_ns)
{
	put32(p, FRAME_STAMP_MAGIC);
	put32(p + 4, stream);
	put64(p + 8, seq);
	put64(p + 16, ts_ns);
}

bool frame_stamp_read(const uint8_t *p, size_t len, struct frame_stamp *st)
{
	if (len < FRAME_STAMP_SHORT || get32(p) != FRAME_STAMP_MAGIC)
		return false;
	st->magic = FRAME_STAMP_MAGIC;
	st->stream = get32(p + 4);
	st->seq = ((uint64_t)get32(p + 8) << 32) | get32(p + 12);
	st->ts_ns = len < FRAME_STAMP_LEN ? 0 :
		    ((uint64_t)get32(p + 16) << 32) | get32(p + 20);
	return true;
}

void frame_pattern_inc(uint8_t *p, size_t off, size_t len)
{
	for (size_t i = 0; i < len; i++)
		p[i] = (uint8_t)(off + i);
}
