// SPDX-License-Identifier: GPL-2.0-only
/*
 * test_zc: zerocopy send ids (zcopy.c) and the pinned pool's state
 * machine (pool.c), alone and together under a fake notification stream:
 * random coalesced ranges delivered in random order, 100,000 sends
 * through an 8-slot pool, with the pool's state checked against a shadow
 * model after every step.
 *
 * pool_create() locks memory.  As root that always works; without
 * CAP_IPC_LOCK and with a tiny RLIMIT_MEMLOCK it may not, and then the
 * pool_create test says SKIPPED loudly on stderr and the state-machine
 * tests run on a heap-backed pool of the same layout instead.
 *
 * About 700 CUnit assertions; the stream test checks its invariants
 * (~3 million comparisons) in plain C and asserts on the counts, to stay
 * fast.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pool.h"
#include "unit.h"
#include "zcopy.h"

static bool mlock_skipped;

/* A pool: the real one if it can be locked, else the same on the heap. */
static void pool_make(struct pool *p, uint32_t nslots, uint32_t slot_size)
{
	int err = pool_create(p, nslots, slot_size, false);

	if (err == 0)
		return;
	CU_ASSERT_FATAL(err == -ENOMEM || err == -EPERM);
	if (!mlock_skipped)
		fprintf(stderr, "\n*** SKIPPED: pool_create could not lock "
			"%llu bytes (RLIMIT_MEMLOCK soft %llu, hard %llu); "
			"state-machine tests use a heap pool instead ***\n",
			(unsigned long long)p->memlock_need,
			(unsigned long long)p->memlock_soft,
			(unsigned long long)p->memlock_hard);
	mlock_skipped = true;
	memset(p, 0, sizeof(*p));
	p->slot_size = (slot_size + 63) & ~63u;
	p->nslots = nslots;
	p->map_bytes = (size_t)nslots * p->slot_size;
	p->mem = NULL;
	p->free_ring = calloc(nslots, sizeof(*p->free_ring));
	p->state = calloc(nslots, 1);
	p->refs = calloc(nslots, sizeof(*p->refs));
	CU_ASSERT_FATAL(p->free_ring && p->state && p->refs);
	for (uint32_t i = 0; i < nslots; i++)
		p->free_ring[i] = i;
	p->nfree = nslots;
}

static void test_pool_create(void)
{
	struct pool p;
	int err;

	CU_ASSERT_EQUAL(pool_create(&p, 0, 64, false), -EINVAL);
	CU_ASSERT_EQUAL(pool_create(&p, 4, 0, false), -EINVAL);
	err = pool_create(&p, 16, 100, false);
	if (err == -ENOMEM || err == -EPERM) {
		fprintf(stderr, "\n*** SKIPPED pool_create: cannot lock %llu "
			"bytes (RLIMIT_MEMLOCK soft %llu hard %llu); run as "
			"root or raise the limit ***\n",
			(unsigned long long)p.memlock_need,
			(unsigned long long)p.memlock_soft,
			(unsigned long long)p.memlock_hard);
		mlock_skipped = true;
		return;
	}
	CU_ASSERT_EQUAL_FATAL(err, 0);
	CU_ASSERT_TRUE(p.locked);
	CU_ASSERT_EQUAL(p.slot_size, 128);	/* rounded up to 64 */
	CU_ASSERT_EQUAL(p.nslots, 16);
	CU_ASSERT_EQUAL(p.nfree, 16);
	CU_ASSERT(p.map_bytes >= 16 * 128);
	CU_ASSERT_EQUAL(((uintptr_t)pool_slot(&p, 1)) % 64, 0);
	CU_ASSERT_EQUAL(pool_slot(&p, 15) - pool_slot(&p, 0), 15 * 128);
	for (uint32_t i = 0; i < 16; i++) {
		CU_ASSERT_EQUAL(p.state[i], SLOT_FREE);
		CU_ASSERT_EQUAL(p.refs[i], 0);
		CU_ASSERT_EQUAL(pool_slot(&p, i)[0], 0);	/* zeroed */
		memset(pool_slot(&p, i), (int)i, 128);		/* writable */
	}
	CU_ASSERT_EQUAL(pool_slot(&p, 7)[127], 7);
	pool_destroy(&p);
	CU_ASSERT_PTR_NULL(p.mem);
	pool_destroy(&p);		/* twice is harmless */
}

static void test_pool_states(void)
{
	struct pool p;
	int64_t s;

	pool_make(&p, 4, 64);
	/* FIFO: slots come round-robin. */
	for (int i = 0; i < 4; i++)
		CU_ASSERT_EQUAL(pool_get(&p), i);
	CU_ASSERT_EQUAL(pool_get(&p), -1);
	CU_ASSERT_EQUAL(p.nfree, 0);
	/* Release of a slot with no id outstanding: -EINVAL, no change. */
	CU_ASSERT_EQUAL(pool_release(&p, 0), -EINVAL);	/* FILLING */
	CU_ASSERT_EQUAL(pool_release(&p, 4), -EINVAL);	/* out of range */
	CU_ASSERT_EQUAL(pool_release(&p, UINT32_MAX), -EINVAL);
	CU_ASSERT_EQUAL(p.state[0], SLOT_FILLING);
	CU_ASSERT_EQUAL(p.nfree, 0);
	/* FILLING -> FREE by copy. */
	pool_put(&p, 2);
	CU_ASSERT_EQUAL(p.state[2], SLOT_FREE);
	CU_ASSERT_EQUAL(pool_release(&p, 2), -EINVAL);	/* FREE */
	/* FILLING -> INFLIGHT -> FREE, exactly once. */
	pool_mark_inflight(&p, 0);
	pool_mark_inflight(&p, 1);
	pool_mark_inflight(&p, 3);
	CU_ASSERT_EQUAL(p.inflight, 3);
	CU_ASSERT_EQUAL(p.peak_inflight, 3);
	CU_ASSERT_EQUAL(p.state[0], SLOT_INFLIGHT);
	CU_ASSERT_EQUAL(p.refs[0], 1);
	/* Only the free slot 2 can be had; in-flight ones never. */
	s = pool_get(&p);
	CU_ASSERT_EQUAL(s, 2);
	CU_ASSERT_EQUAL(pool_get(&p), -1);
	pool_put(&p, 2);
	CU_ASSERT_EQUAL(pool_release(&p, 1), 0);
	CU_ASSERT_EQUAL(p.state[1], SLOT_FREE);
	CU_ASSERT_EQUAL(pool_release(&p, 1), -EINVAL);	/* returned once */
	CU_ASSERT_EQUAL(p.inflight, 2);
	CU_ASSERT_EQUAL(p.nfree, 2);
	CU_ASSERT_EQUAL(pool_get(&p), 2);	/* FIFO order of returns */
	CU_ASSERT_EQUAL(pool_get(&p), 1);
	CU_ASSERT_EQUAL(pool_get(&p), -1);
	CU_ASSERT_EQUAL(pool_release(&p, 3), 0);
	CU_ASSERT_EQUAL(pool_release(&p, 0), 0);
	CU_ASSERT_EQUAL(p.inflight, 0);
	CU_ASSERT_EQUAL(p.peak_inflight, 3);
	CU_ASSERT_EQUAL(pool_get(&p), 3);
	CU_ASSERT_EQUAL(pool_get(&p), 0);

	/* RESIDENT: in flight several times at once, never freed. */
	pool_make_resident(&p, 3);
	for (int i = 0; i < 5; i++)
		pool_mark_inflight(&p, 3);
	CU_ASSERT_EQUAL(p.state[3], SLOT_RESIDENT);
	CU_ASSERT_EQUAL(p.refs[3], 5);
	for (int i = 0; i < 5; i++)
		CU_ASSERT_EQUAL(pool_release(&p, 3), 0);
	CU_ASSERT_EQUAL(p.state[3], SLOT_RESIDENT);
	CU_ASSERT_EQUAL(p.refs[3], 0);
	CU_ASSERT_EQUAL(pool_release(&p, 3), -EINVAL);
	CU_ASSERT_EQUAL(p.nfree, 0);		/* not put on the free ring */
	pool_destroy(&p);
}

/* ---- zcopy ids ---- */

static void send_n(struct zc *z, struct pool *p, uint32_t n, uint32_t *ids)
{
	for (uint32_t k = 0; k < n; k++) {
		int64_t s = pool_get(p);

		CU_ASSERT_FATAL(s >= 0);
		pool_mark_inflight(p, (uint32_t)s);
		ids[k] = zc_sent(z, (uint32_t)s);
	}
}

static void test_zc_wrap(void)
{
	struct zc z;
	struct pool p;
	uint32_t ids[512];

	pool_make(&p, 512, 64);
	CU_ASSERT_EQUAL_FATAL(zc_init(&z, 512), 0);
	z.next_id = z.oldest = 0xffffff00u;
	send_n(&z, &p, 512, ids);
	CU_ASSERT_EQUAL(ids[0], 0xffffff00u);
	CU_ASSERT_EQUAL(ids[255], 0xffffffffu);
	CU_ASSERT_EQUAL(ids[256], 0);
	CU_ASSERT_EQUAL(ids[511], 0xff);
	CU_ASSERT_TRUE(zc_is_outstanding(&z, 0xffffff00u));
	CU_ASSERT_TRUE(zc_is_outstanding(&z, 0));
	CU_ASSERT_TRUE(zc_is_outstanding(&z, 0xff));
	CU_ASSERT_FALSE(zc_is_outstanding(&z, 0x100));
	CU_ASSERT_FALSE(zc_is_outstanding(&z, 0xfffffeffu));
	CU_ASSERT_EQUAL(p.inflight, 512);
	/* One range across the wrap: [0xfffffff0, 0x0f]. */
	CU_ASSERT_EQUAL(zc_complete(&z, &p, 0xfffffff0u, 0x0f, false), 32);
	CU_ASSERT_EQUAL(p.nfree, 32);
	CU_ASSERT_EQUAL(z.oldest, 0xffffff00u);	/* 0xffffff00 still out */
	CU_ASSERT_FALSE(zc_is_outstanding(&z, 0xffffffffu));
	CU_ASSERT_FALSE(zc_is_outstanding(&z, 0));
	/* The rest in one wrapping range: the overlap is bogus. */
	CU_ASSERT_EQUAL(zc_complete(&z, &p, 0xffffff00u, 0xff, true), 480);
	CU_ASSERT_EQUAL(z.n.bogus, 32);
	CU_ASSERT_EQUAL(z.n.completed, 512);
	CU_ASSERT_EQUAL(z.n.copied, 480);
	CU_ASSERT_EQUAL(z.outstanding, 0);
	CU_ASSERT_EQUAL(z.oldest, 0x100);
	CU_ASSERT_EQUAL(z.oldest, z.next_id);
	CU_ASSERT_EQUAL(p.nfree, 512);
	CU_ASSERT_EQUAL(p.inflight, 0);
	zc_free(&z);
	pool_destroy(&p);
}

static void test_zc_ranges(void)
{
	struct zc z;
	struct pool p;
	uint32_t ids[16];

	pool_make(&p, 16, 64);
	CU_ASSERT_EQUAL_FATAL(zc_init(&z, 16), 0);
	send_n(&z, &p, 16, ids);
	CU_ASSERT_EQUAL(ids[0], 0);
	CU_ASSERT_EQUAL(ids[15], 15);
	/* Out of order. */
	CU_ASSERT_EQUAL(zc_complete(&z, &p, 8, 11, false), 4);
	CU_ASSERT_EQUAL(z.oldest, 0);
	CU_ASSERT_EQUAL(zc_complete(&z, &p, 0, 1, false), 2);
	CU_ASSERT_EQUAL(z.oldest, 2);
	/* Overlapping: 10 and 11 again are bogus, 12..13 are new. */
	CU_ASSERT_EQUAL(zc_complete(&z, &p, 10, 13, false), 2);
	CU_ASSERT_EQUAL(z.n.bogus, 2);
	/* Duplicates: exactly once each. */
	CU_ASSERT_EQUAL(zc_complete(&z, &p, 5, 5, false), 1);
	CU_ASSERT_EQUAL(zc_complete(&z, &p, 5, 5, false), 0);
	CU_ASSERT_EQUAL(z.n.bogus, 3);
	CU_ASSERT_EQUAL(zc_complete(&z, &p, 0, 0, false), 0);	/* retired */
	CU_ASSERT_EQUAL(z.n.bogus, 4);
	/* Ids never sent are bogus. */
	CU_ASSERT_EQUAL(zc_complete(&z, &p, 16, 16, false), 0);
	CU_ASSERT_EQUAL(z.n.bogus, 5);
	/* A range wider than anything outstanding is rejected whole. */
	CU_ASSERT_EQUAL(zc_complete(&z, &p, 2, 1000, false), 0);
	CU_ASSERT_EQUAL(z.n.bogus, 5 + 999);
	/* lo > hi: a range wrapping all the way round, rejected. */
	CU_ASSERT_EQUAL(zc_complete(&z, &p, 7, 6, false), 0);
	CU_ASSERT_EQUAL(z.n.bogus, 5 + 999 + 0x100000000ull);
	CU_ASSERT_TRUE(zc_is_outstanding(&z, 2));
	CU_ASSERT_TRUE(zc_is_outstanding(&z, 15));
	CU_ASSERT_EQUAL(z.outstanding, 16 - 4 - 2 - 2 - 1);
	CU_ASSERT_EQUAL(p.inflight, z.outstanding);
	/* Copied completions are counted as such. */
	CU_ASSERT_EQUAL(zc_complete(&z, &p, 2, 4, true), 3);
	CU_ASSERT_EQUAL(z.oldest, 6);
	/* 6, 7, 14 and 15 are left; 8..13 in the range are bogus. */
	CU_ASSERT_EQUAL(zc_complete(&z, &p, 6, 15, true), 4);
	CU_ASSERT_EQUAL(z.n.copied, 7);
	CU_ASSERT_EQUAL(z.n.bogus, 5 + 999 + 0x100000000ull + 6);
	CU_ASSERT_EQUAL(z.n.completed, 16);
	CU_ASSERT_EQUAL(z.n.sends, 16);
	CU_ASSERT_EQUAL(z.outstanding, 0);
	CU_ASSERT_EQUAL(z.oldest, 16);
	CU_ASSERT_EQUAL(p.nfree, 16);
	/* Without a pool (counting only). */
	zc_sent(&z, 0);
	CU_ASSERT_EQUAL(zc_complete(&z, NULL, 16, 16, false), 1);
	zc_free(&z);
	pool_destroy(&p);
}

/*
 * The id ring is indexed by id & mask and sized for max_outstanding ids,
 * but an early id that completes late keeps oldest back while later slots
 * are reused: outstanding stays within the pool, yet next_id - oldest
 * grows past the ring.  The late id must still release its own slot.
 */
static void test_zc_late_first_id(void)
{
	struct zc z;
	struct pool p;
	uint32_t ids[4];

	pool_make(&p, 4, 64);
	CU_ASSERT_EQUAL_FATAL(zc_init(&z, 4), 0);
	send_n(&z, &p, 4, ids);			/* ids 0-3 on slots 0-3 */
	CU_ASSERT_EQUAL(zc_complete(&z, &p, 1, 3, false), 3);
	send_n(&z, &p, 3, ids);			/* ids 4-6 on slots 1-3 */
	CU_ASSERT_EQUAL(ids[0], 4);
	CU_ASSERT_EQUAL(p.nfree, 0);
	/* Id 0 (slot 0) completes at last. */
	CU_ASSERT_EQUAL(zc_complete(&z, &p, 0, 0, false), 1);
	CU_ASSERT_EQUAL(p.state[0], SLOT_FREE);		/* its own slot */
	CU_ASSERT_EQUAL(p.state[1], SLOT_INFLIGHT);	/* id 4's slot */
	CU_ASSERT_EQUAL(p.refs[1], 1);
	CU_ASSERT_TRUE(zc_is_outstanding(&z, 4));
	CU_ASSERT_TRUE(zc_is_outstanding(&z, 5));
	CU_ASSERT_FALSE(zc_is_outstanding(&z, 1));
	CU_ASSERT_EQUAL(z.oldest, 4);
	CU_ASSERT_EQUAL(z.outstanding, 3);
	zc_free(&z);
	pool_destroy(&p);
}

/* ---- the fake kernel: random coalesced ranges, random order ---- */

#define NSLOTS 8
#define NSENDS 100000u
#define WIN 4096		/* ids the fake kernel remembers */

struct fake {
	uint32_t base;			/* id of pend[0] */
	bool pend[WIN];			/* sent, not yet notified */
	uint32_t slot[WIN];
	uint32_t hold[NSLOTS];		/* ids pending per slot (shadow) */
	uint32_t npend;
};

static uint32_t fk_idx(const struct fake *k, uint32_t id)
{
	(void)k;
	return id % WIN;	/* WIN divides 2^32: no jump at the wrap */
}

/* Notify one random run of pending ids; returns the ids completed. */
static uint32_t fk_notify(struct fake *k, struct zc *z, struct pool *p,
			  uint32_t next_id, uint64_t *rs, uint32_t *errs)
{
	uint32_t span = next_id - k->base, start, lo, hi, got;

	if (!k->npend)
		return 0;
	/* A random pending id, then extend over pending neighbours. */
	do
		start = k->base + unit_rand(rs) % span;
	while (!k->pend[fk_idx(k, start)]);
	lo = hi = start;
	while (lo != k->base && k->pend[fk_idx(k, lo - 1)] &&
	       unit_rand(rs) % 4)
		lo--;
	while (hi + 1 != next_id && k->pend[fk_idx(k, hi + 1)] &&
	       unit_rand(rs) % 4)
		hi++;
	got = zc_complete(z, p, lo, hi, false);
	if (got != hi - lo + 1)
		(*errs)++;
	for (uint32_t id = lo;; id++) {
		uint32_t i = fk_idx(k, id);

		k->pend[i] = false;
		k->hold[k->slot[i]]--;
		k->npend--;
		if (id == hi)
			break;
	}
	while (k->base != next_id && !k->pend[fk_idx(k, k->base)])
		k->base++;
	return got;
}

/* The pool agrees with the shadow: refs, states, free ring. */
static bool consistent(const struct fake *k, const struct pool *p)
{
	uint8_t seen[NSLOTS] = { 0 };

	for (uint32_t s = 0; s < NSLOTS; s++) {
		if (p->refs[s] != k->hold[s])
			return false;
		if (k->hold[s] && p->state[s] != SLOT_INFLIGHT)
			return false;
	}
	for (uint32_t j = 0; j < p->nfree; j++) {
		uint32_t s = p->free_ring[(p->free_head + j) % p->nslots];

		if (s >= NSLOTS || seen[s]++ || k->hold[s] ||
		    p->state[s] != SLOT_FREE)
			return false;
	}
	return true;
}

static void stream(uint32_t ring_slots, uint32_t first_id, uint64_t seed)
{
	static struct fake k;
	struct zc z;
	struct pool p;
	uint64_t rs = seed, completed = 0;
	uint32_t errs = 0, sends = 0, step = 0, bad_step = 0;
	bool ok = true;

	memset(&k, 0, sizeof(k));
	pool_make(&p, NSLOTS, 64);
	CU_ASSERT_EQUAL_FATAL(zc_init(&z, ring_slots), 0);
	z.next_id = z.oldest = k.base = first_id;
	while (ok && (sends < NSENDS || k.npend)) {
		step++;
		/* Notify with probability 1/3, or when the pool is empty,
		 * or to finish. */
		if (k.npend && (sends == NSENDS || !p.nfree ||
				unit_rand(&rs) % 3 == 0)) {
			completed += fk_notify(&k, &z, &p, z.next_id, &rs,
					       &errs);
		} else if (z.next_id - k.base < WIN - 1) {
			int64_t s;
			uint32_t id, i;

			/* Before pool_get: nothing held may be on the free
			 * ring (pool_get would abort, not fail a test). */
			if (!consistent(&k, &p)) {
				ok = false;
				break;
			}
			s = pool_get(&p);
			if (s < 0 || p.refs[s] || k.hold[s]) {
				ok = false;
				break;
			}
			pool_mark_inflight(&p, (uint32_t)s);
			id = zc_sent(&z, (uint32_t)s);
			i = fk_idx(&k, id);
			if (id != first_id + sends) {
				ok = false;
				break;
			}
			k.pend[i] = true;
			k.slot[i] = (uint32_t)s;
			k.hold[s]++;
			k.npend++;
			sends++;
		}
		if (!consistent(&k, &p) || errs) {
			ok = false;
			break;
		}
	}
	if (!ok)
		bad_step = step;
	CU_ASSERT_TRUE(ok);
	if (!ok)
		fprintf(stderr, "\n  ring %u: pool and shadow disagree at step "
			"%u (send %u, %u range errors, oldest %u next %u)\n",
			ring_slots, bad_step, sends, errs, z.oldest - first_id,
			z.next_id - first_id);
	CU_ASSERT_EQUAL(errs, 0);
	if (ok) {
		CU_ASSERT_EQUAL(sends, NSENDS);
		CU_ASSERT_EQUAL(completed, NSENDS);
		CU_ASSERT_EQUAL(z.n.sends, NSENDS);
		CU_ASSERT_EQUAL(z.n.completed, NSENDS);
		CU_ASSERT_EQUAL(z.n.bogus, 0);
		CU_ASSERT_EQUAL(z.outstanding, 0);
		CU_ASSERT_EQUAL(z.oldest, z.next_id);
		CU_ASSERT_EQUAL(z.next_id, first_id + NSENDS);
		CU_ASSERT_EQUAL(p.nfree, NSLOTS);
		CU_ASSERT_EQUAL(p.inflight, 0);
		CU_ASSERT(p.peak_inflight <= NSLOTS);
	}
	zc_free(&z);
	pool_destroy(&p);
}

static void test_stream_ring_big(void)
{
	/* A ring far larger than the id window ever gets: the pool and
	 * zcopy logic alone, 100k sends across the 2^32 wrap. */
	stream(1u << 16, 0xffff0000u, 1);
}

static void test_stream_as_engine(void)
{
	/* As worker.c sets it up: zc_init(pool->nslots). */
	stream(NSLOTS, 0xffff0000u, 2);
}

/* A growable pool hands out its first slots, then doubles up to its
 * maximum, in order, each slot once, and every slot is writable. */
static void test_pool_grow(void)
{
	struct pool p;
	int64_t got[70];
	int err = pool_create_growable(&p, 4, 64, 100);

	if (err) {
		CU_ASSERT(err == -ENOMEM || err == -EPERM);
		fprintf(stderr, "\n*** SKIPPED: pool_create_growable could not "
			"lock 4 slots ***\n");
		mlock_skipped = true;
		return;
	}
	CU_ASSERT_EQUAL(p.nslots, 4);
	CU_ASSERT_EQUAL(p.slot_size, 128);
	for (int i = 0; i < 64; i++) {
		got[i] = pool_get(&p);
		CU_ASSERT_EQUAL(got[i], i);
		if (got[i] >= 0)
			memset(pool_slot(&p, (uint32_t)got[i]), 0xa5,
			       p.slot_size);
		if (i == 4)
			CU_ASSERT_EQUAL(p.nslots, 8);	/* doubled */
	}
	CU_ASSERT_EQUAL(p.nslots, 64);
	CU_ASSERT_EQUAL(p.map_bytes, 64 * 128);
	CU_ASSERT_EQUAL(pool_get(&p), -1);	/* the maximum */
	pool_put(&p, 7);
	CU_ASSERT_EQUAL(pool_get(&p), 7);
	pool_destroy(&p);
}

static const struct unit_test tests[] = {
	{ "pool_create_growable: doubles up to its maximum", test_pool_grow },
	{ "pool_create: geometry, locked, zeroed (or SKIPPED)", test_pool_create },
	{ "pool state machine", test_pool_states },
	{ "zc ids across the 2^32 wrap", test_zc_wrap },
	{ "zc out of order, overlap, duplicate, too wide, copied", test_zc_ranges },
	{ "zc: a late first id releases its own slot", test_zc_late_first_id },
	{ "100k sends, random ranges, huge ring (logic only)", test_stream_ring_big },
	{ "100k sends, random ranges, ring = pool size (as worker.c)", test_stream_as_engine },
	{ NULL, NULL },
};

int main(void)
{
	int rc = unit_run("zc", tests);

	if (mlock_skipped)
		fprintf(stderr, "test-zc: NOTE: pool_create's locking part was "
			"SKIPPED (see above)\n");
	return rc;
}
