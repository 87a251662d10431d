// SPDX-License-Identifier: GPL-2.0-only
/* tx_udp: plain UDP sockets; the kernel writes every header.  With --gso
 * one send carries up to 64 KB that the stack cuts into datagrams. */
#include "tx_mode.h"

#include <errno.h>
#include <netinet/in.h>
#include <netinet/udp.h>
#include <stdio.h>
#include <string.h>

#ifndef UDP_SEGMENT
#define UDP_SEGMENT 103
#endif

int tx_udp_open(struct tx *t, const struct tx_params *p, char *why, size_t len)
{
	struct sockaddr_storage src;
	socklen_t sl;
	int v, err;

	t->fd = socket(p->family, SOCK_DGRAM | SOCK_CLOEXEC, IPPROTO_UDP);
	if (t->fd < 0) {
		snprintf(why, len, "socket(SOCK_DGRAM)");
		return -errno;
	}
	err = tx_bind_device(t, p, why, len);
	if (err)
		return err;
	if (p->family == AF_INET6) {
		v = p->tos;
		setsockopt(t->fd, IPPROTO_IPV6, IPV6_TCLASS, &v, sizeof(v));
		v = p->ttl;
		setsockopt(t->fd, IPPROTO_IPV6, IPV6_UNICAST_HOPS, &v,
			   sizeof(v));
	} else {
		v = p->tos;
		setsockopt(t->fd, IPPROTO_IP, IP_TOS, &v, sizeof(v));
		v = p->ttl;
		setsockopt(t->fd, IPPROTO_IP, IP_TTL, &v, sizeof(v));
		v = p->df ? IP_PMTUDISC_DO : IP_PMTUDISC_DONT;
		setsockopt(t->fd, IPPROTO_IP, IP_MTU_DISCOVER, &v, sizeof(v));
	}
	tx_fill_sockaddr(&src, &sl, p->family, p->src_ip, p->sport,
			 p->ifindex);
	if (p->shared_port) {
		int one = 1;

		/* Workers send from one address and port, a socket each;
		 * they receive nothing, so no datagram is split between
		 * them. */
		if (setsockopt(t->fd, SOL_SOCKET, SO_REUSEPORT, &one,
			       sizeof(one))) {
			snprintf(why, len, "setsockopt(SO_REUSEPORT)");
			return -errno;
		}
	}
	if (bind(t->fd, (struct sockaddr *)&src, sl)) {
		snprintf(why, len, "bind() to the source address and port %u",
			 p->sport);
		return -errno;
	}
	if (p->gso) {
		v = (int)p->gso;
		if (setsockopt(t->fd, IPPROTO_UDP, UDP_SEGMENT, &v, sizeof(v))) {
			snprintf(why, len, "setsockopt(UDP_SEGMENT, %u)",
				 p->gso);
			return -errno;
		}
	}
	t->off = p->hdr_len;
	t->fixed_dst = p->fixed_dst;
	/* Not connected: a connected UDP socket turns the peer's ICMP port
	 * unreachable into ECONNREFUSED on a later, unrelated send. */
	if (p->fixed_dst)
		tx_fill_sockaddr(&t->to, &t->tolen, p->family, p->dst_ip,
				 p->dport, p->ifindex);
	return 0;
}
