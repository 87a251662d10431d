// SPDX-License-Identifier: GPL-2.0-only
/*
 * path_ring: the AF_PACKET TX ring (TPACKET_V2); see path.h.  The ring's
 * frames are the pool's slots.  Each frame belongs to us while its
 * status is AVAILABLE and we have not offered it, and to the kernel from
 * the moment we set SEND_REQUEST until it sets AVAILABLE again, which it
 * does only when the skb built on the frame's pages is freed (the skb's
 * destructor, tpacket_destruct_skb()): the ring is zero-copy by nature,
 * so the rule of the zerocopy path holds here too.  The kernel takes
 * frames strictly in ring order from its own head, so frames are handed
 * out, offered and taken back in ring order, and three free-running
 * counters say who owns what:
 *
 *   tail <= sub <= get <= tail + nframes
 *   [tail, sub)  offered to the kernel (sending, or done and not reaped)
 *   [sub, get)   handed to the engine, being filled
 *   the rest     ours, free
 */
#include "path.h"

#include <errno.h>
#include <linux/if_packet.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include "worker.h"

/* Without PACKET_TX_HAS_OFF the data starts here; with it, at tp_mac
 * (SOCK_RAW) or tp_net (SOCK_DGRAM), never before. */
#define RING_DATA_OFF (TPACKET_ALIGN(sizeof(struct tpacket2_hdr)))
#define RING_BLOCK_MIN (64u << 10)
/*
 * With PACKET_VNET_HDR (--gso) tpacket_snd() reads a virtio_net_hdr at
 * tp_mac and the frame right after it (tp_len counts both), so slots
 * start this much later in the ring frame and the header goes in front
 * of the slot (only SOCK_RAW sockets take PACKET_VNET_HDR).
 */
#define RING_VNET_ROOM 16u
/* ring_reap(): how long to spin for a frame, then naps from 50 us,
 * doubling up to 1 ms */
#define RING_SPIN_NS 50000u
#define RING_NAP_NS 50000u
#define RING_NAP_MAX_NS 1000000u

struct path_ring {
	uint8_t *map;
	size_t map_bytes;
	uint32_t frame_size, nframes;	/* nframes: a power of two */
	uint32_t tail, sub, get;
	uint32_t room;		/* slot start past RING_DATA_OFF */
	bool dgram;
	bool kick;		/* offered frames the kernel has not taken */
};

static uint32_t pow2_at_least(uint32_t v)
{
	uint32_t p = 64;

	while (p < v)
		p <<= 1;
	return p;
}

uint32_t path_ring_frame_size(uint32_t frame_len)
{
	return pow2_at_least((uint32_t)RING_DATA_OFF + frame_len);
}

uint32_t path_ring_frame_cap(uint32_t frame_size)
{
	return frame_size - (uint32_t)RING_DATA_OFF;
}

static struct tpacket2_hdr *frame_hdr(const struct path_ring *r, uint32_t i)
{
	return (struct tpacket2_hdr *)(r->map + (size_t)(i & (r->nframes - 1)) *
				       r->frame_size);
}

/* Who owns a frame is in its status word, shared with the kernel: read
 * it with acquire, so the frame's bytes are not touched before the
 * kernel let go, and publish it with release, so the kernel never sees
 * the status before the bytes. */
static uint32_t status_of(const struct tpacket2_hdr *h)
{
	/* A frame given back may carry the time it was sent in the
	 * status (TP_STATUS_TS_*, when the skb had a time stamp): that
	 * is still AVAILABLE. */
	return __atomic_load_n(&h->tp_status, __ATOMIC_ACQUIRE) &
	       ~(TP_STATUS_TS_SOFTWARE | TP_STATUS_TS_SYS_HARDWARE |
		 TP_STATUS_TS_RAW_HARDWARE);
}

static void give_to_kernel(struct tpacket2_hdr *h)
{
	__atomic_store_n(&h->tp_status, TP_STATUS_SEND_REQUEST,
			 __ATOMIC_RELEASE);
}

static int64_t ring_get(struct path *p)
{
	struct path_ring *r = p->ring;

	if (r->get - r->tail >= r->nframes)
		return -1;
	return r->get++ & (r->nframes - 1);
}

static void ring_unget(struct path *p, uint32_t slot)
{
	struct path_ring *r = p->ring;

	if (r->get == r->sub || ((r->get - 1) & (r->nframes - 1)) != slot)
		abort();	/* only the newest frame handed out comes back */
	r->get--;
}

/* Ask the kernel to take every offered frame; it stops at the first it
 * cannot queue and leaves it offered, so a later call goes on there. */
static int kick(struct path *p)
{
	struct path_ring *r = p->ring;
	ssize_t s = sendto(p->tx->fd, NULL, 0, MSG_DONTWAIT,
			   (struct sockaddr *)&p->tx->to, p->tx->tolen);

	if (s >= 0) {
		r->kick = false;
		return 0;
	}
	r->kick = true;
	if (errno == ENOBUFS || errno == EAGAIN) {
		p->kicks_failed++;
		return -EAGAIN;
	}
	return -errno;
}

static unsigned int ring_submit(struct path *p, const struct tx_item *it,
				unsigned int n, int *err)
{
	struct path_ring *r = p->ring;
	uint32_t held;

	for (unsigned int i = 0; i < n; i++) {
		struct tpacket2_hdr *h = frame_hdr(r, r->sub);
		uint32_t vl = p->tx->vnet_len;
		uint32_t off = (uint32_t)RING_DATA_OFF + r->room +
			       it[i].off - vl;

		/* The frames of one batch are the frames handed out, in
		 * order; resident slots are not ring frames. */
		if (it[i].resident || it[i].slot != (r->sub & (r->nframes - 1)))
			abort();
		if (vl)
			memcpy((uint8_t *)h + off, &p->tx->vnet, vl);
		h->tp_len = it[i].len + vl;
		h->tp_snaplen = it[i].len + vl;
		if (r->dgram)
			h->tp_net = (uint16_t)off;
		else
			h->tp_mac = (uint16_t)off;
		give_to_kernel(h);
		r->sub++;
	}
	held = r->sub - r->tail;
	if (held > p->pool->peak_inflight)
		p->pool->peak_inflight = held;
	*err = kick(p);
	/* A full queue leaves frames offered: they go with the next kick,
	 * from reap(); the batch itself was taken. */
	if (*err == -EAGAIN)
		*err = 0;
	return n;
}

static uint64_t mono_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static int ring_reap(struct path *p, int timeout_ms)
{
	struct path_ring *r = p->ring;
	uint64_t start = 0, now, nap = RING_NAP_NS;
	int n = 0, err;

	for (;;) {
		if (r->kick) {
			err = kick(p);
			if (err && err != -EAGAIN)
				return err;
		}
		while (r->tail != r->sub) {
			uint32_t st = status_of(frame_hdr(r, r->tail));

			/* AVAILABLE again: the skb is freed, the kernel
			 * let go of the frame's pages. */

			if (st == TP_STATUS_WRONG_FORMAT) {
				/* Refused: the kernel stops at it (without
				 * PACKET_LOSS) and so must we. */
				return -EINVAL;
			}
			if (st != TP_STATUS_AVAILABLE)
				break;
			r->tail++;
			n++;
		}
		if (n || timeout_ms <= 0 || r->tail == r->sub)
			return n;
		now = mono_ns();
		if (!start)
			start = now;
		if (now - start >= (uint64_t)timeout_ms * 1000000u)
			return 0;
		/*
		 * Nothing wakes us when the kernel frees a frame: POLLOUT on
		 * a packet socket also means "send buffer not full", on
		 * nearly always, so poll() would spin.  Frames usually come
		 * back within microseconds: yield for a while, then nap,
		 * longer and longer (a slow queue, large --gso frames, the
		 * end of a run).
		 */
		if (now - start < RING_SPIN_NS) {
			sched_yield();
		} else {
			struct timespec ts = { 0, (long)nap };

			nanosleep(&ts, NULL);
			if (nap < RING_NAP_MAX_NS)
				nap *= 2;
		}
	}
}

static uint32_t ring_held(const struct path *p)
{
	return p->ring->sub - p->ring->tail;
}

static uint32_t ring_abandon(struct path *p, uint64_t *bytes)
{
	struct path_ring *r = p->ring;
	uint32_t n = 0;

	/* The kernel takes offered frames in order and only inside our
	 * own send(), so what it has not taken is a run at the end, and
	 * nothing takes it while we are not calling. */
	while (r->sub != r->tail) {
		struct tpacket2_hdr *h = frame_hdr(r, r->sub - 1);

		if (status_of(h) != TP_STATUS_SEND_REQUEST)
			break;
		/* tp_mac/tp_net less the fixed offset: the link
		 * header bytes ahead of what the kernel was given. */
		*bytes += h->tp_len + (r->dgram ? h->tp_net : h->tp_mac) -
			  RING_DATA_OFF - r->room;
		__atomic_store_n(&h->tp_status, TP_STATUS_AVAILABLE,
				 __ATOMIC_RELEASE);
		r->sub--;
		n++;
	}
	r->kick = false;
	return n;
}

static const struct path_ops ring_ops = {
	.name = "ring",
	.submit = ring_submit,
	.reap = ring_reap,
	.get = ring_get,
	.unget = ring_unget,
	.held = ring_held,
	.abandon = ring_abandon,
};


int path_ring_open(struct path *p, struct tx *tx, struct pool *pool,
		   uint32_t frame_len, uint64_t bytes, char *why, size_t len)
{
	struct tpacket_req req = { 0 };
	struct path_ring *r;
	int v2 = TPACKET_V2, one = 1;
	uint32_t block;
	uint64_t nblocks;

	memset(p, 0, sizeof(*p));
	p->kind = PATH_RING;
	p->ops = &ring_ops;
	p->tx = tx;
	p->pool = pool;
	r = calloc(1, sizeof(*r));
	if (!r)
		return -ENOMEM;
	p->ring = r;
	/* packet-dgram with --gso runs on a SOCK_RAW socket (tx_packet.c) */
	r->dgram = tx->mode == MODE_PACKET_DGRAM && !tx->vnet_len;
	r->room = tx->vnet_len ? RING_VNET_ROOM : 0;
	r->frame_size = path_ring_frame_size(frame_len + r->room);
	block = r->frame_size > RING_BLOCK_MIN ? r->frame_size : RING_BLOCK_MIN;
	/* A power of two of blocks, so that frame numbers wrap with a
	 * mask: the largest that fits in bytes, at least two. */
	nblocks = 2;
	while (nblocks * 2 * block <= bytes &&
	       nblocks * 2 * (block / r->frame_size) <= (1u << 24))
		nblocks *= 2;
	req.tp_block_size = block;
	req.tp_block_nr = (unsigned int)nblocks;
	req.tp_frame_size = r->frame_size;
	req.tp_frame_nr = (unsigned int)nblocks * (block / r->frame_size);
	if (setsockopt(tx->fd, SOL_PACKET, PACKET_VERSION, &v2, sizeof(v2))) {
		snprintf(why, len, "setsockopt(PACKET_VERSION, TPACKET_V2)");
		return -errno;
	}
	/* Per-frame data offsets, so that packet-dgram frames keep their
	 * Ethernet header in the slot (for --write-pcap) and hand the
	 * kernel only the L3 packet. */
	if (setsockopt(tx->fd, SOL_PACKET, PACKET_TX_HAS_OFF, &one,
		       sizeof(one))) {
		snprintf(why, len, "setsockopt(PACKET_TX_HAS_OFF)");
		return -errno;
	}
	if (setsockopt(tx->fd, SOL_PACKET, PACKET_TX_RING, &req, sizeof(req))) {
		snprintf(why, len, "setsockopt(PACKET_TX_RING, %u frames of %u "
			 "bytes)", req.tp_frame_nr, req.tp_frame_size);
		return -errno;
	}
	r->nframes = req.tp_frame_nr;
	r->map_bytes = (size_t)block * nblocks;
	r->map = mmap(NULL, r->map_bytes, PROT_READ | PROT_WRITE, MAP_SHARED,
		      tx->fd, 0);
	if (r->map == MAP_FAILED) {
		r->map = NULL;
		snprintf(why, len, "mmap of the %zu KiB TX ring",
			 r->map_bytes >> 10);
		return -errno;
	}
	/* The frames are the slots: data at a fixed offset in each. */
	pool_wrap(pool, r->map + RING_DATA_OFF + r->room, r->nframes,
		  r->frame_size, path_ring_frame_cap(r->frame_size) - r->room,
		  r->map_bytes);
	return 0;
}

void path_close(struct path *p)
{
	if (p->ring) {
		if (p->ring->map)
			munmap(p->ring->map, p->ring->map_bytes);
		free(p->ring);
	}
	free(p->mm);
	free(p->iov);
	free(p->addr);
	memset(p, 0, sizeof(*p));
}
