// SPDX-License-Identifier: GPL-2.0-only
/* stats: progress, summary and JSON; see stats.h. */
#include "stats.h"

#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "frame.h"

const char *stats_si(char *buf, size_t len, double v)
{
	static const char *const unit[] = { "", "k", "M", "G", "T" };
	int i = 0;

	while (fabs(v) >= 1000 && i < 4) {
		v /= 1000;
		i++;
	}
	snprintf(buf, len, "%.3g %s", v, unit[i]);
	return buf;
}

static void emit_interval(struct report *r, uint64_t now_ns,
			  const struct stats *s);

void report_tick(struct report *r, uint64_t now_ns, const struct stats *s)
{
	if (now_ns >= r->next_ns)
		emit_interval(r, now_ns, s);
}

void report_flush(struct report *r, uint64_t now_ns, const struct stats *s)
{
	if (now_ns > r->last_ns && s->frames != r->last.frames &&
	    (r->cfg->json || (!r->cfg->quiet && !r->tty)))
		emit_interval(r, now_ns, s);
}

static double wall_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static void iappend(struct report *r, const char *fmt, ...)
{
	va_list ap;
	int n;

	for (;;) {
		va_start(ap, fmt);
		n = vsnprintf(r->intervals ? r->intervals + r->ilen : NULL,
			      r->intervals ? r->icap - r->ilen : 0, fmt, ap);
		va_end(ap);
		if (n >= 0 && r->intervals && r->ilen + (size_t)n < r->icap) {
			r->ilen += (size_t)n;
			return;
		}
		size_t ncap = r->icap ? r->icap * 2 : 4096;
		char *p;

		while (ncap < r->ilen + (size_t)n + 1)
			ncap *= 2;
		p = realloc(r->intervals, ncap);
		if (!p)
			return;	/* JSON loses intervals, not the run */
		r->intervals = p;
		r->icap = ncap;
	}
}

static const char *zc_want_name(enum zc_want w)
{
	return w == ZC_ON ? "on" : w == ZC_OFF ? "off" : "auto";
}

void report_json_str(FILE *f, const char *s)
{
	fputc('"', f);
	for (; s && *s; s++) {
		if (*s == '"' || *s == '\\')
			fprintf(f, "\\%c", *s);
		else if ((unsigned char)*s < 0x20)
			fprintf(f, "\\u%04x", *s);
		else
			fputc(*s, f);
	}
	fputc('"', f);
}

static double cpu_seconds(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 +
	       ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6;
}

void report_start(struct report *r, const struct config *c,
		  const struct run_info *info, uint64_t now_ns)
{
	memset(r, 0, sizeof(*r));
	r->cfg = c;
	r->info = *info;
	r->tty = isatty(STDERR_FILENO);
	r->t0_ns = r->last_ns = now_ns;
	r->next_ns = now_ns + (uint64_t)(c->interval * 1e9);
	r->wall_t0 = wall_now();
	r->cpu0 = cpu_seconds();
	/* stdout may be the JSON; stderr is the person's. */
	if (!c->quiet && info->zc_refused)
		fprintf(stderr, "pktgen-zc: %s\n", info->zc_note);
}

static void rates(uint64_t frames, uint64_t l2, double sec, double *pps,
		  double *l2bps, double *l1bps)
{
	if (sec <= 0) {
		*pps = *l2bps = *l1bps = 0;
		return;
	}
	*pps = frames / sec;
	*l2bps = l2 * 8.0 / sec;
	*l1bps = (l2 + (double)frames * FRAME_L1_OVERHEAD) * 8.0 / sec;
}

static void emit_interval(struct report *r, uint64_t now_ns,
			  const struct stats *s)
{
	double sec, pps, l2, l1;
	char a[32], b[32], d[32];

	sec = (now_ns - r->last_ns) / 1e9;
	rates(s->frames - r->last.frames, s->l2_bytes - r->last.l2_bytes, sec,
	      &pps, &l2, &l1);
	if (r->cfg->json) {
		iappend(r, "%s{\"start\": %.6f, \"end\": %.6f, \"seconds\": "
			"%.6f, \"frames\": %llu, \"bytes\": %llu, "
			"\"pps\": %.1f, \"bits_per_second_l2\": %.1f, "
			"\"bits_per_second_l1\": %.1f}",
			r->ninterval ? ", " : "",
			(r->last_ns - r->t0_ns) / 1e9,
			(now_ns - r->t0_ns) / 1e9, sec,
			(unsigned long long)(s->frames - r->last.frames),
			(unsigned long long)(s->l2_bytes - r->last.l2_bytes),
			pps, l2, l1);
		r->ninterval++;
	} else if (!r->cfg->quiet) {
		fprintf(stderr, "%s%8.2fs %14llu frames %10spps  L2 %10sbit/s"
			"  L1 %10sbit/s%s",
			r->tty ? "\r" : "", (now_ns - r->t0_ns) / 1e9,
			(unsigned long long)s->frames,
			stats_si(a, sizeof(a), pps), stats_si(b, sizeof(b), l2),
			stats_si(d, sizeof(d), l1), r->tty ? "" : "\n");
		fflush(stderr);
	}
	r->last = *s;
	r->last_ns = now_ns;
	/* Skip ticks we slept through rather than bunching them up. */
	while (r->next_ns <= now_ns)
		r->next_ns += (uint64_t)(r->cfg->interval * 1e9);
}

static void json_end(struct report *r, double sec, const struct stats *s,
		     const struct zc_counters *z, uint32_t peak,
		     const struct replay_timing *rt, const char *stop,
		     const char *error, bool balanced, double cpu)
{
	const struct run_info *in = &r->info;
	const struct config *c = r->cfg;
	double pps, l2, l1;
	FILE *f = stdout;

	rates(s->frames, s->l2_bytes, sec, &pps, &l2, &l1);
	fprintf(f, "{\n  \"start\": {\"version\": ");
	report_json_str(f, PZC_VERSION);
	fprintf(f, ", \"command\": \"%s\", \"host\": ",
		in->cmd == CMD_REPLAY ? "replay" : "send");
	{
		char host[256] = "";

		gethostname(host, sizeof(host) - 1);
		report_json_str(f, host);
	}
	if (c->payload == PAY_STAMP && in->cmd == CMD_SEND)
		fprintf(f, ", \"run_id\": %u", c->run_id);
	if (c->start_at > 0)
		fprintf(f, ", \"start_at\": %.6f", c->start_at);
	else
		fputs(", \"start_at\": null", f);
	fputs(", \"dev\": ", f);
	report_json_str(f, in->dev);
	fprintf(f, ", \"mode\": \"%s\", \"family\": \"%s\", "
		"\"timestamp\": %.6f, \"count\": %llu, \"duration\": %.6f, "
		"\"rate_pps\": %.3f, \"rate_bits_per_second_l1\": %.3f, "
		"\"burst\": %u, \"size_includes_fcs\": false, "
		"\"pool\": {\"slots\": %u, \"slot_size\": %u, \"bytes\": %llu, "
		"\"hugepages\": %s}, \"path\": {\"name\": \"%s\", "
		"\"batch\": %u, \"qdisc_bypass\": %s, \"reason\": ",
		cli_mode_name(in->mode),
		in->family == AF_INET6 ? "ipv6" : in->family == AF_INET ?
		"ipv4" : "any", r->wall_t0, (unsigned long long)c->count,
		c->duration, in->rate_pps, in->rate_bps, c->burst, in->slots,
		in->slot_size, (unsigned long long)in->pool_bytes,
		in->hugepages ? "true" : "false", cli_path_name(in->path),
		in->batch, in->qdisc_bypass ? "true" : "false");
	report_json_str(f, in->path_why ? in->path_why : "");
	fputs("}},\n", f);
	fprintf(f, "  \"intervals\": [%s],\n", r->intervals ? r->intervals :
		"");
	fprintf(f, "  \"end\": {\"seconds\": %.6f, \"frames\": %llu, "
		"\"packets\": %llu, \"bytes\": %llu, \"sends\": %llu, "
		"\"send_errors\": %llu, \"skipped\": %llu, \"pps\": %.1f, "
		"\"bits_per_second_l2\": %.1f, \"bits_per_second_l1\": %.1f, "
		"\"cpu_seconds\": %.6f, \"setup_cpu_seconds\": %.6f, "
		"\"drain_seconds\": %.6f, \"stop_reason\": ",
		sec, (unsigned long long)s->frames,
		(unsigned long long)s->frames,
		(unsigned long long)s->l2_bytes,
		(unsigned long long)s->sends,
		(unsigned long long)s->send_errors,
		(unsigned long long)s->skipped, pps, l2, l1, cpu, r->cpu0,
		r->drain_seconds);
	report_json_str(f, stop);
	fprintf(f, ", \"pool\": {\"slots\": %u, \"bytes\": %llu}",
		r->pool_slots ? r->pool_slots : in->slots,
		(unsigned long long)(r->pool_bytes ? r->pool_bytes :
				     in->pool_bytes));
	fprintf(f, ", \"path\": \"%s\", \"ring_frames_abandoned\": %u, "
		"\"short_batches\": %llu, \"system_calls\": %llu",
		cli_path_name(in->path), r->abandoned,
		(unsigned long long)s->short_batches,
		(unsigned long long)s->calls);
	fprintf(f, ",\n    \"zerocopy\": {\"requested\": \"%s\", "
		"\"in_effect\": %s, \"note\": ", zc_want_name(in->zc_wanted),
		in->zc_in_effect ? "true" : "false");
	if (in->zc_note)
		report_json_str(f, in->zc_note);
	else
		fputs("null", f);
	fprintf(f, ", \"sends\": %llu, \"ids_completed\": %llu, "
		"\"ids_copied\": %llu, \"notifications\": %llu, "
		"\"coalescing\": %.2f, \"bogus_ids\": %llu, "
		"\"enobufs_retries\": %llu, \"peak_in_flight\": %u, "
		"\"ids_zero_copied\": %llu, \"balanced\": %s}",
		(unsigned long long)z->sends,
		(unsigned long long)z->completed,
		(unsigned long long)z->copied,
		(unsigned long long)z->notifications,
		z->notifications ? (double)z->completed / z->notifications : 0,
		(unsigned long long)z->bogus,
		(unsigned long long)s->enobufs, peak,
		(unsigned long long)(z->completed - z->copied),
		balanced ? "true" : "false");
	if (rt && rt->valid)
		fprintf(f, ",\n    \"schedule\": {\"mean_late_us\": %.3f, "
			"\"p99_late_us\": %.3f, \"max_late_us\": %.3f}",
			rt->mean_late_us, rt->p99_late_us, rt->max_late_us);
	if (r->size_hist) {
		const char *sep = "";

		/* Frame sizes (L2, without FCS) as sent, "size": frames. */
		fputs(",\n    \"sizes\": {", f);
		for (uint32_t k = 0; k < 65536; k++)
			if (r->size_hist[k]) {
				fprintf(f, "%s\"%u\": %llu", sep, k,
					(unsigned long long)r->size_hist[k]);
				sep = ", ";
			}
		fputc('}', f);
	}
	if (r->extra_json)
		fprintf(f, ",\n    %s", r->extra_json);
	fputs(",\n    \"error\": ", f);
	if (error)
		report_json_str(f, error);
	else
		fputs("null", f);
	fputs("}\n}\n", f);
	fflush(f);
}

/* A few sizes (a mix) get a line; a range of hundreds does not. */
static void text_sizes(FILE *f, const uint64_t *h, uint64_t frames)
{
	uint32_t distinct = 0;

	for (uint32_t k = 0; k < 65536; k++)
		distinct += h[k] != 0;
	if (distinct < 2 || distinct > 16)
		return;
	fputs("  sizes:", f);
	for (uint32_t k = 0, i = 0; k < 65536; k++)
		if (h[k])
			fprintf(f, "%s %u B %.1f%%", i++ ? "," : "", k,
				100.0 * h[k] / frames);
	fputc('\n', f);
}

bool report_end(struct report *r, uint64_t now_ns, const struct stats *s,
		const struct zc_counters *z, uint32_t peak_inflight,
		const struct replay_timing *rt, const char *stop_reason,
		const char *error)
{
	double sec = (now_ns - r->t0_ns) / 1e9, pps, l2, l1;
	double cpu = cpu_seconds() - r->cpu0;
	bool balanced = z->sends == z->completed && !z->bogus;
	char a[32], b[32], d[32];
	FILE *f = stdout;

	if (r->tty && !r->cfg->json && !r->cfg->quiet)
		fputc('\n', stderr);
	if (r->cfg->json) {
		json_end(r, sec, s, z, peak_inflight, rt, stop_reason, error,
			 balanced, cpu);
		return balanced;
	}
	rates(s->frames, s->l2_bytes, sec, &pps, &l2, &l1);
	fprintf(f, "%s on %s (%s): %llu frames, %llu bytes in %.3f s (%s)\n",
		r->cfg->dry_run ? "built, not sent (--dry-run)," :
		r->info.cmd == CMD_REPLAY ? "replayed" : "sent", r->info.dev,
		cli_mode_name(r->info.mode), (unsigned long long)s->frames,
		(unsigned long long)s->l2_bytes, sec, stop_reason);
	if (r->cfg->payload == PAY_STAMP && r->info.cmd == CMD_SEND)
		fprintf(f, "  run id %u in the stamps (pktgen-zc recv "
			"--run-id %u counts this run)\n", r->cfg->run_id,
			r->cfg->run_id);
	fprintf(f, "  rate %spps, L2 %sbit/s (frames without FCS), "
		"L1 %sbit/s (on the wire: +24 B FCS, preamble, gap)\n",
		stats_si(a, sizeof(a), pps), stats_si(b, sizeof(b), l2),
		stats_si(d, sizeof(d), l1));
	fprintf(f, "  sends %llu, send errors %llu, ENOBUFS retries %llu, "
		"CPU %.3f s (+%.3f s setting up)\n",
		(unsigned long long)s->sends,
		(unsigned long long)s->send_errors,
		(unsigned long long)s->enobufs, cpu, r->cpu0);
	fprintf(f, "  path %s, up to %u frames a system call%s (%s)\n",
		cli_path_name(r->info.path), r->info.batch,
		r->info.qdisc_bypass ? ", qdisc bypassed" : "",
		r->info.path_why ? r->info.path_why : "");
	if (r->pool_slots > r->info.slots)
		fprintf(f, "  pool grew from %u to %u slots of %u B, %llu KiB, "
			"to hold the capture\n", r->info.slots, r->pool_slots,
			r->info.slot_size,
			(unsigned long long)(r->pool_bytes >> 10));
	else
		fprintf(f, "  pool %u slots of %u B, %llu KiB%s\n",
			r->info.slots, r->info.slot_size,
			(unsigned long long)(r->info.pool_bytes >> 10),
			r->info.hugepages ? " on huge pages" : "");
	if (r->abandoned)
		fprintf(f, "  %u ring frames were offered but never taken by "
			"the kernel: not counted as sent\n", r->abandoned);
	if (r->info.zc_in_effect)
		fprintf(f, "  zerocopy: %s; ids sent %llu, completed "
			"%llu (copied by the kernel %llu), notifications %llu "
			"(%.1f ids each), peak in flight %u%s\n",
			/* Accepted is not done: the kernel copies frames
			 * looped to a local receiver, or for devices
			 * without scatter-gather, and says so per id. */
			!z->completed || z->copied < z->completed ?
			"in effect" : "accepted, but the kernel copied every "
			"frame (a local receiver, or no scatter-gather)",
			(unsigned long long)z->sends,
			(unsigned long long)z->completed,
			(unsigned long long)z->copied,
			(unsigned long long)z->notifications,
			z->notifications ? (double)z->completed /
			z->notifications : 0.0, peak_inflight,
			balanced ? "" : "  UNBALANCED");
	else
		fprintf(f, "  zerocopy: not in effect (%s)\n",
			r->info.zc_note ? r->info.zc_note : "--zerocopy off");
	if (rt && rt->valid)
		fprintf(f, "  schedule: late by %.1f us on average, %.1f us at "
			"the 99th percentile, %.1f us at most\n",
			rt->mean_late_us, rt->p99_late_us, rt->max_late_us);
	if (r->size_hist && s->frames)
		text_sizes(f, r->size_hist, s->frames);
	if (r->extra_text)
		fputs(r->extra_text, f);
	fflush(f);
	return balanced;
}

void report_free(struct report *r)
{
	free(r->intervals);
	r->intervals = NULL;
}
