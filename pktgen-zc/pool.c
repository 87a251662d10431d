// SPDX-License-Identifier: GPL-2.0-only
/* pool: pinned transmit slots; see pool.h. */
#include "pool.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>

#ifndef MAP_HUGE_2MB
#define MAP_HUGE_2MB (21 << 26)
#endif

#define HUGE_2MB (2u << 20)

/* Without CAP_IPC_LOCK the soft RLIMIT_MEMLOCK caps us: raise it to the
 * hard limit.  Returns true if it was raised. */
static bool raise_memlock(void)
{
	struct rlimit rl;

	if (getrlimit(RLIMIT_MEMLOCK, &rl) || rl.rlim_cur == RLIM_INFINITY ||
	    rl.rlim_cur >= rl.rlim_max)
		return false;
	rl.rlim_cur = rl.rlim_max;
	return !setrlimit(RLIMIT_MEMLOCK, &rl);
}

static void note_memlock(struct pool *p, size_t bytes)
{
	struct rlimit rl;

	p->memlock_need = bytes;
	if (getrlimit(RLIMIT_MEMLOCK, &rl))
		return;
	p->memlock_soft = rl.rlim_cur == RLIM_INFINITY ? UINT64_MAX :
			  rl.rlim_cur;
	p->memlock_hard = rl.rlim_max == RLIM_INFINITY ? UINT64_MAX :
			  rl.rlim_max;
}

/*
 * MAP_LOCKED makes mmap() itself fail (EAGAIN) past RLIMIT_MEMLOCK; the
 * mlock() after it keeps the pages resident for good.  Checking the
 * mapping, not only mlock(), also holds where mlock() is a no-op (the
 * sanitizer runtimes make it one).
 */
static void *map_locked(size_t bytes, int flags, int *err)
{
	void *m = mmap(NULL, bytes, PROT_READ | PROT_WRITE,
		       flags | MAP_LOCKED, -1, 0);

	if (m == MAP_FAILED && errno == EAGAIN && raise_memlock())
		m = mmap(NULL, bytes, PROT_READ | PROT_WRITE,
			 flags | MAP_LOCKED, -1, 0);
	if (m == MAP_FAILED) {
		*err = errno == EAGAIN || errno == EPERM ? -ENOMEM : -errno;
		return NULL;
	}
	if (mlock(m, bytes) && !(errno == ENOMEM && raise_memlock() &&
				 !mlock(m, bytes))) {
		*err = -ENOMEM;
		munmap(m, bytes);
		return NULL;
	}
	return m;
}

/* The bookkeeping of a mapped pool: room for max slots, nslots free. */
static int pool_setup(struct pool *p, uint32_t nslots, uint32_t max,
		      uint32_t slot_size)
{
	p->slot_size = p->stride = slot_size;
	p->nslots = nslots;
	p->max_slots = max;
	p->locked = true;
	p->free_ring = calloc(max, sizeof(*p->free_ring));
	p->state = calloc(max, 1);
	p->refs = calloc(max, sizeof(*p->refs));
	if (!p->free_ring || !p->state || !p->refs) {
		pool_destroy(p);
		return -ENOMEM;
	}
	for (uint32_t i = 0; i < nslots; i++)
		p->free_ring[i] = i;
	p->nfree = nslots;
	return 0;
}

int pool_create(struct pool *p, uint32_t nslots, uint32_t slot_size,
		bool huge)
{
	int flags = MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE;
	size_t bytes;
	int err = 0;

	memset(p, 0, sizeof(*p));
	if (!nslots || !slot_size)
		return -EINVAL;
	slot_size = (slot_size + 63) & ~63u;
	bytes = (size_t)nslots * slot_size;
	if (huge) {
		bytes = (bytes + HUGE_2MB - 1) & ~((size_t)HUGE_2MB - 1);
		flags |= MAP_HUGETLB | MAP_HUGE_2MB;
	}
	p->mem = map_locked(bytes, flags, &err);
	if (!p->mem) {
		if (err == -ENOMEM && !huge)
			note_memlock(p, bytes);
		return err;
	}
	p->map_bytes = bytes;
	p->huge = huge;
	return pool_setup(p, nslots, nslots, slot_size);
}

/* Lock and fault in bytes at m: 0 or -ENOMEM. */
static int lock_range(uint8_t *m, size_t bytes)
{
	if (mlock(m, bytes) && !(errno == ENOMEM && raise_memlock() &&
				 !mlock(m, bytes)))
		return -ENOMEM;
	/* mlock() faults the pages in, except where it is a no-op (the
	 * sanitizer runtimes): touch them then. */
	for (size_t o = 0; o < bytes; o += 4096)
		((volatile uint8_t *)m)[o] = 0;
	return 0;
}

int pool_create_growable(struct pool *p, uint32_t nslots, uint32_t max_slots,
			 uint32_t slot_size)
{
	size_t bytes, reserved;
	void *m;
	int err;

	if (max_slots <= nslots)
		return pool_create(p, nslots, slot_size, false);
	memset(p, 0, sizeof(*p));
	slot_size = (slot_size + 63) & ~63u;
	bytes = (size_t)nslots * slot_size;
	reserved = (size_t)max_slots * slot_size;
	/* Address space only; pages are locked as the pool grows. */
	m = mmap(NULL, reserved, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (m == MAP_FAILED)
		return -errno;
	err = lock_range(m, bytes);
	if (err) {
		munmap(m, reserved);
		note_memlock(p, bytes);
		return err;
	}
	p->mem = m;
	p->reserved = reserved;
	p->map_bytes = bytes;
	return pool_setup(p, nslots, max_slots, slot_size);
}

/* More slots: double, up to max_slots.  Returns true if it grew. */
static bool pool_grow(struct pool *p)
{
	uint32_t add = p->nslots, old = p->nslots;
	uint32_t cap = p->max_slots;

	if (p->nslots >= cap)
		return false;
	if (add > cap - p->nslots)
		add = cap - p->nslots;
	if (lock_range(p->mem + (size_t)old * p->stride,
		       (size_t)add * p->stride)) {
		p->max_slots = p->nslots;	/* the limit is reached */
		return false;
	}
	/* The free ring is indexed modulo nslots: lay it out afresh (it
	 * is empty whenever we grow). */
	p->free_head = 0;
	for (uint32_t i = 0; i < add; i++)
		p->free_ring[i] = old + i;
	p->nfree = add;
	p->nslots = old + add;
	p->map_bytes = (size_t)p->nslots * p->stride;
	return true;
}

void pool_wrap(struct pool *p, uint8_t *mem, uint32_t nslots,
	       uint32_t stride, uint32_t slot_size, size_t bytes)
{
	memset(p, 0, sizeof(*p));
	p->mem = mem;
	p->map_bytes = bytes;
	p->nslots = nslots;
	p->stride = stride;
	p->slot_size = slot_size;
	p->locked = true;	/* kernel pages: never swapped */
	p->wrapped = true;
}

void pool_destroy(struct pool *p)
{
	if (p->mem && !p->wrapped)
		munmap(p->mem, p->reserved ? p->reserved : p->map_bytes);
	free(p->free_ring);
	free(p->state);
	free(p->refs);
	p->mem = NULL;
	p->free_ring = NULL;
	p->state = NULL;
	p->refs = NULL;
}

static void push_free(struct pool *p, uint32_t i)
{
	p->state[i] = SLOT_FREE;
	p->free_ring[(p->free_head + p->nfree) % p->nslots] = i;
	p->nfree++;
}

void pool_reset(struct pool *p)
{
	if (p->inflight)
		abort();
	for (uint32_t i = 0; i < p->nslots; i++) {
		p->free_ring[i] = i;
		p->state[i] = SLOT_FREE;
		p->refs[i] = 0;
	}
	p->free_head = 0;
	p->nfree = p->nslots;
}

int64_t pool_get(struct pool *p)
{
	uint32_t i;

	if (!p->nfree && !pool_grow(p))
		return -1;
	i = p->free_ring[p->free_head];
	p->free_head = (p->free_head + 1) % p->nslots;
	p->nfree--;
	if (p->state[i] != SLOT_FREE || p->refs[i])
		abort();	/* the free ring and the states disagree */
	p->state[i] = SLOT_FILLING;
	return i;
}

void pool_put(struct pool *p, uint32_t i)
{
	if (i >= p->nslots || p->state[i] != SLOT_FILLING)
		abort();
	push_free(p, i);
}

void pool_make_resident(struct pool *p, uint32_t i)
{
	if (i >= p->nslots || p->state[i] != SLOT_FILLING)
		abort();
	p->state[i] = SLOT_RESIDENT;
}

void pool_mark_inflight(struct pool *p, uint32_t i)
{
	if (i >= p->nslots || (p->state[i] != SLOT_FILLING &&
			       p->state[i] != SLOT_RESIDENT))
		abort();
	if (p->state[i] == SLOT_FILLING)
		p->state[i] = SLOT_INFLIGHT;
	p->refs[i]++;
	if (++p->inflight > p->peak_inflight)
		p->peak_inflight = p->inflight;
}

int pool_release(struct pool *p, uint32_t i)
{
	if (i >= p->nslots || !p->refs[i])
		return -EINVAL;
	p->refs[i]--;
	p->inflight--;
	if (!p->refs[i] && p->state[i] == SLOT_INFLIGHT)
		push_free(p, i);
	return 0;
}
