/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * tx: one transmit mode behind one small interface.  Opens the socket of
 * the mode (AF_PACKET SOCK_RAW/SOCK_DGRAM, raw IP_HDRINCL, UDP), turns on
 * SO_ZEROCOPY when asked, and says where each send goes (tx_address());
 * the paths (path_*.c) make the calls.  Never chooses buffers, never reads
 * the error queue (zcopy.c) and never decides when to send (pace.c,
 * worker.c).
 */
#ifndef PZC_TX_H
#define PZC_TX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>
#include <sys/types.h>

#include <linux/virtio_net.h>

#include "config.h"
#include "frame.h"

struct tx_params {
	enum tx_mode mode;
	int family;
	int ifindex;
	const char *ifname;
	uint8_t dst_mac[6];
	uint16_t l2_proto;	/* ethertype of the frames (packet modes) */
	/* udp mode: the one source and, if fixed, the one destination */
	uint8_t src_ip[16];
	uint16_t sport;
	bool fixed_dst;
	uint8_t dst_ip[16];
	uint16_t dport;
	int tos, ttl;
	bool df;
	uint32_t gso;		/* udp: UDP_SEGMENT; packet modes: the
				 * virtio_net_hdr gso_size */
	bool qdisc_bypass;
	bool shared_port;	/* udp: workers bind the same port */
	size_t l2_len;		/* link header bytes in our frames */
	size_t hdr_len;		/* all header bytes in our frames */
};

struct tx {
	enum tx_mode mode;
	int family;
	int fd;
	size_t off;		/* first frame byte handed to the kernel */
	bool zerocopy;		/* SO_ZEROCOPY accepted */
	bool qdisc_bypass;	/* PACKET_QDISC_BYPASS on */
	bool fixed_dst;
	struct sockaddr_storage to;
	socklen_t tolen;
	/* Packet modes with --gso: PACKET_VNET_HDR is on and every send
	 * starts with this header (vnet_len bytes; 0: off), the same for
	 * every frame of the run. */
	struct virtio_net_hdr vnet;
	uint32_t vnet_len;
};

/* 0 or -errno; on failure, why says which call failed. */
int tx_open(struct tx *t, const struct tx_params *p, char *why, size_t len);
void tx_close(struct tx *t);
/* Packet sockets: PACKET_QDISC_BYPASS on; 0 or -errno. */
int tx_qdisc_bypass(struct tx *t);
/* setsockopt(SO_ZEROCOPY): 0, or -errno (-EOPNOTSUPP: kernel refuses). */
int tx_enable_zerocopy(struct tx *t);
/*
 * Point msg at the destination of one send: the socket's fixed address,
 * or dst_ip/dport (raw, udp) or l2_proto (packet-dgram) written into ss.
 */
void tx_address(const struct tx *t, struct msghdr *msg,
		struct sockaddr_storage *ss, const uint8_t *dst_ip,
		uint16_t dport, uint16_t l2_proto);

#endif
