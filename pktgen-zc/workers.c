// SPDX-License-Identifier: GPL-2.0-only
/* workers: one engine per CPU; see workers.h. */
#include "workers.h"
#include "log.h"

#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#define REPORT_POLL_MS 20

int workers_cpus(const struct config *c, uint32_t n, int *cpus)
{
	cpu_set_t set;
	uint32_t k = 0;

	if (c->ncpus) {
		memcpy(cpus, c->cpus, n * sizeof(*cpus));
		return 0;
	}
	if (n == 1) {
		cpus[0] = c->cpu;
		return 0;
	}
	if (sched_getaffinity(0, sizeof(set), &set)) {
		pr_err("cannot read the CPUs this process "
			"may use: %s\n", strerror(errno));
		return EXIT_RUNTIME;
	}
	for (int i = 0; i < CPU_SETSIZE && k < n; i++)
		if (CPU_ISSET(i, &set))
			cpus[k++] = i;
	if (k < n) {
		pr_err("--threads %u: this process may run "
			"on %u CPUs only (see taskset); one worker per CPU\n",
			n, k);
		return EXIT_USAGE;
	}
	return 0;
}

static void *worker_main(void *arg)
{
	struct worker *w = arg;
	struct rusage ru;

	rig_affinity(w->cpu);
	w->rc = engine_run(&w->rig.e, &w->src, w->info);
	if (!getrusage(RUSAGE_THREAD, &ru))
		w->cpu_seconds = ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 +
				 ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6;
	__atomic_store_n(&w->done, 1, __ATOMIC_RELEASE);
	return NULL;
}

/* What the workers have sent so far, from what they publish. */
static void published(const struct worker *w, uint32_t n, struct stats *s)
{
	memset(s, 0, sizeof(*s));
	for (uint32_t i = 0; i < n; i++) {
		const struct stats *p = &w[i].rig.e.pub;

		s->frames += __atomic_load_n(&p->frames, __ATOMIC_RELAXED);
		s->l2_bytes += __atomic_load_n(&p->l2_bytes, __ATOMIC_RELAXED);
		s->sends += __atomic_load_n(&p->sends, __ATOMIC_RELAXED);
	}
}

static bool all_done(const struct worker *w, uint32_t n)
{
	for (uint32_t i = 0; i < n; i++)
		if (!__atomic_load_n(&w[i].done, __ATOMIC_ACQUIRE))
			return false;
	return true;
}

static void merge(const struct worker *w, uint32_t n, struct stats *s,
		  struct zc_counters *z, uint32_t *peak, uint32_t *abandoned)
{
	memset(s, 0, sizeof(*s));
	memset(z, 0, sizeof(*z));
	*peak = *abandoned = 0;
	for (uint32_t i = 0; i < n; i++) {
		const struct engine *e = &w[i].rig.e;

		s->frames += e->st.frames;
		s->l2_bytes += e->st.l2_bytes;
		s->sends += e->st.sends;
		s->send_errors += e->st.send_errors;
		s->enobufs += e->st.enobufs;
		s->short_batches += e->st.short_batches;
		s->calls += e->st.calls;
		s->skipped += e->st.skipped;
		z->sends += e->zc.n.sends;
		z->completed += e->zc.n.completed;
		z->copied += e->zc.n.copied;
		z->notifications += e->zc.n.notifications;
		z->bogus += e->zc.n.bogus;
		z->other_errors += e->zc.n.other_errors;
		*peak += e->pool->peak_inflight;
		*abandoned += e->abandoned;
	}
}

/* One JSON object and one text line per worker, for the summary. */
static void describe(const struct worker *w, uint32_t n, char **json,
		     char **text)
{
	size_t jcap = 160 + n * 320, tcap = 64 + n * 200, jl, tl;
	char *j = malloc(jcap), *t = malloc(tcap);

	*json = j;
	*text = t;
	if (!j || !t)
		return;
	jl = (size_t)snprintf(j, jcap, "\"workers\": [");
	tl = (size_t)snprintf(t, tcap, "  workers:\n");
	for (uint32_t i = 0; i < n && jl < jcap && tl < tcap; i++) {
		const struct engine *e = &w[i].rig.e;
		double sec = (e->send_end_ns - e->start_ns) / 1e9;
		double pps = sec > 0 ? e->st.frames / sec : 0;

		jl += (size_t)snprintf(j + jl, jcap - jl, "%s{\"worker\": %u, "
				       "\"cpu\": %d, \"frames\": %llu, "
				       "\"sends\": %llu, \"bytes\": %llu, "
				       "\"pps\": %.1f, \"cpu_seconds\": %.6f, "
				       "\"zerocopy_ids\": %llu, "
				       "\"stop_reason\": \"%s\", \"failed\": %s}",
				       i ? ", " : "", i, w[i].cpu,
				       (unsigned long long)e->st.frames,
				       (unsigned long long)e->st.sends,
				       (unsigned long long)e->st.l2_bytes, pps,
				       w[i].cpu_seconds,
				       (unsigned long long)e->zc.n.sends,
				       e->stop_reason ? e->stop_reason : "",
				       e->failed ? "true" : "false");
		tl += (size_t)snprintf(t + tl, tcap - tl, "    %u on CPU %d: "
				       "%llu frames, %.3f Mpps, CPU %.3f s%s\n",
				       i, w[i].cpu,
				       (unsigned long long)e->st.frames,
				       pps / 1e6, w[i].cpu_seconds,
				       e->failed ? " (failed)" : "");
	}
	if (jl < jcap)
		snprintf(j + jl, jcap - jl, "]");
}

int workers_run(struct worker *w, uint32_t n, const struct config *c,
		const struct run_info *info, volatile int *stop)
{
	struct timespec nap = { 0, REPORT_POLL_MS * 1000000L };
	struct replay_timing rt = { 0 };
	const char *reason = NULL, *error = NULL;
	struct report rep;
	struct zc_counters z;
	struct stats s;
	uint64_t send_end = 0;
	uint32_t peak, abandoned, started = 0;
	char *json = NULL, *text = NULL, err[400];
	uint64_t *sizes;
	volatile int all_stop = 0;
	int rc = 0;

	if (c->start_at > 0)
		engine_wait_start(c, stop);
	report_start(&rep, c, info, pace_now_ns());
	for (uint32_t i = 0; i < n; i++) {
		struct engine *e = &w[i].rig.e;

		e->report = false;
		e->all_stop = &all_stop;
		e->rate_pps = c->rate_pps / n;
		e->rate_bps = c->rate_bps / n;
		w[i].info = info;
		if (pthread_create(&w[i].thread, NULL, worker_main, &w[i])) {
			pr_err("cannot start worker %u: "
				"%s\n", i, strerror(errno));
			all_stop = 1;
			rc = EXIT_RUNTIME;
			break;
		}
		started++;
	}
	while (!all_done(w, started)) {
		nanosleep(&nap, NULL);
		published(w, started, &s);
		report_tick(&rep, pace_now_ns(), &s);
	}
	for (uint32_t i = 0; i < started; i++) {
		const struct engine *e = &w[i].rig.e;

		pthread_join(w[i].thread, NULL);
		if (e->send_end_ns > send_end)
			send_end = e->send_end_ns;
		if (w[i].rc && !error) {
			rc = 1;
			if (e->failed) {
				snprintf(err, sizeof(err), "worker %u: %s", i,
					 e->error);
				error = err;
			}
		}
		if (!reason)
			reason = e->stop_reason;
	}
	if (rc)
		reason = "error";
	else if (*stop)
		reason = "interrupted";
	merge(w, started, &s, &z, &peak, &abandoned);
	sizes = calloc(ENGINE_SIZES, sizeof(*sizes));
	for (uint32_t i = 0; sizes && i < started; i++)
		for (uint32_t k = 0; k < ENGINE_SIZES; k++)
			sizes[k] += w[i].rig.e.size_hist ?
				    w[i].rig.e.size_hist[k] : 0;
	rep.size_hist = sizes;
	report_flush(&rep, send_end, &s);
	describe(w, started, &json, &text);
	rep.extra_json = json;
	rep.extra_text = text;
	rep.abandoned = abandoned;
	rep.drain_seconds = (pace_now_ns() - send_end) / 1e9;
	if (!report_end(&rep, send_end, &s, &z, peak, &rt,
			reason ? reason : "end", error))
		rc = 1;
	report_free(&rep);
	free(sizes);
	free(json);
	free(text);
	return rc;
}
