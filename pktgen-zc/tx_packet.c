// SPDX-License-Identifier: GPL-2.0-only
/* tx_packet: AF_PACKET SOCK_RAW (whole frames) and SOCK_DGRAM (L3 packets,
 * the kernel writes the link header from sockaddr_ll). */
#include "tx_mode.h"

#include <arpa/inet.h>
#include <errno.h>
#include <linux/if_packet.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int tx_qdisc_bypass(struct tx *t)
{
	int one = 1;

	/* Past the qdisc, straight to the driver's queue: what a NIC test
	 * wants, and what trafgen does by default.  With it the queue is
	 * picked by the sending CPU (the socket's queue mapping). */
	if (setsockopt(t->fd, SOL_PACKET, PACKET_QDISC_BYPASS, &one,
		       sizeof(one)))
		return -errno;
	t->qdisc_bypass = true;
	return 0;
}

int tx_packet_open(struct tx *t, const struct tx_params *p, char *why,
		   size_t len)
{
	int type = p->mode == MODE_PACKET ? SOCK_RAW : SOCK_DGRAM;
	struct sockaddr_ll *sll = (struct sockaddr_ll *)&t->to;
	struct sockaddr_ll bind_ll = { 0 };

	/* Protocol 0: this socket receives nothing, so sending does not
	 * pay for a receive hook on every frame. */
	t->fd = socket(AF_PACKET, type | SOCK_CLOEXEC, 0);
	if (t->fd < 0) {
		snprintf(why, len, "socket(AF_PACKET, %s)",
			 type == SOCK_RAW ? "SOCK_RAW" : "SOCK_DGRAM");
		return -errno;
	}
	bind_ll.sll_family = AF_PACKET;
	bind_ll.sll_ifindex = p->ifindex;
	if (bind(t->fd, (struct sockaddr *)&bind_ll, sizeof(bind_ll))) {
		snprintf(why, len, "bind(AF_PACKET) to %s", p->ifname);
		return -errno;
	}
	if (p->qdisc_bypass && tx_qdisc_bypass(t)) {
		snprintf(why, len, "setsockopt(PACKET_QDISC_BYPASS)");
		return -errno;
	}
	sll->sll_family = AF_PACKET;
	sll->sll_ifindex = p->ifindex;
	sll->sll_protocol = htons(p->l2_proto);
	sll->sll_halen = 6;
	memcpy(sll->sll_addr, p->dst_mac, 6);
	t->tolen = sizeof(*sll);
	t->fixed_dst = true;
	t->off = p->mode == MODE_PACKET ? 0 : p->l2_len;
	return 0;
}
