/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * pool: pinned transmit slots.  One mapping, locked and pre-faulted (and
 * optionally on huge pages), cut into equal slots, each FREE, FILLING (the
 * sender owns it) or INFLIGHT (the kernel owns it until a zerocopy
 * completion hands it back).  The pool enforces that state machine: it
 * never hands out a slot that is not FREE.  It knows nothing of sockets or
 * send ids (that is zcopy.c).
 */
#ifndef PZC_POOL_H
#define PZC_POOL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * RESIDENT slots (replay's preloaded captures) are never written again
 * after loading, so they may be in flight several times at once; the
 * others are written only while FILLING, which needs refs == 0.
 */
enum slot_state { SLOT_FREE, SLOT_FILLING, SLOT_INFLIGHT, SLOT_RESIDENT };

/* Slots a pool holds at most (its indexes and send ids are 32-bit; this
 * keeps the bookkeeping arrays under 200 MB). */
#define POOL_MAX_SLOTS (1u << 24)

struct pool {
	uint8_t *mem;
	size_t map_bytes;
	uint32_t slot_size;	/* bytes a slot holds */
	uint32_t stride;	/* bytes from one slot to the next */
	uint32_t nslots;
	uint32_t max_slots;	/* pool_grow() may map up to these */
	size_t reserved;	/* address space for max_slots */
	uint32_t *free_ring;	/* FIFO: slots are used round-robin, so the
				 * working set is the whole pool, in copy
				 * mode as in zerocopy mode */
	uint32_t free_head;
	uint32_t nfree;
	uint8_t *state;
	uint32_t *refs;		/* send ids outstanding per slot */
	uint32_t inflight;	/* send ids outstanding in all */
	uint32_t peak_inflight;
	bool huge;
	bool locked;
	bool wrapped;		/* pool_wrap(): the memory is not ours */
	uint64_t memlock_need;	/* on -ENOMEM/-EPERM: bytes to lock */
	uint64_t memlock_soft, memlock_hard;
};

/*
 * Map nslots slots of slot_size bytes (rounded up to 64).  Raises the
 * soft RLIMIT_MEMLOCK toward the hard limit if needed.  Returns 0, or
 * -ENOMEM/-EPERM when the memory cannot be locked (memlock_* say why),
 * -EINVAL for a bad geometry, or another -errno from mmap.
 */
int pool_create(struct pool *p, uint32_t nslots, uint32_t slot_size,
		bool huge);
/*
 * A pool over memory that another owner mapped and pins (the TX ring's
 * frames): nslots slots of slot_size bytes, stride apart from mem.  Its
 * slots are handed out by that owner, not by pool_get(); bytes is only
 * reported.  pool_destroy() leaves the memory alone.
 */
void pool_wrap(struct pool *p, uint8_t *mem, uint32_t nslots,
	       uint32_t stride, uint32_t slot_size, size_t bytes);
/*
 * A pool that starts with nslots and grows, when pool_get() finds no free
 * slot, up to max_slots (for captures preloaded into resident slots:
 * their size is known only once read).  Growth stops for good at the
 * first chunk that cannot be locked.  Returns what pool_create() does.
 */
int pool_create_growable(struct pool *p, uint32_t nslots, uint32_t max_slots,
			 uint32_t slot_size);
void pool_destroy(struct pool *p);
/* Every slot back to FREE; only while no send id is outstanding. */
void pool_reset(struct pool *p);

static inline uint8_t *pool_slot(const struct pool *p, uint32_t i)
{
	return p->mem + (size_t)i * p->stride;
}

/* FREE -> FILLING.  Returns the slot index or -1 when none is free. */
int64_t pool_get(struct pool *p);
/* FILLING -> FREE (sent by copy, or not sent). */
void pool_put(struct pool *p, uint32_t i);
/* FILLING -> RESIDENT: filled once, then only read (replay preload). */
void pool_make_resident(struct pool *p, uint32_t i);
/* FILLING -> INFLIGHT, or RESIDENT stays RESIDENT: one more send id uses
 * the slot (handed to the kernel with MSG_ZEROCOPY). */
void pool_mark_inflight(struct pool *p, uint32_t i);
/* One send id of slot i completed; the slot turns FREE when it was the
 * last and the slot is not resident.  Returns -EINVAL (and changes
 * nothing) if no id was outstanding on the slot. */
int pool_release(struct pool *p, uint32_t i);

#endif
