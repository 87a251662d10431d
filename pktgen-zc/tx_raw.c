// SPDX-License-Identifier: GPL-2.0-only
/* tx_raw: raw IP sockets with our own IP header (IP_HDRINCL for IPv4,
 * IPV6_HDRINCL for IPv6); the kernel routes each packet. */
#include "tx_mode.h"

#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>

#ifndef IPV6_HDRINCL
#define IPV6_HDRINCL 36
#endif

int tx_raw_open(struct tx *t, const struct tx_params *p, char *why, size_t len)
{
	int one = 1, err;

	t->fd = socket(p->family, SOCK_RAW | SOCK_CLOEXEC, IPPROTO_RAW);
	if (t->fd < 0) {
		snprintf(why, len, "socket(%s, SOCK_RAW, IPPROTO_RAW)",
			 p->family == AF_INET6 ? "AF_INET6" : "AF_INET");
		return -errno;
	}
	err = tx_bind_device(t, p, why, len);
	if (err)
		return err;
	if (p->family == AF_INET6 ?
	    setsockopt(t->fd, IPPROTO_IPV6, IPV6_HDRINCL, &one, sizeof(one)) :
	    setsockopt(t->fd, IPPROTO_IP, IP_HDRINCL, &one, sizeof(one))) {
		snprintf(why, len, "setsockopt(%s)", p->family == AF_INET6 ?
			 "IPV6_HDRINCL" : "IP_HDRINCL");
		return -errno;
	}
	/* Without IP_RECVERR a raw socket reports ENOBUFS as success; we
	 * must see it, or a dropped zerocopy send would never complete. */
	if (p->family == AF_INET6 ?
	    setsockopt(t->fd, IPPROTO_IPV6, IPV6_RECVERR, &one, sizeof(one)) :
	    setsockopt(t->fd, IPPROTO_IP, IP_RECVERR, &one, sizeof(one))) {
		snprintf(why, len, "setsockopt(IP_RECVERR)");
		return -errno;
	}
	t->off = p->l2_len;
	t->fixed_dst = p->fixed_dst;
	if (p->fixed_dst)
		tx_fill_sockaddr(&t->to, &t->tolen, p->family, p->dst_ip, 0,
				 p->ifindex);
	return 0;
}
