/* worker: the send engine; see worker.h. */
#include "worker.h"

#include "iface.h"

#include <errno.h>
#include <pcap/dlt.h>
#include <poll.h>
#include <stdarg.h>
#include <sys/prctl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define LATE_BUCKETS 100001	/* 1 us each, the last one is ">= 100 ms" */
#define SLOT_WAIT_MS 100

int engine_init(struct engine *e, const struct config *c, struct tx *tx,
		struct pool *pool, bool zerocopy, volatile int *stop)
{
	char why[256];
	int err;

	memset(e, 0, sizeof(*e));
	e->cfg = c;
	e->tx = tx;
	e->pool = pool;
	e->zc_on = zerocopy;
	e->stop = stop;
	err = zc_init(&e->zc, pool->nslots);
	if (err)
		return err;
	if (c->cmd == CMD_REPLAY) {
		e->late_hist = calloc(LATE_BUCKETS, sizeof(*e->late_hist));
		if (!e->late_hist)
			return -ENOMEM;
	}
	if (c->write_pcap) {
		err = record_open(&e->rec, c->write_pcap, DLT_EN10MB, why,
				  sizeof(why));
		if (err) {
			fprintf(stderr, "pktgen-zc: --write-pcap '%s': %s\n",
				c->write_pcap, why);
			return err;
		}
		e->recording = true;
	}
	return 0;
}

void engine_free(struct engine *e)
{
	zc_free(&e->zc);
	free(e->late_hist);
	e->late_hist = NULL;
	report_free(&e->rep);
}

void engine_fail(struct engine *e, const char *fmt, ...)
{
	va_list ap;

	if (e->failed)
		return;		/* the first cause is the one to tell */
	va_start(ap, fmt);
	vsnprintf(e->error, sizeof(e->error), fmt, ap);
	va_end(ap);
	e->failed = true;
}

static bool stopping(const struct engine *e)
{
	return *e->stop || e->failed;
}

/*
 * One bounded wait for completions while the run cannot go on (no free
 * slot, or the id window full).  Returns 0 to try again, or -errno after
 * engine_fail() when reading fails or nothing completes for
 * --drain-timeout (at least a second).
 */
static int await_completions(struct engine *e, uint64_t *waited_ms,
			     const char *what)
{
	int r = zc_wait(&e->zc, e->pool, e->tx->fd, SLOT_WAIT_MS);

	if (r < 0) {
		engine_fail(e, "reading the error queue failed: %s",
			    strerror(-r));
		return r;
	}
	if (r > 0) {
		*waited_ms = 0;
		return 0;
	}
	*waited_ms += SLOT_WAIT_MS;
	if (*waited_ms >= (uint64_t)(e->cfg->drain_timeout * 1000) &&
	    *waited_ms >= 1000) {
		engine_fail(e, "no zerocopy completion for %.1f s with %s: "
			    "the kernel is holding the frames (link down or "
			    "queue stalled?)", *waited_ms / 1000.0, what);
		return -ETIMEDOUT;
	}
	return 0;
}

int64_t engine_get_slot(struct engine *e)
{
	uint64_t waited_ms = 0;
	int64_t slot;
	int r;

	while ((slot = pool_get(e->pool)) < 0) {
		if (stopping(e))
			return -EINTR;
		if (!e->zc_on) {
			/* Only resident slots can be missing without zerocopy:
			 * the pool is too small for the capture. */
			engine_fail(e, "the pool has no free slot (--pool-size "
				    "too small for this run)");
			return -ENOSPC;
		}
		r = await_completions(e, &waited_ms, "every pool slot in "
				      "flight");
		if (r < 0)
			return r;
	}
	return slot;
}

static void note_lateness(struct engine *e, uint64_t due, uint64_t now)
{
	uint64_t late = now > due ? now - due : 0;
	uint64_t b = late / 1000;

	if (!e->late_hist)
		return;
	e->late_hist[b < LATE_BUCKETS ? b : LATE_BUCKETS - 1]++;
	e->late_n++;
	e->late_sum_ns += late;
	if (late > e->late_max_ns)
		e->late_max_ns = late;
}

static void lateness(const struct engine *e, struct replay_timing *rt)
{
	uint64_t want, seen = 0;

	memset(rt, 0, sizeof(*rt));
	if (!e->late_hist || !e->late_n)
		return;
	rt->valid = true;
	rt->mean_late_us = e->late_sum_ns / 1000.0 / e->late_n;
	rt->max_late_us = e->late_max_ns / 1000.0;
	want = (e->late_n * 99 + 99) / 100;
	for (uint32_t b = 0; b < LATE_BUCKETS; b++) {
		seen += e->late_hist[b];
		if (seen >= want) {
			/* The bucket's upper edge, but never past the worst
			 * frame; the last bucket is open-ended. */
			rt->p99_late_us = b + 1 == LATE_BUCKETS ||
					  b + 1 > rt->max_late_us ?
					  rt->max_late_us : b + 1;
			break;
		}
	}
}

/* Wait until zcopy's id window has room (see zc_can_send()). */
static int wait_window(struct engine *e)
{
	uint64_t waited_ms = 0;
	int r;

	while (!zc_can_send(&e->zc)) {
		if (stopping(e))
			return -EINTR;
		r = await_completions(e, &waited_ms, "the oldest send id "
				      "holding back the id window");
		if (r < 0)
			return r;
	}
	return 0;
}

/* Send one item, retrying what the kernel asks us to retry.  Returns
 * the bytes sent, or -errno when the send failed for good (the slot is
 * then still FILLING and ours). */
static ssize_t send_item(struct engine *e, const struct tx_item *it,
			 uint64_t end_ns)
{
	const uint8_t *p = pool_slot(e->pool, it->slot) + it->off;
	int flags = e->zc_on ? MSG_ZEROCOPY : 0;
	uint64_t stuck_since = 0, now, limit_ns;
	ssize_t r;

	limit_ns = (uint64_t)(e->cfg->drain_timeout * 1e9);
	if (limit_ns < 1000000000ull)
		limit_ns = 1000000000ull;

	if (e->zc_on) {
		r = wait_window(e);
		if (r < 0)
			return r;
	}
	for (;;) {
		r = tx_send(e->tx, p, it->len, it->dst_ip, it->dport,
			    it->l2_proto, flags);
		if (r >= 0)
			return r;
		if (r == -EINTR && !stopping(e))
			continue;
		if (r != -ENOBUFS && r != -EAGAIN)
			return r;
		e->st.enobufs++;
		if (stopping(e))
			return r;
		now = pace_now_ns();
		if (end_ns && now >= end_ns)
			return -ETIME;
		/* Out of optmem or locked memory for notifications, or a
		 * full queue: let completions come back, then retry. */
		if (e->zc_on) {
			int d = zc_wait(&e->zc, e->pool, e->tx->fd, 10);

			if (d < 0)
				return d;
			if (d > 0) {
				stuck_since = 0;
				continue;
			}
		} else {
			poll(NULL, 0, 1);
		}
		if (!stuck_since) {
			stuck_since = now;
		} else if (now - stuck_since >= limit_ns ||
			   (e->zc_on && !e->zc.outstanding &&
			    now - stuck_since >= 500000000ull)) {
			/* With nothing in flight no completion can free what
			 * the kernel lacks: give up sooner. */
			engine_fail(e, "the kernel refused sends with %s for "
				    "%.1f s with %u zerocopy ids in flight: %s",
				    r == -EAGAIN ? "EAGAIN" : "ENOBUFS",
				    (now - stuck_since) / 1e9,
				    e->zc.outstanding,
				    e->zc.outstanding ? "it still holds the "
				    "earlier frames (link or queue stalled?)" :
				    "not even one send fits; raise "
				    "net.core.optmem_max, or RLIMIT_MEMLOCK "
				    "(without CAP_IPC_LOCK)");
			return r;
		}
	}
}

static void drain_all(struct engine *e)
{
	uint64_t deadline = pace_now_ns() +
			    (uint64_t)(e->cfg->drain_timeout * 1e9);

	if (!e->zc_on)
		return;
	zc_drain(&e->zc, e->pool, e->tx->fd);
	while (e->zc.outstanding && pace_now_ns() < deadline) {
		if (zc_wait(&e->zc, e->pool, e->tx->fd, 50) < 0)
			break;
	}
	if (e->zc.outstanding) {
		fprintf(stderr, "pktgen-zc: %u zerocopy send ids still "
			"outstanding after the %.1f s drain timeout "
			"(--drain-timeout); the kernel still holds their "
			"slots\n", e->zc.outstanding, e->cfg->drain_timeout);
		engine_fail(e, "%u of %llu zerocopy sends never completed",
			    e->zc.outstanding,
			    (unsigned long long)e->zc.n.sends);
	}
}

static void after_send(struct engine *e, const struct tx_item *it)
{
	if (e->zc_on) {
		pool_mark_inflight(e->pool, it->slot);
		zc_sent(&e->zc, it->slot);
		if (e->cfg->test_reuse_early && !it->resident) {
			/* Deliberately broken (test-only, see cli.c): scribble
			 * over the payload while the kernel may still read
			 * it, to prove the receiver's checks can fail. */
			uint8_t *p = pool_slot(e->pool, it->slot);

			memset(p + it->off + it->len / 2, 0xa5,
			       it->len - it->len / 2);
		}
		if (++e->since_drain >= e->cfg->zc_batch) {
			e->since_drain = 0;
			zc_drain(&e->zc, e->pool, e->tx->fd);
		}
	} else if (!it->resident) {
		pool_put(e->pool, it->slot);
	}
}

int engine_run(struct engine *e, struct source *src,
	       const struct run_info *info)
{
	const struct config *c = e->cfg;
	uint64_t now = pace_now_ns(), end_ns = 0, due, send_end;
	struct replay_timing rt;
	struct tx_item it;
	bool balanced;
	int r;

	/* The default 50 us timer slack would make every paced sleep
	 * overshoot; the spin after it absorbs what is left. */
	prctl(PR_SET_TIMERSLACK, 1UL, 0, 0, 0);
	pace_init(&e->pace, c->rate_pps, c->rate_bps, c->burst, now);
	report_start(&e->rep, c, info, now);
	if (c->duration > 0)
		end_ns = now + (uint64_t)(c->duration * 1e9);
	e->stop_reason = "end";
	for (;;) {
		if (*e->stop) {
			e->stop_reason = "interrupted";
			break;
		}
		if (e->failed)
			break;
		if (end_ns && now >= end_ns) {
			e->stop_reason = "duration reached";
			break;
		}
		if (!src->self_timed) {
			/* Wait before building, so the stamp's time is the
			 * send time. */
			due = pace_due(&e->pace, now);
			if (due > now) {
				if (end_ns && due > end_ns)
					due = end_ns;
				now = pace_wait_until(due, e->stop);
				if (*e->stop || (end_ns && now >= end_ns))
					continue;
			}
		}
		memset(&it, 0, sizeof(it));
		r = src->next(src->ctx, e, &it);
		if (r == 0) {
			e->stop_reason = c->count && e->st.sends >= c->count ?
					 "count reached" : c->cmd == CMD_REPLAY ?
					 "end of capture" : "count reached";
			break;
		}
		if (r < 0) {
			if (r != -EINTR && !e->failed)
				engine_fail(e, "%s", strerror(-r));
			if (r == -EINTR && *e->stop)
				e->stop_reason = "interrupted";
			break;
		}
		now = pace_now_ns();
		if (it.due_ns > now) {
			due = it.due_ns;
			if (end_ns && due > end_ns)
				due = end_ns;
			now = pace_wait_until(due, e->stop);
			if (*e->stop || (end_ns && now >= end_ns)) {
				/* Stopped while waiting: this item is not
				 * sent, its slot goes back untouched. */
				if (!it.resident)
					pool_put(e->pool, it.slot);
				continue;
			}
		}
		if (it.due_ns)
			note_lateness(e, it.due_ns, now);
		if (e->recording && it.rec_len &&
		    record_frame(&e->rec, pool_slot(e->pool, it.slot) +
				 it.rec_off, it.rec_len,
				 it.rec_origlen ? it.rec_origlen :
				 it.rec_len, record_realtime_ns()) < 0) {
			engine_fail(e, "%s", e->rec.why);
			if (!it.resident)
				pool_put(e->pool, it.slot);
			break;
		}
		if (!c->dry_run) {
			ssize_t s = send_item(e, &it, end_ns);

			if (s < 0) {
				if (!it.resident)
					pool_put(e->pool, it.slot);
				if (s == -ETIME) {
					e->stop_reason = "duration reached";
					break;
				}
				if ((s == -ENOBUFS || s == -EAGAIN ||
				     s == -EINTR) && *e->stop)
					continue;
				if (s == -ENETDOWN || s == -ENXIO ||
				    ((s == -ENETUNREACH || s == -EHOSTUNREACH ||
				      s == -EADDRNOTAVAIL) &&
				     !iface_is_up(c->dev)))
					engine_fail(e, "%s went down: sending "
						    "failed with %s after %llu "
						    "frames", c->dev,
						    strerror((int)-s),
						    (unsigned long long)
						    e->st.frames);
				else if (s == -EMSGSIZE)
					engine_fail(e, "the kernel refused a "
						    "%u-byte send as too large "
						    "(EMSGSIZE): check the "
						    "device MTU", it.len);
				else
					engine_fail(e, "send failed: %s",
						    strerror((int)-s));
				e->st.send_errors++;
				break;
			}
			after_send(e, &it);
		} else if (!it.resident) {
			pool_put(e->pool, it.slot);
		}
		e->st.sends++;
		e->st.frames += it.frames;
		e->st.l2_bytes += it.l2_bytes;
		pace_sent(&e->pace, it.frames, it.l2_bytes +
			  (uint64_t)it.frames * FRAME_L1_OVERHEAD);
		now = pace_now_ns();
		report_tick(&e->rep, now, &e->st);
	}
	if (e->failed)
		e->stop_reason = "error";
	/* Rates are over the sending; the drain is reported on its own. */
	send_end = pace_now_ns();
	report_flush(&e->rep, send_end, &e->st);
	drain_all(e);
	if (e->recording && record_close(&e->rec))
		engine_fail(e, "%s", e->rec.why);
	lateness(e, &rt);
	if (src->finish)
		src->finish(src->ctx, e);
	e->rep.drain_seconds = (pace_now_ns() - send_end) / 1e9;
	balanced = report_end(&e->rep, send_end, &e->st, &e->zc.n,
			      e->pool->peak_inflight, &rt, e->stop_reason,
			      e->failed ? e->error : NULL);
	if (e->failed) {
		fprintf(stderr, "pktgen-zc: %s\n", e->error);
		return 1;
	}
	if (!balanced) {
		fprintf(stderr, "pktgen-zc: zerocopy accounting does not "
			"balance: %llu ids sent, %llu completed, %llu bogus\n",
			(unsigned long long)e->zc.n.sends,
			(unsigned long long)e->zc.n.completed,
			(unsigned long long)e->zc.n.bogus);
		return 1;
	}
	return 0;
}
