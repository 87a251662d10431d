/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * iface: what the kernel knows about interfaces, routes and neighbours,
 * read (and, for the demo and tests, written) through libnl-3 only.  Owns
 * its netlink socket for the duration of one call; keeps no state.  Never
 * sends data traffic except the one empty datagram that asks the kernel to
 * resolve a next hop it does not know yet.
 */
#ifndef PZC_IFACE_H
#define PZC_IFACE_H

#include <net/if.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* RFC 2863 operstates as rtnetlink reports them (linux/if.h's IF_OPER_*,
 * which cannot be included beside net/if.h). */
#define IFACE_OPER_UNKNOWN 0
#define IFACE_OPER_UP 6

struct iface_info {
	char name[IF_NAMESIZE];
	int ifindex;
	uint8_t mac[6];
	uint32_t mtu;
	unsigned int flags;	/* IFF_* */
	bool carrier;
	int operstate;
	uint32_t txqueues;
	unsigned int arptype;	/* ARPHRD_* */
	bool has4, has6;
	uint8_t addr4[4];
	uint8_t addr6[16];
};

/* -ENODEV if there is no such interface; other -errno on netlink errors. */
int iface_lookup(const char *name, struct iface_info *out);
/* Up, and with a link (operstate up or unknown)? */
bool iface_is_up(const char *name);

/*
 * Find the next hop for dst (route lookup, longest prefix in the main
 * table, via ifi) and its link-layer address in the neighbour table,
 * asking the kernel to resolve it if needed (up to wait_ms).  On failure
 * writes a one-line reason into why.
 */
int iface_resolve(const struct iface_info *ifi, int family, const uint8_t *dst,
		  uint8_t mac[6], int wait_ms, char *why, size_t whylen);

/* Namespace plumbing for the demo and the tests (current netns of the
 * calling thread). */
int iface_veth_create(const char *name, const char *peer, int peer_ns_fd);
int iface_set_up(const char *name);
int iface_addr_add(const char *name, const char *cidr);
int iface_get_mac(const char *name, uint8_t mac[6]);

#endif
