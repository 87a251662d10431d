/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * rewrite: the replay rewrites of one IP packet in place (--map-ip,
 * --map-sport, --map-dport) with the IPv4 header and UDP/TCP checksums
 * fixed incrementally (RFC 1624).  Pure functions over caller-owned
 * bytes: it never reads past the captured length it is given, never
 * allocates, never does I/O and never decides whether a packet is sent.
 */
#ifndef PZC_REWRITE_H
#define PZC_REWRITE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "config.h"

/* What to rewrite: the address maps and the ports (-1: keep). */
struct rw_rules {
	const struct ip_map *maps;
	int nmaps;
	int sport, dport;
};

/* HC' = ~(~HC + ~m + m') (RFC 1624 eqn. 3) over the even len bytes that
 * change from old to new; ck points at the checksum, big-endian. */
void rw_csum_update(uint8_t *ck, const uint8_t *old, const uint8_t *new,
		    size_t len);

/* Where the transport header of an IP packet is, from its captured bytes. */
struct rw_l4 {
	uint8_t *ck;		/* the L4 checksum, NULL if absent */
	uint8_t *ports;		/* source and destination ports, or NULL */
	bool udp_zero;		/* IPv4 UDP without checksum: keep it 0 */
	bool udp;		/* a computed 0 goes out as 0xffff */
};
void rw_find_l4(uint8_t *ip, size_t caplen, struct rw_l4 *l4);

/* Apply the rules to the IPv4/IPv6 packet of caplen captured bytes at ip
 * (anything else is left alone). */
void rw_apply(const struct rw_rules *r, uint8_t *ip, size_t caplen);

static inline bool rw_any(const struct rw_rules *r)
{
	return r->nmaps || r->sport >= 0 || r->dport >= 0;
}

#endif
