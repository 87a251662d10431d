// SPDX-License-Identifier: GPL-2.0-only
/* tx_packet: AF_PACKET SOCK_RAW (whole frames) and SOCK_DGRAM (L3 packets,
 * the kernel writes the link header from sockaddr_ll). */
#include "tx_mode.h"

#include <arpa/inet.h>
#include <endian.h>
#include <errno.h>
#include <linux/if_packet.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* Linux 6.2 (uapi and virtio_net_hdr_to_skb()); older headers lack it. */
#ifndef VIRTIO_NET_HDR_GSO_UDP_L4
#define VIRTIO_NET_HDR_GSO_UDP_L4 5
#endif

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

/*
 * --gso: one UDP super-frame a send, cut by the kernel (or the device)
 * into gso-byte datagrams.  virtio_net_hdr_to_skb() takes a UDP_L4 GSO
 * header only with NEEDS_CSUM and the checksum at offset 6 of the UDP
 * header; csum_start counts from the link header, and hdr_len, all
 * header bytes, is what the kernel keeps linear.  Little endian: packet
 * sockets use the modern virtio byte order.
 */
static int vnet_on(struct tx *t, const struct tx_params *p, char *why,
		   size_t len)
{
	size_t l4 = p->hdr_len - FRAME_UDP_HLEN;
	int one = 1;

	/* Before any ring: the kernel refuses it (EBUSY) after. */
	if (setsockopt(t->fd, SOL_PACKET, PACKET_VNET_HDR, &one,
		       sizeof(one))) {
		int err = -errno;

		snprintf(why, len, "setsockopt(PACKET_VNET_HDR) for --gso");
		return err;
	}
	memset(&t->vnet, 0, sizeof(t->vnet));
	t->vnet.flags = VIRTIO_NET_HDR_F_NEEDS_CSUM;
	t->vnet.gso_type = VIRTIO_NET_HDR_GSO_UDP_L4;
	t->vnet.gso_size = htole16((uint16_t)p->gso);
	t->vnet.hdr_len = htole16((uint16_t)p->hdr_len);
	t->vnet.csum_start = htole16((uint16_t)l4);
	t->vnet.csum_offset = htole16(6);
	t->vnet_len = sizeof(t->vnet);
	return 0;
}

int tx_packet_open(struct tx *t, const struct tx_params *p, char *why,
		   size_t len)
{
	/* Linux takes PACKET_VNET_HDR on SOCK_RAW packet sockets only
	 * (EINVAL on SOCK_DGRAM): packet-dgram with --gso hands over whole
	 * frames, with the link header the kernel would have written
	 * (gen.c builds it from the same device and neighbour MACs). */
	int type = p->mode == MODE_PACKET || p->gso ? SOCK_RAW : SOCK_DGRAM;
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
	if (p->gso) {
		int err = vnet_on(t, p, why, len);

		if (err)
			return err;
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
	t->off = type == SOCK_RAW ? 0 : p->l2_len;
	return 0;
}
