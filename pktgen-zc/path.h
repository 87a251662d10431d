/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * path: how frames leave, behind one ops table: sendmmsg() batches by
 * copy or with MSG_ZEROCOPY, or the AF_PACKET TX ring.  A path owns the
 * slot lifecycle between the engine and the kernel: a slot is lent to
 * the kernel only by submit() and comes back only through reap() (for
 * the copy path, when the call returns).  The engine never knows which
 * path runs; a path never paces, builds, records or reports.
 */
#ifndef PZC_PATH_H
#define PZC_PATH_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/socket.h>

#include "config.h"
#include "pool.h"
#include "tx.h"
#include "zcopy.h"



struct tx_item;
struct path;

struct path_ops {
	const char *name;
	/*
	 * Hand up to n items (in the order their slots were handed out)
	 * to the kernel.  Returns how many it took, 0..n; *err is the
	 * -errno that stopped it, 0 when it took all.  Items not taken
	 * are still the caller's, their slots FILLING.
	 */
	unsigned int (*submit)(struct path *p, const struct tx_item *it,
			       unsigned int n, int *err);
	/*
	 * Take back what the kernel has let go of, waiting up to
	 * timeout_ms if nothing is ready (0: never wait).  Returns the
	 * slots or ids returned, or -errno when reading fails.
	 */
	int (*reap)(struct path *p, int timeout_ms);
	/* A slot to fill, or -1 when none is free now. */
	int64_t (*get)(struct path *p);
	/* A slot from get() that is not sent after all; slots of one
	 * batch come back newest first. */
	void (*unget)(struct path *p, uint32_t slot);
	/* Sends the kernel still holds (ids, ring frames). */
	uint32_t (*held)(const struct path *p);
	/* After a stop: take back what the kernel was offered but never
	 * picked up.  Returns how many sends that un-does; adds their L2
	 * bytes to *bytes. */
	uint32_t (*abandon)(struct path *p, uint64_t *bytes);
};

struct path_ring;

struct path {
	const struct path_ops *ops;
	enum tx_path kind;
	struct tx *tx;
	struct pool *pool;
	struct zc *zc;		/* the zerocopy path's ids */
	uint64_t kicks_failed;	/* ring: send() calls that said ENOBUFS */
	/* sendmmsg() paths: one message per item */
	struct mmsghdr *mm;
	struct iovec *iov;
	struct sockaddr_storage *addr;
	unsigned int cap;
	struct path_ring *ring;
};

/* The sendmmsg() paths over pool slots; zc only for PATH_ZEROCOPY. */
int path_mmsg_open(struct path *p, enum tx_path kind, struct tx *tx,
		   struct pool *pool, struct zc *zc, unsigned int batch);

/*
 * The TX ring of tx's packet socket, TPACKET_V2, with room for at
 * least frame_len bytes a frame and about bytes in all; pool is set up
 * over the ring's frames (pool_wrap()).  0 or -errno; why says which
 * call failed.
 */
int path_ring_open(struct path *p, struct tx *tx, struct pool *pool,
		   uint32_t frame_len, uint64_t bytes, char *why, size_t len);

void path_close(struct path *p);

/*
 * What the automatic choice weighs: the mode, whether the ring can be
 * used (packet modes, 'send'), whether the kernel took SO_ZEROCOPY on
 * this socket, and the bytes of one send.
 */
struct path_want {
	bool packet_mode;
	bool ring_ok;
	bool zc_ok;
	uint32_t send_bytes;
};

#define PATH_ZC_MIN_BYTES 8192
#define PATH_ZC_MIN_STR "8192"

/* The path for --path auto, and why (a static string). */
enum tx_path path_auto(const struct path_want *w, const char **why);

/* The ring's frame size for frames of up to frame_len bytes. */
uint32_t path_ring_frame_size(uint32_t frame_len);
/* Largest frame the ring takes for a slot of frame_size bytes. */
uint32_t path_ring_frame_cap(uint32_t frame_size);

#endif
