// SPDX-License-Identifier: GPL-2.0-only
/* shape: a capture record into the frame a mode sends; see shape.h. */
#include "shape.h"

#include <string.h>
#include <sys/socket.h>

#define ETH_HLEN 14

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

int shape_record(const struct shaper *sh, int dlt, const struct capture_rec *r,
		 uint8_t *slot, uint32_t slot_size, struct shaped *it)
{
	uint32_t caplen = r->caplen, wire = r->len;
	const uint8_t *d = r->data;
	struct capture_l3 s;
	uint32_t l3len, flen;

	memset(it, 0, sizeof(*it));
	if (caplen < wire && !sh->pad)
		return SKIP_TRUNCATED;
	if (caplen > wire)
		caplen = wire;	/* a record longer than the packet: trust len */
	if (!capture_split(dlt, d, caplen, &s))
		return SKIP_SHORT;
	/* Bytes of the L3 packet on the wire, padding included. */
	l3len = (uint32_t)(wire - (caplen - s.l3len));
	if (sh->mode == MODE_RAW) {
		int fam = s.proto == 0x86dd ? AF_INET6 :
			  s.proto == 0x0800 ? AF_INET : 0;

		if (!fam || s.l3len < 1 || (s.l3[0] >> 4 != 4 &&
					    s.l3[0] >> 4 != 6))
			return SKIP_NOT_IP;
		if (fam != sh->raw_family)
			return SKIP_FAMILY;
	}
	if (dlt == DLT_EN10MB && sh->mode == MODE_PACKET) {
		/* Whole frames: the link header is the capture's.  The
		 * kernel (packet_extra_vlan_len_allowed()) lets a tag's 4
		 * bytes past the MTU for 802.1Q only, not 802.1ad. */
		if (wire - ETH_HLEN > sh->mtu + 4 * (s.proto == 0x8100))
			return SKIP_MTU;
		flen = wire;
		if (flen > slot_size)
			return SKIP_MTU;
		memcpy(slot, d, caplen);
		memset(slot + caplen, 0, flen - caplen);
		if (sh->rewrite_mac) {
			memcpy(slot, sh->dst_mac, 6);
			memcpy(slot + 6, sh->src_mac, 6);
		}
		if (s.proto == 0x0800 || s.proto == 0x86dd)
			rw_apply(&sh->rw, slot + ETH_HLEN, caplen - ETH_HLEN);
		it->off = 0;
	} else {
		if (sh->mode == MODE_PACKET && s.proto != 0x0800 &&
		    s.proto != 0x86dd && dlt != DLT_EN10MB)
			return SKIP_NOT_IP;
		if (l3len > sh->mtu)
			return SKIP_MTU;
		flen = ETH_HLEN + l3len;
		if (flen > slot_size)
			return SKIP_MTU;
		/* Our Ethernet header in front: sent in packet mode (--l2),
		 * and for the record in packet-dgram and raw modes, where
		 * the kernel writes the same one. */
		memcpy(slot, sh->dst_mac, 6);
		memcpy(slot + 6, sh->src_mac, 6);
		put16(slot + 12, s.proto);
		memcpy(slot + ETH_HLEN, s.l3, s.l3len);
		memset(slot + ETH_HLEN + s.l3len, 0, l3len - s.l3len);
		if (s.proto == 0x0800 || s.proto == 0x86dd)
			rw_apply(&sh->rw, slot + ETH_HLEN, s.l3len);
		it->off = sh->mode == MODE_PACKET ? 0 : ETH_HLEN;
		it->l2_proto = s.proto;
		if (sh->mode == MODE_RAW) {
			const uint8_t *ip = slot + ETH_HLEN;

			if (sh->raw_family == AF_INET6 && s.l3len >= 40)
				memcpy(it->dst_ip, ip + 24, 16);
			else if (s.l3len >= 20)
				memcpy(it->dst_ip, ip + 16, 4);
			else
				return SKIP_SHORT;
		}
	}
	it->flen = flen;
	return -1;
}

