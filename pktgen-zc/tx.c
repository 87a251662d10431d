// SPDX-License-Identifier: GPL-2.0-only
/* tx: transmit modes behind one interface; see tx.h. */
#include "tx_mode.h"

#include <arpa/inet.h>
#include <errno.h>
#include <linux/if_packet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#ifndef SO_ZEROCOPY
#define SO_ZEROCOPY 60
#endif

#define TX_SNDBUF (4 << 20)

void tx_fill_sockaddr(struct sockaddr_storage *ss, socklen_t *sl, int family,
		      const uint8_t *ip, uint16_t port, int ifindex)
{
	memset(ss, 0, sizeof(*ss));
	if (family == AF_INET6) {
		struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)ss;

		s6->sin6_family = AF_INET6;
		s6->sin6_port = htons(port);
		memcpy(&s6->sin6_addr, ip, 16);
		/* Link-local destinations need the interface. */
		if (ip[0] == 0xfe && (ip[1] & 0xc0) == 0x80)
			s6->sin6_scope_id = (uint32_t)ifindex;
		*sl = sizeof(*s6);
	} else {
		struct sockaddr_in *s4 = (struct sockaddr_in *)ss;

		s4->sin_family = AF_INET;
		s4->sin_port = htons(port);
		memcpy(&s4->sin_addr, ip, 4);
		*sl = sizeof(*s4);
	}
}

int tx_bind_device(struct tx *t, const struct tx_params *p, char *why,
		   size_t len)
{
	/* Before bind()/connect(), so that the route is picked on it. */
	if (setsockopt(t->fd, SOL_SOCKET, SO_BINDTODEVICE, p->ifname,
		       (socklen_t)strlen(p->ifname))) {
		int err = -errno;

		snprintf(why, len, "setsockopt(SO_BINDTODEVICE, %s)",
			 p->ifname);
		return err;
	}
	return 0;
}

void tx_common_opts(struct tx *t)
{
	int v = TX_SNDBUF;

	/* A deep send buffer keeps the sender from sleeping in the kernel
	 * between our own pacing decisions; FORCE needs CAP_NET_ADMIN. */
	if (setsockopt(t->fd, SOL_SOCKET, SO_SNDBUFFORCE, &v, sizeof(v)))
		setsockopt(t->fd, SOL_SOCKET, SO_SNDBUF, &v, sizeof(v));
}

int tx_open(struct tx *t, const struct tx_params *p, char *why, size_t len)
{
	int err;

	memset(t, 0, sizeof(*t));
	t->mode = p->mode;
	t->family = p->family;
	t->fd = -1;
	switch (p->mode) {
	case MODE_PACKET:
	case MODE_PACKET_DGRAM:
		err = tx_packet_open(t, p, why, len);
		break;
	case MODE_RAW:
		err = tx_raw_open(t, p, why, len);
		break;
	case MODE_UDP:
		err = tx_udp_open(t, p, why, len);
		break;
	default:
		err = -EINVAL;
	}
	if (!err)
		tx_common_opts(t);
	else
		tx_close(t);
	return err;
}

void tx_close(struct tx *t)
{
	if (t->fd >= 0)
		close(t->fd);
	t->fd = -1;
}

int tx_enable_zerocopy(struct tx *t)
{
	int one = 1;

	if (setsockopt(t->fd, SOL_SOCKET, SO_ZEROCOPY, &one, sizeof(one)))
		return -errno;
	t->zerocopy = true;
	return 0;
}

void tx_address(const struct tx *t, struct msghdr *msg,
		struct sockaddr_storage *ss, const uint8_t *dst_ip,
		uint16_t dport, uint16_t l2_proto)
{
	if (!t->fixed_dst) {
		tx_fill_sockaddr(ss, &msg->msg_namelen, t->family, dst_ip,
				 t->mode == MODE_UDP ? dport : 0, 0);
		msg->msg_name = ss;
	} else if (l2_proto && t->mode == MODE_PACKET_DGRAM) {
		*ss = t->to;
		((struct sockaddr_ll *)ss)->sll_protocol = htons(l2_proto);
		msg->msg_name = ss;
		msg->msg_namelen = t->tolen;
	} else {
		msg->msg_name = (void *)&t->to;
		msg->msg_namelen = t->tolen;
	}
}
