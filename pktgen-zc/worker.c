// SPDX-License-Identifier: GPL-2.0-only
/* worker: the send engine; see worker.h. */
#include "worker.h"

#include "iface.h"
#include "log.h"

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

int engine_init(struct engine *e, const struct config *c, struct path *path,
		volatile int *stop)
{
	char why[256];
	int err;

	memset(e, 0, sizeof(*e));
	e->cfg = c;
	e->path = path;
	e->pool = path->pool;
	e->zc_on = path->kind == PATH_ZEROCOPY;
	e->stop = stop;
	e->report = true;
	err = zc_init(&e->zc, e->pool->nslots);
	if (err)
		return err;
	if (e->zc_on)
		path->zc = &e->zc;
	e->batch_max = c->batch ? c->batch : ENGINE_BATCH;
	/* The deliberately broken variant (test-only) scribbles on each
	 * frame as soon as the call that sent it returns: one frame a
	 * call, so that it lands while the device may still read it. */
	if (c->test_reuse_early)
		e->batch_max = 1;
	if (e->batch_max > path->cap && path->cap)
		e->batch_max = path->cap;
	/* Never hold more of the pool unsent than half of it: the rest
	 * keeps the kernel busy while the batch fills. */
	if (e->batch_max > e->pool->nslots / 2)
		e->batch_max = e->pool->nslots / 2 ? e->pool->nslots / 2 : 1;
	e->batch = calloc(e->batch_max, sizeof(*e->batch));
	if (!e->batch)
		return -ENOMEM;
	if (c->cmd == CMD_SEND) {
		/* Untouched pages cost nothing: sizes actually sent. */
		e->size_hist = calloc(ENGINE_SIZES, sizeof(*e->size_hist));
		if (!e->size_hist)
			return -ENOMEM;
	}
	if (c->cmd == CMD_REPLAY) {
		e->late_hist = calloc(LATE_BUCKETS, sizeof(*e->late_hist));
		if (!e->late_hist)
			return -ENOMEM;
	}
	if (c->write_pcap) {
		err = record_open(&e->rec, c->write_pcap, DLT_EN10MB, why,
				  sizeof(why));
		if (err) {
			pr_err("--write-pcap '%s': %s\n",
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
	free(e->batch);
	e->batch = NULL;
	free(e->size_hist);
	e->size_hist = NULL;
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
	if (e->all_stop)
		*e->all_stop = 1;
}

static bool stopping(const struct engine *e)
{
	return *e->stop || e->failed || (e->all_stop && *e->all_stop);
}

static uint64_t stuck_limit_ns(const struct engine *e)
{
	uint64_t limit = (uint64_t)(e->cfg->drain_timeout * 1e9);

	return limit < 1000000000ull ? 1000000000ull : limit;
}

/*
 * One bounded wait for the kernel to give something back while the run
 * cannot go on (no free slot, or the id window full).  Returns 0 to try
 * again, or -errno after engine_fail() when reading fails or nothing
 * comes back for --drain-timeout (at least a second).  *since_ns is when
 * the wait began (0: not waiting yet), on the clock: a reap may return
 * before its timeout (the ring's poll() does), so calls do not count.
 */
static int await_kernel(struct engine *e, uint64_t *since_ns,
			const char *what)
{
	int r = e->path->ops->reap(e->path, SLOT_WAIT_MS);
	uint64_t now = pace_now_ns();

	if (r < 0) {
		engine_fail(e, "%s", r == -EINVAL ?
			    "the kernel refused a TX ring frame as malformed "
			    "(TP_STATUS_WRONG_FORMAT)" :
			    "reading what the kernel gave back failed");
		return r;
	}
	if (r > 0) {
		*since_ns = 0;
		return 0;
	}
	if (!*since_ns)
		*since_ns = now;
	if (now - *since_ns >= stuck_limit_ns(e)) {
		engine_fail(e, "the kernel gave nothing back for %.1f s with "
			    "%s: it is holding the frames (link down or queue "
			    "stalled?)", (now - *since_ns) / 1e9, what);
		return -ETIMEDOUT;
	}
	return 0;
}

static void flush(struct engine *e);

int64_t engine_get_slot(struct engine *e)
{
	uint64_t since_ns = 0;
	int64_t slot;
	int r;

	while ((slot = e->path->ops->get(e->path)) < 0) {
		if (stopping(e))
			return -EINTR;
		if (e->nbatch) {
			/* The batch holds what we lack: send it first. */
			flush(e);
			continue;
		}
		if (!e->path->ops->held(e->path)) {
			/* Nothing in flight can come back: only resident
			 * slots are missing, the pool is too small. */
			engine_fail(e, "the pool has no free slot (--pool-size "
				    "too small for this run)");
			return -ENOSPC;
		}
		r = await_kernel(e, &since_ns, "every pool slot in flight");
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

void engine_lateness(const struct engine *e, struct replay_timing *rt)
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

/* How many of n the zerocopy id window takes now, waiting for room if
 * it takes none; 0 when the run is stopping or failed. */
static unsigned int window_room(struct engine *e, unsigned int n)
{
	uint64_t since_ns = 0;
	uint32_t room;

	if (!e->zc_on)
		return n;
	while (!(room = zc_room(&e->zc))) {
		if (stopping(e) ||
		    await_kernel(e, &since_ns, "the oldest send id holding "
				 "back the id window") < 0)
			return 0;
	}
	return room < n ? room : n;
}

/* What the batch's accepted items did: counters, schedule, record. */
static void account(struct engine *e, const struct tx_item *it,
		    unsigned int n)
{
	uint64_t now = e->now = pace_now_ns();
	uint64_t real = engine_realtime_ns(e);

	for (unsigned int i = 0; i < n; i++) {
		e->st.sends++;
		e->st.frames += it[i].frames;
		e->st.l2_bytes += it[i].l2_bytes;
		if (it[i].due_ns)
			note_lateness(e, it[i].due_ns, now);
		if (e->size_hist && e->cfg->gso && it[i].frames > 1) {
			/* A --gso send: frames - 1 full segments and the
			 * rest, each with the headers of the whole
			 * (l2_bytes counts them once a frame). */
			uint32_t k = it[i].frames - 1, g = e->cfg->gso;
			uint32_t hdr = (uint32_t)((it[i].l2_bytes -
						   it[i].rec_len) / k);

			e->size_hist[hdr + g] += k;
			e->size_hist[it[i].rec_len - k * g]++;
		} else if (e->size_hist) {
			e->size_hist[it[i].rec_len < ENGINE_SIZES ?
				     it[i].rec_len : ENGINE_SIZES - 1]++;
		}
		if (e->recording && !e->rec_failed && it[i].rec_len &&
		    (e->src->record ?
		     e->src->record(e->src->ctx, e, &it[i], real) :
		     record_frame(&e->rec, pool_slot(e->pool, it[i].slot) +
				  it[i].rec_off, it[i].rec_len,
				  it[i].rec_origlen ? it[i].rec_origlen :
				  it[i].rec_len, real)) < 0) {
			/* The file says how many it holds; the run stops
			 * here rather than send what is not recorded. */
			engine_fail(e, "%s", e->rec.why);
			e->rec_failed = true;
		}
		if (e->cfg->test_reuse_early && !it[i].resident &&
		    e->path->kind != PATH_COPY) {
			/* Deliberately broken (test-only, see cli.c):
			 * scribble over the payload while the kernel may
			 * still read it, to prove the receiver's checks can
			 * fail.  After recording, so the record holds what
			 * was meant. */
			uint8_t *p = pool_slot(e->pool, it[i].slot) +
				     it[i].off;

			memset(p + it[i].len / 2, 0xa5,
			       it[i].len - it[i].len / 2);
		}
	}
	__atomic_store_n(&e->pub.frames, e->st.frames, __ATOMIC_RELAXED);
	__atomic_store_n(&e->pub.l2_bytes, e->st.l2_bytes, __ATOMIC_RELAXED);
	__atomic_store_n(&e->pub.sends, e->st.sends, __ATOMIC_RELAXED);
}

/* Give back the slots of items that will not be sent, newest first. */
static void unget_items(struct engine *e, const struct tx_item *it,
			unsigned int n)
{
	while (n--)
		if (!it[n].resident)
			e->path->ops->unget(e->path, it[n].slot);
}

static void fail_send(struct engine *e, int err, const struct tx_item *it)
{
	const struct config *c = e->cfg;

	e->st.send_errors++;
	if (err == -ENETDOWN || err == -ENXIO ||
	    ((err == -ENETUNREACH || err == -EHOSTUNREACH ||
	      err == -EADDRNOTAVAIL) && !iface_is_up(c->dev)))
		engine_fail(e, "%s went down: sending failed with %s after "
			    "%llu frames", c->dev, strerror(-err),
			    (unsigned long long)e->st.frames);
	else if (err == -EMSGSIZE)
		engine_fail(e, "the kernel refused a %u-byte send as too "
			    "large (EMSGSIZE): check the device MTU", it->len);
	else
		engine_fail(e, "send failed: %s", strerror(-err));
}

/* An error about this message, not about the link or the socket. */
static bool refused_alone(const struct engine *e, int err)
{
	switch (err) {
	case -EPERM:
	case -EACCES:
	case -EINVAL:
	case -EMSGSIZE:
	case -EPROTO:
	case -EAFNOSUPPORT:
		return true;
	case -ENETUNREACH:
	case -EHOSTUNREACH:
	case -EADDRNOTAVAIL:
		return iface_is_up(e->cfg->dev);
	default:
		return false;
	}
}

/*
 * A full queue or no memory for notifications (ENOBUFS, EAGAIN): let
 * the kernel give something back, then retry.  Returns 0 to retry, or
 * -errno to give up (after engine_fail(), or when stopping).
 */
static int backoff(struct engine *e, int err, uint64_t *stuck_since)
{
	uint64_t now = pace_now_ns();
	uint32_t held;
	int r;

	e->st.enobufs++;
	if (stopping(e))
		return err;
	if (e->end_ns && now >= e->end_ns)
		return -ETIME;
	r = e->path->ops->reap(e->path, 10);
	if (r < 0)
		return r;
	if (r > 0) {
		*stuck_since = 0;
		return 0;
	}
	held = e->path->ops->held(e->path);
	if (!*stuck_since) {
		*stuck_since = now;
	} else if (now - *stuck_since >= stuck_limit_ns(e) ||
		   (e->zc_on && !held && now - *stuck_since >= 500000000ull)) {
		/* With nothing in flight no completion can free what the
		 * kernel lacks: give up sooner. */
		engine_fail(e, "the kernel refused sends with %s for %.1f s "
			    "with %u sends in flight: %s",
			    err == -EAGAIN ? "EAGAIN" : "ENOBUFS",
			    (now - *stuck_since) / 1e9, held,
			    held ? "it still holds the earlier frames (link or "
			    "queue stalled?)" : "not even one send fits; raise "
			    "net.core.optmem_max, or RLIMIT_MEMLOCK (without "
			    "CAP_IPC_LOCK)");
		return err;
	}
	return 0;
}

/*
 * Hand the batch to the kernel: as much as it takes per call, retrying
 * what it asks us to retry.  Whatever is not sent in the end (a failure,
 * a stop) goes back to the pool untouched.
 */
static void flush(struct engine *e)
{
	const struct path_ops *ops = e->path->ops;
	unsigned int done = 0, n = e->nbatch, k, want;
	uint64_t stuck_since = 0;
	int err = 0;

	e->nbatch = 0;
	if (e->cfg->dry_run) {
		account(e, e->batch, n);
		unget_items(e, e->batch, n);
		return;
	}
	while (done < n) {
		want = window_room(e, n - done);
		if (!want)
			break;
		k = ops->submit(e->path, e->batch + done, want, &err);
		e->st.calls++;
		if (k && k < want)
			e->st.short_batches++;
		account(e, e->batch + done, k);
		done += k;
		if (e->zc_on && (e->since_drain += k) >= e->cfg->zc_batch) {
			e->since_drain = 0;
			ops->reap(e->path, 0);
		}
		if (!err)
			continue;
		if (err == -EINTR && !stopping(e))
			continue;
		if (err == -ENOBUFS || err == -EAGAIN) {
			err = backoff(e, err, &stuck_since);
			if (!err)
				continue;
			if (err == -ETIME && !e->failed)
				e->stop_reason = "duration reached";
			break;
		}
		if (done < n && refused_alone(e, err) && e->src->refused &&
		    e->src->refused(e->src->ctx, &e->batch[done], err)) {
			/* One record the kernel will not take: the source
			 * counted it; send the rest. */
			e->st.skipped++;
			if (!e->batch[done].resident)
				ops->unget(e->path, e->batch[done].slot);
			done++;
			err = 0;
			continue;
		}
		if (!stopping(e))
			fail_send(e, err, &e->batch[done < n ? done : n - 1]);
		break;
	}
	if (done < n)
		unget_items(e, e->batch + done, n - done);
	if (e->path->kind == PATH_RING)
		ops->reap(e->path, 0);
}

/* Add one item to the batch; send the batch when it is full.  Returns
 * true when it sent. */
static bool queue(struct engine *e, const struct tx_item *it)
{
	e->batch[e->nbatch++] = *it;
	/* A bit rate counts the wire (L1) or the frame bytes (L2). */
	pace_sent(&e->pace, it->frames, it->l2_bytes +
		  (e->cfg->rate_l1 ? (uint64_t)it->frames * FRAME_L1_OVERHEAD :
		   0));
	if (e->nbatch < e->batch_max)
		return false;
	flush(e);
	return true;
}

/* Wait until due; sends the batch first if due is more than a tick
 * away, so no frame waits in it longer than that.  Returns the time. */
static uint64_t wait_due(struct engine *e, uint64_t due, uint64_t now)
{
	if (due <= now + ENGINE_TICK_NS)
		return now;
	if (e->nbatch) {
		flush(e);
		now = pace_now_ns();
		if (due <= now)
			return now;
	}
	if (e->end_ns && due > e->end_ns)
		due = e->end_ns;
	return pace_wait_until(due, e->stop);
}

static void drain_all(struct engine *e)
{
	uint64_t deadline = pace_now_ns() +
			    (uint64_t)(e->cfg->drain_timeout * 1e9);
	const struct path_ops *ops = e->path->ops;
	uint32_t held;

	if (e->cfg->dry_run)
		return;
	ops->reap(e->path, 0);
	while (ops->held(e->path) && pace_now_ns() < deadline) {
		if (ops->reap(e->path, 50) < 0)
			break;
	}
	/* The ring: frames offered but never taken (the queue stayed full,
	 * the link went down) were not sent; take them back. */
	held = ops->abandon(e->path, &e->abandoned_bytes);
	if (held) {
		uint64_t frames = held;

		if (e->cfg->gso && e->st.sends) {
			/* A ring frame is a super-frame of several wire
			 * frames; with one --payload-size all sends are
			 * alike, so the average is exact. */
			frames = held * (e->st.frames / e->st.sends);
			e->abandoned_bytes = held *
					     (e->st.l2_bytes / e->st.sends);
		}
		e->abandoned = held;
		e->st.sends -= held;
		e->st.frames -= frames;
		e->st.l2_bytes -= e->abandoned_bytes;
	}
	held = ops->held(e->path);
	if (held) {
		const char *what = e->zc_on ? "zerocopy send ids" :
				   "ring frames";

		pr_err("%u %s still outstanding after the "
			"%.1f s drain timeout (--drain-timeout); the kernel "
			"still holds their slots\n", held, what,
			e->cfg->drain_timeout);
		engine_fail(e, "%u of %llu %s never completed", held,
			    (unsigned long long)e->st.sends, what);
	}
}

void engine_wait_start(const struct config *c, volatile int *stop)
{
	time_t t = (time_t)c->start_at;
	struct tm tm;
	char when[40];

	gmtime_r(&t, &tm);
	strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%S", &tm);
	pr_info("waiting until %s.%03dZ (--start-at) "
			"to send\n", when,
			(int)((c->start_at - (double)t) * 1000));
	pace_wait_wall(c->start_at, stop);
}

int engine_run(struct engine *e, struct source *src,
	       const struct run_info *info)
{
	const struct config *c = e->cfg;
	uint64_t due, send_end;
	struct replay_timing rt;
	struct tx_item it;
	bool balanced;

	if (!e->rate_pps && !e->rate_bps) {
		e->rate_pps = c->rate_pps;
		e->rate_bps = c->rate_bps;
	}
	int r;

	e->src = src;
	/* The default 50 us timer slack would make every paced sleep
	 * overshoot; the spin after it absorbs what is left. */
	prctl(PR_SET_TIMERSLACK, 1UL, 0, 0, 0);
	/* Workers wait together in workers_run(). */
	if (e->report && c->start_at > 0)
		engine_wait_start(c, e->stop);
	e->now = e->start_ns = pace_now_ns();
	/* Stamps and records take wall time from the engine's monotonic
	 * reading: one clock read serves a whole batch. */
	e->real_off = (int64_t)(record_realtime_ns() - e->now);
	pace_init(&e->pace, e->rate_pps, e->rate_bps, c->burst, e->now);
	if (e->report)
		report_start(&e->rep, c, info, e->now);
	if (c->duration > 0)
		e->end_ns = e->now + (uint64_t)(c->duration * 1e9);
	e->stop_reason = "end";
	for (;;) {
		if (*e->stop) {
			e->stop_reason = "interrupted";
			break;
		}
		if (e->failed)
			break;
		if (e->all_stop && *e->all_stop) {
			e->stop_reason = "another worker failed";
			break;
		}
		if (e->end_ns && e->now >= e->end_ns) {
			e->stop_reason = "duration reached";
			break;
		}
		if (!src->self_timed) {
			/* Wait before building, so the stamp's time is the
			 * send time (within a tick). */
			due = pace_due(&e->pace, e->now);
			if (due > e->now) {
				e->now = wait_due(e, due, e->now);
				if (*e->stop ||
				    (e->end_ns && e->now >= e->end_ns))
					continue;
			}
		}
		memset(&it, 0, sizeof(it));
		r = src->next(src->ctx, e, &it);
		if (r == 0) {
			e->stop_reason = c->count && e->st.sends +
					 e->nbatch >= c->count ?
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
		if (it.due_ns > e->now) {
			e->now = wait_due(e, it.due_ns, e->now);
			if (*e->stop || (e->end_ns && e->now >= e->end_ns &&
					 it.due_ns > e->now)) {
				/* Stopped while waiting: this item is not
				 * sent, its slot goes back untouched. */
				unget_items(e, &it, 1);
				continue;
			}
		}
		/* The clock is read when something happened (a batch
		 * went, a wait ended): a stale time only ever makes a
		 * frame wait, never leave early. */
		if (queue(e, &it))
			e->now = pace_now_ns();
		if (e->report)
			report_tick(&e->rep, e->now, &e->st);
	}
	/* What is queued was due: send it, unless the run failed. */
	if (e->failed) {
		unget_items(e, e->batch, e->nbatch);
		e->nbatch = 0;
	} else {
		flush(e);
	}
	if (e->failed)
		e->stop_reason = "error";
	/* Rates are over the sending; the drain is reported on its own. */
	send_end = e->send_end_ns = pace_now_ns();
	drain_all(e);
	if (e->recording && record_close(&e->rec))
		engine_fail(e, "%s", e->rec.why);
	if (src->finish)
		src->finish(src->ctx, e);
	e->st.enobufs += e->path->kicks_failed;
	balanced = e->zc.n.sends == e->zc.n.completed && !e->zc.n.bogus;
	if (e->report) {
		report_flush(&e->rep, send_end, &e->st);
		engine_lateness(e, &rt);
		e->rep.drain_seconds = (pace_now_ns() - send_end) / 1e9;
		e->rep.abandoned = e->abandoned;
		e->rep.pool_slots = e->pool->nslots;
		e->rep.size_hist = e->size_hist;
		e->rep.pool_bytes = e->pool->map_bytes;
		report_end(&e->rep, send_end, &e->st, &e->zc.n,
			   e->pool->peak_inflight, &rt, e->stop_reason,
			   e->failed ? e->error : NULL);
	}
	if (e->failed) {
		pr_err("%s\n", e->error);
		return 1;
	}
	if (!balanced) {
		pr_err("zerocopy accounting does not "
			"balance: %llu ids sent, %llu completed, %llu bogus\n",
			(unsigned long long)e->zc.n.sends,
			(unsigned long long)e->zc.n.completed,
			(unsigned long long)e->zc.n.bogus);
		return 1;
	}
	return 0;
}
