// SPDX-License-Identifier: GPL-2.0-only
/* replay: pcap/pcapng through the send engine; see replay.h. */
#include "replay.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#include "capture.h"
#include "frame.h"
#include "iface.h"
#include "log.h"
#include "schedule.h"
#include "shape.h"
#include "rig.h"
#include "worker.h"

#define ETH_HLEN 14

/* Raw mode reads ahead to the first IP record to choose the socket's
 * family; what it read is kept for the replay, up to this much. */
#define HOLD_MAX (64u << 20)

static const char *const skip_name[SKIP_NREASONS] = {
	"truncated by the capture's snaplen (--pad sends them padded)",
	"larger than the device MTU",
	"too short for their link-layer and network headers",
	"not IPv4/IPv6, which this mode needs",
	"of the other IP family than the raw socket's",
	"refused by the kernel",
};

static const char *const skip_key[SKIP_NREASONS] = {
	"truncated", "over_mtu", "too_short", "not_ip", "other_family",
	"refused",
};

/*
 * A record already in a resident slot (preloaded captures).  Skipped
 * records have no entry of their own: they are only counted, in the
 * skip run before the next sent record (or the tail run), so memory is
 * bounded by the pool whatever the capture holds.
 */
struct preloaded {
	uint32_t slot, off, len, rec_off, rec_len;
	uint32_t run;		/* 1 + index in runs of the skips before
				 * it; 0: none */
	uint16_t proto;
	uint64_t gap_ns;	/* capture time since the previous record
				 * sent, that of the skipped ones included */
	uint8_t dst_ip[16];
	uint32_t file;		/* where it is, for messages */
	uint64_t recno;
};

struct skip_run {
	uint64_t n[SKIP_NREASONS];
};

/* A record read ahead (raw mode's family search), or the read error
 * met there, waiting for its turn. */
struct held {
	struct held *next;
	int file;
	int err;		/* -EIO: the record was unreadable */
	struct capture_rec rec;
	uint8_t data[];
};

struct replay {
	struct config *cfg;
	struct engine *e;
	struct shaper sh;	/* mode, device, rewrites */
	/* reader: every input opened once, up front */
	struct capture *caps;
	int ncaps;
	int file;		/* the one being read */
	bool fresh;		/* no pass has read the inputs yet */
	struct held *held, **held_tail, *cur;
	size_t held_bytes;
	int64_t prev_ts;	/* capture time of the previous record */
	bool have_prev;
	uint64_t loops_done;
	/* schedule */
	uint64_t start_ns;
	struct sched sched;
	bool started;
	/* preload */
	bool preload;
	const char *stream_why;	/* why not preloaded (summary, JSON) */
	struct preloaded *pre;
	size_t npre, capre, pre_idx;
	struct skip_run *runs;
	size_t nruns, caprun;
	uint32_t tail_run;	/* the skips after the last sent record */
	uint64_t pass_items;	/* records sent in this pass */
	char pre_err[320];	/* the read error that ended the preload */
	/* counts */
	uint64_t records;
	uint64_t skipped[SKIP_NREASONS];
	uint64_t items;
	char extra[1024];
	char text[1024];
	/* the first record the kernel refused: file, number, error */
	uint32_t refused_file;
	uint64_t refused_rec;
	int refused_err;
};

/* ---- records into slots */

/* shape_record() into the engine's item. */
static int shape(struct replay *rp, int dlt, const struct capture_rec *r,
		 uint8_t *slot, uint32_t slot_size, struct tx_item *it)
{
	struct shaped out;
	int why = shape_record(&rp->sh, dlt, r, slot, slot_size, &out);

	if (why >= 0)
		return why;
	it->off = out.off;
	it->len = out.flen - out.off;
	it->l2_proto = out.l2_proto;
	memcpy(it->dst_ip, out.dst_ip, 16);
	it->rec_off = 0;
	it->rec_len = out.flen;
	it->frames = 1;
	it->l2_bytes = out.flen;
	return -1;
}

/* ---- reading */

static void free_held(struct replay *rp)
{
	while (rp->held) {
		struct held *n = rp->held->next;

		free(rp->held);
		rp->held = n;
	}
	rp->held_tail = &rp->held;
	rp->held_bytes = 0;
	free(rp->cur);
	rp->cur = NULL;
}

static void say_unreadable(struct replay *rp, const struct capture *cp)
{
	engine_fail(rp->e, "%s: record %llu is unreadable: %s (the %llu "
		    "records before it were handled)", cp->name,
		    (unsigned long long)cp->recno + 1, cp->err,
		    (unsigned long long)cp->recno);
}

/* Next record across files (not loops), in *r and rp->file.  1, 0 at the
 * end of the last file, or -EIO after engine_fail(). */
static int read_record(struct replay *rp, struct capture_rec *r)
{
	free(rp->cur);
	rp->cur = NULL;
	while (rp->file < rp->ncaps) {
		struct capture *cp = &rp->caps[rp->file];
		int rc;

		if (rp->held && rp->held->file == rp->file) {
			rp->cur = rp->held;
			rp->held = rp->cur->next;
			if (!rp->held)
				rp->held_tail = &rp->held;
			if (rp->cur->err) {
				engine_fail(rp->e, "%s", (char *)rp->cur->data);
				return -EIO;
			}
			*r = rp->cur->rec;
			r->data = rp->cur->data;
			rp->records++;
			return 1;
		}
		rc = capture_next(cp, r);
		if (rc == 1) {
			rp->records++;
			return 1;
		}
		if (rc < 0) {
			say_unreadable(rp, cp);
			return -EIO;
		}
		rp->file++;
	}
	return 0;
}

/* Capture time since the previous record (0 for the first record of a
 * pass and for timestamps that go backwards). */
static uint64_t gap_of(struct replay *rp, const struct capture_rec *r)
{
	uint64_t g = rp->have_prev ? sched_gap(rp->prev_ts, r->ts_ns) : 0;

	rp->prev_ts = r->ts_ns;
	rp->have_prev = true;
	return g;
}

/* Back to the first record of the first file: a new pass reads every
 * input again from its start, which a pipe cannot. */
static int restart_pass(struct replay *rp)
{
	rp->file = 0;
	rp->have_prev = false;
	if (rp->fresh) {
		rp->fresh = false;
		return 0;
	}
	free_held(rp);
	for (int i = 0; i < rp->ncaps; i++) {
		struct capture *cp = &rp->caps[i];
		int err = capture_rewind(cp);

		if (err == -ESPIPE) {
			snprintf(cp->err, sizeof(cp->err), "%s is a pipe, "
				 "which can be read once: to play it more "
				 "than once it must fit the pool (--pool-size)",
				 cp->name);
			return err;
		}
		if (err)
			return err;
	}
	return 0;
}

/* ns as "12.3 s", "4.5 min", "2.0 h", "10.0 days" or "100 years". */
static void fmt_span(char *buf, size_t n, uint64_t ns)
{
	double s = (double)ns / 1e9;

	if (s < 120)
		snprintf(buf, n, "%.1f s", s);
	else if (s < 3600)
		snprintf(buf, n, "%.1f min", s / 60);
	else if (s < 172800)
		snprintf(buf, n, "%.1f h", s / 3600);
	else if (s < 730 * 86400.0)
		snprintf(buf, n, "%.1f days", s / 86400);
	else
		snprintf(buf, n, "%.0f years", s / (365.25 * 86400));
}

/* A wait of more than a second is said, once, with its end: span is
 * its length by the schedule, wait what is left of it now. */
static void say_wait(struct replay *rp, uint64_t span, uint64_t wait,
		     uint64_t gap, bool capped, uint32_t file, uint64_t recno)
{
	char w[32], g[32], until[64] = "a date too far to name";
	struct timespec now;
	struct tm tm;

	fmt_span(w, sizeof(w), span);
	fmt_span(g, sizeof(g), gap);
	clock_gettime(CLOCK_REALTIME, &now);
	if (wait / 1000000000u < (uint64_t)INT32_MAX * 64) {
		time_t t = now.tv_sec + (time_t)(wait / 1000000000u);

		if (gmtime_r(&t, &tm))
			strftime(until, sizeof(until), "%Y-%m-%d %H:%M:%S UTC",
				 &tm);
	}
	if (capped)
		pr_info("replay: record %llu of %s comes "
			"%s after the one before; waiting %s (--max-gap), "
			"until %s\n", (unsigned long long)recno,
			rp->caps[file].name, g, w, until);
	else
		pr_info("replay: waiting %s, until %s, for "
			"record %llu of %s (--max-gap T waits at most T)\n", w,
			until, (unsigned long long)recno, rp->caps[file].name);
}

static void set_due(struct replay *rp, struct tx_item *it, uint64_t gap,
		    uint32_t file, uint64_t recno)
{
	const struct config *c = rp->cfg;
	uint64_t now, wait, span;
	bool capped;

	/* Which record this is, should the kernel refuse it. */
	it->src_file = file;
	it->src_rec = recno;
	if (c->topspeed || c->rate_pps > 0 || c->rate_bps > 0)
		return;		/* the engine's pacer, or none */
	now = pace_now_ns();
	if (!rp->started) {
		rp->start_ns = now;
		rp->started = true;
		sched_init(&rp->sched, c->speed, c->max_gap);
	}
	it->due_ns = sched_add(rp->start_ns,
			       sched_next(&rp->sched, gap, &span, &capped));
	if (!it->due_ns)
		it->due_ns = 1;
	wait = it->due_ns > now ? it->due_ns - now : 0;
	if (wait > 1000000000u && !c->quiet)
		say_wait(rp, span, wait, gap, capped, file, recno);
}

/* The end of a pass: true when the run is over (the loops are done,
 * or a whole pass had nothing to send, which would repeat forever). */
static bool pass_done(struct replay *rp)
{
	rp->loops_done++;
	if (!rp->pass_items)
		return true;
	rp->pass_items = 0;
	return rp->cfg->loop && rp->loops_done >= rp->cfg->loop;
}

static void count_skip(struct replay *rp, struct engine *e, int why)
{
	rp->skipped[why]++;
	e->st.skipped++;
}

static int next_streamed(struct replay *rp, struct engine *e,
			 struct tx_item *it)
{
	struct capture_rec r;
	int64_t slot;
	int rc, why;

	for (;;) {
		rc = read_record(rp, &r);
		if (rc < 0)
			return rc;
		if (rc == 0) {
			if (pass_done(rp))
				return 0;
			rc = restart_pass(rp);
			if (rc) {
				engine_fail(e, "%s", rp->caps[rp->file].err);
				return -EIO;
			}
			continue;
		}
		slot = engine_get_slot(e);
		if (slot < 0)
			return (int)slot;
		memset(it, 0, sizeof(*it));
		it->slot = (uint32_t)slot;
		why = shape(rp, rp->caps[rp->file].dlt, &r,
			    pool_slot(e->pool, (uint32_t)slot),
			    e->pool->slot_size, it);
		if (why >= 0) {
			pool_put(e->pool, (uint32_t)slot);
			count_skip(rp, e, why);
			gap_of(rp, &r);
			continue;
		}
		it->rec_origlen = it->rec_len;
		set_due(rp, it, gap_of(rp, &r), (uint32_t)rp->file, r.recno);
		rp->pass_items++;
		return 1;
	}
}

/* Count the skips of run i (1-based; 0: none) as streaming would. */
static void count_run(struct replay *rp, struct engine *e, uint32_t i)
{
	if (!i)
		return;
	for (int k = 0; k < SKIP_NREASONS; k++) {
		rp->skipped[k] += rp->runs[i - 1].n[k];
		rp->records += rp->runs[i - 1].n[k];
		e->st.skipped += rp->runs[i - 1].n[k];
	}
}

/* Records are counted (read, skipped) as they are handed out, once per
 * pass, exactly as when streaming. */
static int next_preloaded(struct replay *rp, struct engine *e,
			  struct tx_item *it)
{
	const struct preloaded *p;

	while (rp->pre_idx == rp->npre) {
		count_run(rp, e, rp->tail_run);
		if (rp->pre_err[0]) {
			/* Where streaming would have met it. */
			engine_fail(e, "%s", rp->pre_err);
			return -EIO;
		}
		if (pass_done(rp))
			return 0;
		rp->pre_idx = 0;
	}
	p = &rp->pre[rp->pre_idx++];
	count_run(rp, e, p->run);
	rp->records++;
	memset(it, 0, sizeof(*it));
	it->slot = p->slot;
	it->off = p->off;
	it->len = p->len;
	it->rec_off = p->rec_off;
	it->rec_len = p->rec_len;
	it->rec_origlen = p->rec_len;
	it->l2_proto = p->proto;
	it->frames = 1;
	it->l2_bytes = p->rec_len;
	it->resident = true;
	memcpy(it->dst_ip, p->dst_ip, 16);
	set_due(rp, it, p->gap_ns, p->file, p->recno);
	rp->pass_items++;
	return 1;
}

static int replay_next(void *ctx, struct engine *e, struct tx_item *it)
{
	struct replay *rp = ctx;

	if (rp->cfg->count && rp->items >= rp->cfg->count)
		return 0;
	rp->items++;
	return rp->preload ? next_preloaded(rp, e, it) :
	       next_streamed(rp, e, it);
}

/*
 * Load every record into resident slots if they all fit.  Returns 1 if
 * preloaded (up to a read error, if any, which the last item reports),
 * 0 if the capture is larger than the pool (nothing kept), -ESPIPE (said on stderr) when a pipe was too
 * large: it cannot be read again to stream it.
 */
static int grow(void **p, size_t *cap, size_t n, size_t size)
{
	size_t c = *cap ? *cap * 2 : 256;
	void *np;

	if (n < *cap)
		return 0;
	np = realloc(*p, c * size);
	if (!np)
		return -ENOMEM;
	*p = np;
	*cap = c;
	return 0;
}

static int try_preload(struct replay *rp, struct engine *e)
{
	struct capture_rec rec;
	uint64_t carry = 0;	/* capture time of the skips since a send */
	uint32_t run = 0;	/* their run, 0 until one is skipped */
	int64_t cur = -1;	/* the slot being packed, */
	uint32_t used = 0;	/* and its bytes taken */
	int r, why;

	restart_pass(rp);
	for (;;) {
		struct tx_item it = { 0 };
		struct preloaded *p;
		uint32_t room, need;

		r = read_record(rp, &rec);
		if (r <= 0)
			break;
		/*
		 * Records are packed one after another into the slots
		 * (64-byte aligned), not one a slot: a capture of small
		 * frames then takes as many cache lines and pages as its
		 * bytes, not a 1.5 KB slot each.  need bounds the frame
		 * (padded, or with a link header of ours).
		 */
		need = (rp->cfg->pad ? rec.len : rec.caplen) + 64;
		room = cur < 0 ? 0 : e->pool->slot_size - used;
		if (need > room && (cur < 0 || used)) {
			cur = pool_get(e->pool);
			if (cur < 0) {
				r = 0;
				goto too_big;
			}
			used = 0;
		}
		it.slot = (uint32_t)cur;
		why = shape(rp, rp->caps[rp->file].dlt, &rec,
			    pool_slot(e->pool, (uint32_t)cur) + used,
			    e->pool->slot_size - used, &it);
		if (why >= 0) {
			/* Counted when its turn comes. */
			if (!run) {
				if (grow((void **)&rp->runs, &rp->caprun,
					 rp->nruns, sizeof(*rp->runs))) {
					r = -ENOMEM;
					goto too_big;
				}
				memset(&rp->runs[rp->nruns], 0,
				       sizeof(*rp->runs));
				run = (uint32_t)++rp->nruns;
			}
			rp->runs[run - 1].n[why]++;
			carry = sched_add(carry, gap_of(rp, &rec));
			continue;
		}
		if (grow((void **)&rp->pre, &rp->capre, rp->npre,
			 sizeof(*rp->pre))) {
			r = -ENOMEM;
			goto too_big;
		}
		if (!used)
			pool_make_resident(e->pool, (uint32_t)cur);
		p = &rp->pre[rp->npre++];
		*p = (struct preloaded){
			.slot = it.slot, .off = used + it.off, .len = it.len,
			.rec_off = used, .rec_len = it.rec_len,
			.proto = it.l2_proto,
			.run = run, .gap_ns = sched_add(carry, gap_of(rp, &rec)),
			.file = (uint32_t)rp->file, .recno = rec.recno,
		};
		memcpy(p->dst_ip, it.dst_ip, 16);
		used += (it.rec_len + 63) & ~63u;
		carry = 0;
		run = 0;
	}
	/* A slot taken for records that were all skipped goes back. */
	if (cur >= 0 && !used)
		pool_put(e->pool, (uint32_t)cur);
	if (r < 0) {
		/* The records before the bad one are sent, then the error
		 * is reported, as when streaming, without reading the
		 * input again (it may be a pipe). */
		snprintf(rp->pre_err, sizeof(rp->pre_err), "%s", e->error);
		e->failed = false;
		e->error[0] = '\0';
	}
	rp->tail_run = run;
	rp->preload = true;
	rp->records = 0;
	return 1;
too_big:
	/* Start over streaming: forget what was loaded and counted. */
	rp->stream_why = r < 0 ? "out of memory while preloading" :
			 rp->cfg->pool_bytes_set ? "it does not fit --pool-size" :
			 "it does not fit the pool the replay budget allows "
			 "(a quarter of MemAvailable, at most 1 GiB; "
			 "--pool-size sets it)";
	pool_reset(e->pool);
	rp->npre = 0;
	rp->nruns = 0;
	rp->records = 0;
	if (restart_pass(rp)) {
		pr_err("replay: %s; nothing was sent\n",
			rp->caps[rp->file].err);
		return -ESPIPE;
	}
	rp->fresh = true;	/* rewound: the first pass reads from here */
	return r;
}

/* The kernel refused one record (a broadcast destination on a raw
 * socket, a header it will not take): count it and go on, unless
 * --strict; the summary names the first. */
static bool replay_refused(void *ctx, const struct tx_item *it, int err)
{
	struct replay *rp = ctx;

	if (!it->src_rec)
		return false;
	if (!rp->refused_rec) {
		rp->refused_file = it->src_file;
		rp->refused_rec = it->src_rec;
		rp->refused_err = -err;
	}
	if (rp->cfg->strict)
		return false;
	rp->skipped[SKIP_REFUSED]++;
	return true;
}

/* Say what was not sent, and why, in the summary and the JSON. */
static void replay_finish(void *ctx, struct engine *e)
{
	struct replay *rp = ctx;
	size_t n = 0, t = 0;

	n += (size_t)snprintf(rp->extra + n, sizeof(rp->extra) - n,
			      "\"replay\": {\"records_read\": %llu, "
			      "\"preloaded\": %s, \"stream_reason\": %s%s%s, "
			      "\"loops\": %llu, \"skipped\": {",
			      (unsigned long long)rp->records,
			      rp->preload ? "true" : "false",
			      rp->stream_why ? "\"" : "",
			      rp->stream_why ? rp->stream_why : "null",
			      rp->stream_why ? "\"" : "",
			      (unsigned long long)rp->loops_done);
	if (rp->preload)
		t += (size_t)snprintf(rp->text + t, sizeof(rp->text) - t,
				      "  capture preloaded: %zu records, looped "
				      "without reading it again\n", rp->npre);
	else if (rp->stream_why)
		t += (size_t)snprintf(rp->text + t, sizeof(rp->text) - t,
				      "  capture streamed from the file: %s\n",
				      rp->stream_why);
	for (int k = 0; k < SKIP_NREASONS; k++) {
		n += (size_t)snprintf(rp->extra + n, sizeof(rp->extra) - n,
				      "%s\"%s\": %llu", k ? ", " : "",
				      skip_key[k],
				      (unsigned long long)rp->skipped[k]);
		if (rp->skipped[k])
			t += (size_t)snprintf(rp->text + t,
					      sizeof(rp->text) - t,
					      "  skipped %llu record%s %s\n",
					      (unsigned long long)
					      rp->skipped[k],
					      rp->skipped[k] == 1 ? "" : "s",
					      skip_name[k]);
	}
	if (rp->refused_rec) {
		const char *name = rp->caps[rp->refused_file].name;

		/* The name is the user's; only quotes and backslashes
		 * would break the JSON string. */
		n += (size_t)snprintf(rp->extra + n, sizeof(rp->extra) - n,
				      "}, \"first_refused\": {\"file\": \"");
		for (const char *q = name; *q && n + 8 < sizeof(rp->extra);
		     q++) {
			if (*q == '"' || *q == '\\')
				rp->extra[n++] = '\\';
			rp->extra[n++] = (unsigned char)*q < 0x20 ? '?' : *q;
		}
		n += (size_t)snprintf(rp->extra + n, sizeof(rp->extra) - n,
				      "\", \"record\": %llu, \"error\": \"%s\"",
				      (unsigned long long)rp->refused_rec,
				      strerror(rp->refused_err));
		t += (size_t)snprintf(rp->text + t, sizeof(rp->text) - t,
				      "  first refused: %s record %llu: %s (%s)\n",
				      name, (unsigned long long)rp->refused_rec,
				      strerror(rp->refused_err),
				      rp->cfg->strict ? "--strict: the run "
				      "stopped there" : "skipped; --strict stops "
				      "there instead");
	}
	snprintf(rp->extra + n, sizeof(rp->extra) - n, "}}");
	e->rep.extra_json = rp->extra;
	e->rep.extra_text = t ? rp->text : NULL;
}

/* Raw mode: the socket's family is that of the first IP record.  Reads
 * ahead to it, keeping every record read for the replay (an input is
 * read once: it may be a pipe).  0 and *family (0 if there is none), or
 * an exit status after saying why. */
static int find_family(struct replay *rp, int *family)
{
	*family = 0;
	for (int i = 0; i < rp->ncaps && !*family; i++) {
		struct capture *cp = &rp->caps[i];
		struct capture_rec r;
		struct capture_l3 s;
		struct held *h;
		int rc;

		while (!*family && (rc = capture_next(cp, &r)) != 0) {
			size_t n = rc < 0 ? sizeof(cp->err) + 64 : r.caplen;

			if (rp->held_bytes + n > HOLD_MAX) {
				pr_err("replay: %s: no IPv4 "
					"or IPv6 record in the first %u MB: "
					"raw mode takes its socket's family "
					"from the first one\n", cp->name,
					HOLD_MAX >> 20);
				return EXIT_USAGE;
			}
			h = malloc(sizeof(*h) + n);
			if (!h) {
				pr_err("replay: out of "
					"memory reading %s\n", cp->name);
				return EXIT_RUNTIME;
			}
			memset(h, 0, sizeof(*h));
			h->file = i;
			*rp->held_tail = h;
			rp->held_tail = &h->next;
			rp->held_bytes += n;
			if (rc < 0) {
				/* Reported when its turn comes, as when
				 * streaming. */
				h->err = -EIO;
				snprintf((char *)h->data, n, "%s: record %llu "
					 "is unreadable: %s (the %llu records "
					 "before it were handled)", cp->name,
					 (unsigned long long)cp->recno + 1,
					 cp->err,
					 (unsigned long long)cp->recno);
				break;
			}
			h->rec = r;
			memcpy(h->data, r.data, r.caplen);
			if (capture_split(cp->dlt, r.data,
					  r.caplen < r.len ? r.caplen : r.len,
					  &s) &&
			    (s.proto == 0x0800 || s.proto == 0x86dd))
				*family = s.proto == 0x0800 ? AF_INET :
					  AF_INET6;
		}
	}
	return 0;
}

/* Open every input (once: it may be a pipe) and check its link type
 * before sending anything. */
static int open_inputs(struct replay *rp, bool *any_eth, bool *any_l3)
{
	struct config *c = rp->cfg;

	*any_eth = *any_l3 = false;
	rp->caps = calloc((size_t)c->nfiles, sizeof(*rp->caps));
	if (!rp->caps) {
		pr_err("replay: out of memory\n");
		return EXIT_RUNTIME;
	}
	for (int i = 0; i < c->nfiles; i++) {
		struct capture *cp = &rp->caps[i];
		int dlt;

		if (capture_open(cp, c->files[i])) {
			pr_err("replay: %s\n", cp->err);
			return EXIT_USAGE;
		}
		rp->ncaps++;
		dlt = cp->dlt;
		if (!capture_dlt_supported(dlt)) {
			const char *n = pcap_datalink_val_to_name(dlt);

			pr_err("replay: %s: link type %s "
				"(%d) is not supported; supported: EN10MB "
				"(Ethernet), LINUX_SLL, LINUX_SLL2, RAW, IPV4, "
				"IPV6\n", c->files[i], n ? n : "unknown", dlt);
			return EXIT_USAGE;
		}
		if (dlt == DLT_EN10MB)
			*any_eth = true;
		else
			*any_l3 = true;
	}
	return 0;
}

static void close_inputs(struct replay *rp)
{
	free_held(rp);
	for (int i = 0; i < rp->ncaps; i++)
		capture_close(&rp->caps[i]);
	free(rp->caps);
}

static int run(struct replay *rp, volatile int *stop)
{
	struct config *c = rp->cfg;
	struct iface_info ifi;
	struct tx_params tp;
	struct run_info info;
	struct rig rig;
	struct source src;
	bool any_eth, any_l3;
	int family = 0, rc;

	rc = open_inputs(rp, &any_eth, &any_l3);
	if (rc)
		return rc;
	if (c->mode_set && c->mode == MODE_UDP) {
		pr_err("replay: --mode udp cannot replay "
			"captured frames; use packet, packet-dgram or raw\n");
		return EXIT_USAGE;
	}
	rp->sh.mode = c->mode_set ? c->mode : c->l2_synth || !any_l3 ?
		   MODE_PACKET : MODE_PACKET_DGRAM;
	if (rp->sh.mode == MODE_PACKET && any_l3 && !c->l2_synth) {
		pr_err("replay: the captures hold L3 "
			"packets (raw IP or Linux cooked): add --l2 to send "
			"them with an Ethernet header in packet mode, or use "
			"--mode packet-dgram or raw\n");
		return EXIT_USAGE;
	}
	if ((rp->sh.mode == MODE_PACKET_DGRAM || c->l2_synth ||
	     (rp->sh.mode == MODE_PACKET && c->rewrite_mac)) && !c->have_dst_mac) {
		pr_err("replay: give --dst-mac: it is the "
			"destination of the Ethernet header %s\n",
			rp->sh.mode == MODE_PACKET_DGRAM ? "the kernel writes in "
			"packet-dgram mode" : "pktgen-zc writes");
		return EXIT_USAGE;
	}
	if (rp->sh.mode == MODE_RAW) {
		rc = find_family(rp, &family);
		if (rc)
			return rc;
		if (!family) {
			pr_err("replay: raw mode sends IP "
				"packets and the captures hold none\n");
			return EXIT_USAGE;
		}
	}
	rp->sh.raw_family = family;
	rc = rig_check_dev(c, &ifi);
	if (rc)
		return rc;
	rp->sh.mtu = ifi.mtu;
	memcpy(rp->sh.src_mac, c->have_src_mac ? c->src_mac : ifi.mac, 6);
	memcpy(rp->sh.dst_mac, c->dst_mac, 6);

	memset(&tp, 0, sizeof(tp));
	tp.mode = rp->sh.mode;
	tp.family = rp->sh.mode == MODE_RAW ? family : AF_INET;
	tp.ifindex = ifi.ifindex;
	tp.ifname = c->dev;
	memcpy(tp.dst_mac, rp->sh.dst_mac, 6);
	tp.l2_proto = 0x0800;
	tp.fixed_dst = false;
	tp.l2_len = ETH_HLEN;
	tp.hdr_len = ETH_HLEN;
	tp.ttl = 64;
	tp.qdisc_bypass = c->qdisc_bypass;

	memset(&info, 0, sizeof(info));
	info.cmd = CMD_REPLAY;
	info.dev = c->dev;
	info.mode = rp->sh.mode;
	info.family = rp->sh.mode == MODE_RAW ? family : 0;
	info.zc_wanted = c->zerocopy;
	info.rate_pps = c->rate_pps;
	info.rate_bps = c->rate_bps;

	/* Slots hold the largest frame the device takes, VLAN tag included. */
	rc = rig_open(&rig, c, &tp, &info, ifi.mtu + ETH_HLEN + 8, 16, stop);
	if (rc)
		return rc;
	rp->e = &rig.e;
	if (c->loop == 1)
		rp->stream_why = "played once (--loop 1): read as it goes";
	if (c->loop != 1 && try_preload(rp, &rig.e) == -ESPIPE) {
		rig_close(&rig);
		return EXIT_RUNTIME;
	}
	if (!rp->preload)
		restart_pass(rp);
	src = (struct source){
		.next = replay_next, .finish = replay_finish,
		.refused = replay_refused, .ctx = rp,
		.self_timed = !c->topspeed && c->rate_pps <= 0 &&
			      c->rate_bps <= 0,
	};
	rc = engine_run(&rig.e, &src, &info);
	rig_close(&rig);
	return rc;
}

int replay_run(struct config *c, volatile int *stop)
{
	struct replay rp;
	int rc;

	memset(&rp, 0, sizeof(rp));
	rp.cfg = c;
	rp.fresh = true;
	rp.held_tail = &rp.held;
	rp.sh.pad = c->pad;
	rp.sh.rewrite_mac = c->rewrite_mac;
	rp.sh.rw = (struct rw_rules){
		.maps = c->maps, .nmaps = c->nmaps,
		.sport = c->rw_sport, .dport = c->rw_dport,
	};
	rc = run(&rp, stop);
	close_inputs(&rp);
	free(rp.pre);
	free(rp.runs);
	return rc;
}
