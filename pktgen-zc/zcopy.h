/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * zcopy: MSG_ZEROCOPY send ids and their completions.  Assigns the 32-bit
 * id of each successful zerocopy send (the kernel counts them the same
 * way, per socket, from 0, wrapping at 2^32), remembers which pool slot it
 * pinned, turns the coalesced ranges [ee_info, ee_data] read from the
 * socket error queue into released slots, exactly once each, and counts
 * everything.  It never writes slot memory and never sends.
 */
#ifndef PZC_ZCOPY_H
#define PZC_ZCOPY_H

#include <stdbool.h>
#include <stdint.h>

#include "pool.h"

struct zc_counters {
	uint64_t sends;		/* ids handed out */
	uint64_t completed;	/* ids completed */
	uint64_t copied;	/* ids completed with ZEROCOPY_COPIED */
	uint64_t notifications;	/* zerocopy messages read */
	uint64_t bogus;		/* ids reported that were not outstanding */
	uint64_t other_errors;	/* non-zerocopy error-queue messages */
};

struct zc {
	uint32_t next_id;	/* id of the next zerocopy send */
	uint32_t oldest;	/* lowest id not yet completed */
	uint32_t mask;		/* ring size - 1 (ring >= outstanding ids) */
	uint32_t *slot_of;	/* id & mask -> slot */
	uint8_t *done;		/* id & mask -> completed, not yet retired */
	uint32_t outstanding;
	struct zc_counters n;
};

/* max_outstanding: the most ids usually in flight (the pool size); the
 * ring gets room for late completions beyond that. */
int zc_init(struct zc *z, uint32_t max_outstanding);
void zc_free(struct zc *z);

/* Record a successful zerocopy send of slot; returns its id. */
uint32_t zc_sent(struct zc *z, uint32_t slot);

/*
 * Complete ids lo..hi (inclusive, wrapping).  Each outstanding id in the
 * range releases its slot in pool; ids not outstanding are counted as
 * bogus and ignored.  Returns the number of ids newly completed.
 */
uint32_t zc_complete(struct zc *z, struct pool *pool, uint32_t lo,
		     uint32_t hi, bool copied);

/*
 * Read every message now on fd's error queue (never blocks) and complete
 * the ranges they carry.  Returns the number of zerocopy notifications
 * read, or -errno on a read error other than EAGAIN.
 */
int zc_drain(struct zc *z, struct pool *pool, int fd);

/*
 * Wait up to timeout_ms for the error queue to become readable, then
 * drain it.  Returns what zc_drain() returns (0 on timeout).
 */
int zc_wait(struct zc *z, struct pool *pool, int fd, int timeout_ms);

/* Is id outstanding (sent, not yet completed)? */
bool zc_is_outstanding(const struct zc *z, uint32_t id);

/*
 * How many more ids may be handed out now.  The ring is indexed by
 * id & mask and must cover every id from oldest (the lowest not
 * completed) to next_id: one late completion holds oldest back while
 * later slots are reused, so the window can be wider than the pool.
 */
static inline uint32_t zc_room(const struct zc *z)
{
	return z->mask + 1 - (z->next_id - z->oldest);
}

#endif
