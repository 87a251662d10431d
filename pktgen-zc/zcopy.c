// SPDX-License-Identifier: GPL-2.0-only
/* zcopy: MSG_ZEROCOPY ids and completions; see zcopy.h. */
#include "zcopy.h"

#include <errno.h>
#include <time.h>
#include <linux/errqueue.h>
#include <linux/if_packet.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#ifndef SOL_PACKET
#define SOL_PACKET 263
#endif

int zc_init(struct zc *z, uint32_t max_outstanding)
{
	uint32_t ring = 1;

	memset(z, 0, sizeof(*z));
	if (max_outstanding < 4096)
		max_outstanding = 4096;
	while (ring < 4ull * max_outstanding && ring < (1u << 31))
		ring <<= 1;
	z->slot_of = calloc(ring, sizeof(*z->slot_of));
	z->done = calloc(ring, 1);
	if (!z->slot_of || !z->done) {
		zc_free(z);
		return -ENOMEM;
	}
	z->mask = ring - 1;
	return 0;
}

void zc_free(struct zc *z)
{
	free(z->slot_of);
	free(z->done);
	z->slot_of = NULL;
	z->done = NULL;
}

bool zc_is_outstanding(const struct zc *z, uint32_t id)
{
	/* Unsigned differences make the 2^32 wrap disappear. */
	return id - z->oldest < z->next_id - z->oldest &&
	       !z->done[id & z->mask];
}

uint32_t zc_sent(struct zc *z, uint32_t slot)
{
	uint32_t id = z->next_id++;

	/* An id past the ring would overwrite a live entry. */
	if (id - z->oldest > z->mask)
		abort();	/* the caller must check zc_room() */
	z->slot_of[id & z->mask] = slot;
	z->done[id & z->mask] = 0;
	z->outstanding++;
	z->n.sends++;
	return id;
}

uint32_t zc_complete(struct zc *z, struct pool *pool, uint32_t lo,
		     uint32_t hi, bool copied)
{
	uint32_t span = hi - lo + 1, newly = 0;

	/* A range wider than everything ever outstanding is corrupt; the
	 * loop below would still be correct, only slow. */
	if (hi - lo > z->next_id - z->oldest) {
		z->n.bogus += (uint64_t)(hi - lo) + 1;
		return 0;
	}
	for (uint32_t k = 0; k < span; k++) {
		uint32_t id = lo + k;

		if (!zc_is_outstanding(z, id)) {
			z->n.bogus++;
			continue;
		}
		z->done[id & z->mask] = 1;
		if (pool)
			pool_release(pool, z->slot_of[id & z->mask]);
		z->outstanding--;
		newly++;
	}
	/* Retire the completed prefix so the ring index can be reused. */
	while (z->oldest != z->next_id && z->done[z->oldest & z->mask]) {
		z->done[z->oldest & z->mask] = 0;
		z->oldest++;
	}
	z->n.completed += newly;
	if (copied)
		z->n.copied += newly;
	return newly;
}

static const struct sock_extended_err *find_serr(struct msghdr *msg)
{
	struct cmsghdr *cm;

	for (cm = CMSG_FIRSTHDR(msg); cm; cm = CMSG_NXTHDR(msg, cm)) {
		if ((cm->cmsg_level == SOL_IP && cm->cmsg_type == IP_RECVERR) ||
		    (cm->cmsg_level == SOL_IPV6 &&
		     cm->cmsg_type == IPV6_RECVERR) ||
		    (cm->cmsg_level == SOL_PACKET &&
		     cm->cmsg_type == PACKET_TX_TIMESTAMP))
			return (const struct sock_extended_err *)CMSG_DATA(cm);
	}
	return NULL;
}

int zc_drain(struct zc *z, struct pool *pool, int fd)
{
	int got = 0;

	for (;;) {
		union {
			char buf[CMSG_SPACE(sizeof(struct sock_extended_err) +
					    sizeof(struct sockaddr_in6)) * 2];
			struct cmsghdr align;
		} control;
		struct msghdr msg = {
			.msg_control = control.buf,
			.msg_controllen = sizeof(control.buf),
		};
		const struct sock_extended_err *serr;

		if (recvmsg(fd, &msg, MSG_ERRQUEUE | MSG_DONTWAIT) < 0) {
			if (errno == EAGAIN || errno == EWOULDBLOCK)
				break;
			if (errno == EINTR)
				continue;
			return -errno;
		}
		serr = find_serr(&msg);
		if (!serr || serr->ee_origin != SO_EE_ORIGIN_ZEROCOPY ||
		    serr->ee_errno != 0) {
			z->n.other_errors++;
			continue;
		}
		z->n.notifications++;
		got++;
		zc_complete(z, pool, serr->ee_info, serr->ee_data,
			    serr->ee_code & SO_EE_CODE_ZEROCOPY_COPIED);
	}
	return got;
}

int zc_wait(struct zc *z, struct pool *pool, int fd, int timeout_ms)
{
	/* The error queue shows as POLLERR whatever events are asked for. */
	struct pollfd pfd = { .fd = fd, .events = 0 };
	int r = poll(&pfd, 1, timeout_ms);

	if (r < 0)
		return errno == EINTR ? 0 : -errno;
	if (r == 0)
		return 0;
	return zc_drain(z, pool, fd);
}
