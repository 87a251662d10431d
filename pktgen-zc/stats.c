// SPDX-License-Identifier: GPL-2.0-only
/* stats: progress, summary and JSON; see stats.h. */
#include "stats.h"

#include <arpa/inet.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "frame.h"
#include "log.h"

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

static void json_str(FILE *f, const char *s)
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
	if (info->zc_refused)
		pr_info("%s", info->zc_note);
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

static bool json_printed;

bool report_json_printed(void)
{
	return json_printed;
}

static void json_ip(FILE *f, const char *key, const struct ip_range *r,
		    const char *typed)
{
	char lo[INET6_ADDRSTRLEN], hi[INET6_ADDRSTRLEN];
	int fam = r->family ? r->family : AF_INET;

	inet_ntop(fam, r->lo, lo, sizeof(lo));
	inet_ntop(fam, r->hi, hi, sizeof(hi));
	fprintf(f, ", \"%s\": {\"given\": ", key);
	if (typed)
		json_str(f, typed);
	else
		fputs("null", f);
	fprintf(f, ", \"first\": \"%s\", \"last\": \"%s\", \"random\": %s}",
		lo, hi, r->random ? "true" : "false");
}

static void json_mac(FILE *f, const char *key, const uint8_t *m, bool have)
{
	if (!have) {
		fprintf(f, ", \"%s\": null", key);
		return;
	}
	fprintf(f, ", \"%s\": \"%02x:%02x:%02x:%02x:%02x:%02x\"", key, m[0],
		m[1], m[2], m[3], m[4], m[5]);
}

static const char *payload_name(enum payload_kind k)
{
	static const char *const n[] = { "zeros", "inc", "random", "stamp" };

	return n[k];
}

/*
 * Every parameter that shaped the run, as given or defaulted: the
 * "config" object of start.  Addresses the run resolved itself (the
 * interface's own, the next hop's MAC) are null here.
 */
void report_json_config(FILE *f, const struct config *c)
{
	fprintf(f, "\"config\": {\"command\": \"%s\", \"dev\": ",
		cmd_name(c->cmd));
	json_str(f, c->dev);
	fprintf(f, ", \"mode\": \"%s\", \"path\": \"%s\", "
		"\"zerocopy\": \"%s\", \"batch\": %u, "
		"\"qdisc_bypass\": %s",
		tx_mode_name(c->mode), tx_path_name(c->path),
		zc_want_name(c->zerocopy), c->batch,
		c->no_qdisc_bypass ? "false" : "true");
	fprintf(f, ", \"count\": %llu, \"duration\": %.6f, \"rate\": ",
		(unsigned long long)c->count, c->duration);
	if (c->rate_pps > 0)
		fprintf(f, "{\"value\": %.3f, \"unit\": \"pps\"}",
			c->rate_pps);
	else if (c->rate_bps > 0)
		fprintf(f, "{\"value\": %.3f, \"unit\": \"bit/s\", "
			"\"layer\": \"%s\"}", c->rate_bps,
			c->rate_l1 ? "l1" : "l2");
	else
		fputs("null", f);
	fprintf(f, ", \"burst\": %u, \"threads\": %u, \"cpus\": [",
		c->burst, c->threads);
	if (c->ncpus)
		for (uint32_t i = 0; i < c->ncpus; i++)
			fprintf(f, "%s%d", i ? ", " : "", c->cpus[i]);
	else if (c->cpu >= 0)
		fprintf(f, "%d", c->cpu);
	fprintf(f, "], \"priority\": %d, \"start_at\": ", c->priority);
	if (c->start_at > 0)
		fprintf(f, "%.6f", c->start_at);
	else
		fputs("null", f);
	fprintf(f, ", \"pool_size\": %llu, \"pool_size_given\": %s, "
		"\"hugepages\": %s, \"zc_batch\": %u, "
		"\"drain_timeout\": %.3f, \"write_pcap\": ",
		(unsigned long long)c->pool_bytes,
		c->pool_bytes_set ? "true" : "false",
		c->hugepages ? "true" : "false", c->zc_batch,
		c->drain_timeout);
	if (c->write_pcap)
		json_str(f, c->write_pcap);
	else
		fputs("null", f);
	fprintf(f, ", \"dry_run\": %s, \"interval\": %.3f",
		c->dry_run ? "true" : "false", c->interval);
	json_mac(f, "src_mac", c->src_mac, c->have_src_mac);
	json_mac(f, "dst_mac", c->dst_mac, c->have_dst_mac);
	if (c->cmd == CMD_SEND) {
		json_ip(f, "src_ip", &c->src_ip,
			c->have_src_ip ? c->src_ip_arg : NULL);
		json_ip(f, "dst_ip", &c->dst_ip, c->dst_ip_arg);
		fprintf(f, ", \"src_port\": {\"first\": %u, \"last\": %u, "
			"\"random\": %s}, \"dst_port\": {\"first\": %u, "
			"\"last\": %u, \"random\": %s}",
			c->sport.lo, c->sport.hi,
			c->sport.random ? "true" : "false", c->dport.lo,
			c->dport.hi, c->dport.random ? "true" : "false");
		fprintf(f, ", \"vlan\": ");
		if (c->vlan_id >= 0)
			fprintf(f, "{\"id\": %d, \"priority\": %d}",
				c->vlan_id, c->vlan_prio);
		else
			fputs("null", f);
		fprintf(f, ", \"tos\": %d, \"ttl\": %d, \"ip_id\": %u, "
			"\"df\": %s, \"size\": {\"counts\": \"%s\", "
			"\"first\": %u, \"last\": %u, \"random\": %s, "
			"\"mix\": [", c->tos, c->ttl, c->ip_id,
			c->df ? "true" : "false",
			c->size_is_payload ? "udp-payload" : "l2-frame",
			c->size.lo, c->size.hi,
			c->size.random ? "true" : "false");
		for (uint32_t i = 0; i < c->mix.n; i++)
			fprintf(f, "%s{\"size\": %u, \"weight\": %u}",
				i ? ", " : "", c->mix.size[i], c->mix.weight[i]);
		fprintf(f, "]}, \"flows\": %llu, \"payload\": \"%s\", "
			"\"seed\": %llu, \"gso\": %u",
			(unsigned long long)c->nflows, payload_name(c->payload),
			(unsigned long long)c->seed, c->gso);
	}
	if (c->cmd == CMD_REPLAY) {
		fputs(", \"files\": [", f);
		for (int i = 0; i < c->nfiles; i++) {
			if (i)
				fputs(", ", f);
			json_str(f, c->files[i]);
		}
		fprintf(f, "], \"speed\": %.6f, \"topspeed\": %s, "
			"\"max_gap\": %.6f, \"loop\": %llu, \"pad\": %s, "
			"\"l2\": %s, \"rewrite_mac\": %s, \"strict\": %s, "
			"\"map_ip\": [", c->speed,
			c->topspeed ? "true" : "false", c->max_gap,
			(unsigned long long)c->loop, c->pad ? "true" : "false",
			c->l2_synth ? "true" : "false",
			c->rewrite_mac ? "true" : "false",
			c->strict ? "true" : "false");
		for (int i = 0; i < c->nmaps; i++) {
			const struct ip_map *m = &c->maps[i];
			char a[INET6_ADDRSTRLEN], b[INET6_ADDRSTRLEN];

			inet_ntop(m->family, m->from, a, sizeof(a));
			inet_ntop(m->family, m->to, b, sizeof(b));
			fprintf(f, "%s\"%s/%d=%s/%d\"", i ? ", " : "", a,
				m->prefix, b, m->prefix);
		}
		fprintf(f, "], \"map_sport\": %d, \"map_dport\": %d",
			c->rw_sport, c->rw_dport);
	}
	fputc('}', f);
}

static void json_host(FILE *f)
{
	char host[256] = "";

	gethostname(host, sizeof(host) - 1);
	json_str(f, host);
}

void report_json_error(const struct config *c, const char *error)
{
	FILE *f = stdout;

	fprintf(f, "{\n  \"start\": {\"version\": ");
	json_str(f, PZC_VERSION);
	fprintf(f, ", \"command\": \"%s\", \"host\": ", cmd_name(c->cmd));
	json_host(f);
	fprintf(f, ", \"timestamp\": %.6f, ", wall_now());
	report_json_config(f, c);
	fputs("},\n  \"intervals\": [],\n  \"end\": null,\n  \"error\": ", f);
	json_str(f, error ? error : "the run failed before it started");
	fputs("\n}\n", f);
	fflush(f);
	json_printed = true;
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
	json_str(f, PZC_VERSION);
	fprintf(f, ", \"command\": \"%s\", \"host\": ",
		in->cmd == CMD_REPLAY ? "replay" : "send");
	json_host(f);
	if (c->start_at > 0)
		fprintf(f, ", \"start_at\": %.6f", c->start_at);
	else
		fputs(", \"start_at\": null", f);
	fputs(", \"dev\": ", f);
	json_str(f, in->dev);
	fprintf(f, ", \"mode\": \"%s\", \"family\": \"%s\", "
		"\"timestamp\": %.6f, \"count\": %llu, \"duration\": %.6f, "
		"\"rate_pps\": %.3f, \"rate_bits_per_second_l1\": %.3f, "
		"\"burst\": %u, \"size_includes_fcs\": false, "
		"\"pool\": {\"slots\": %u, \"slot_size\": %u, \"bytes\": %llu, "
		"\"hugepages\": %s}, \"path\": {\"name\": \"%s\", "
		"\"batch\": %u, \"qdisc_bypass\": %s, \"reason\": ",
		tx_mode_name(in->mode),
		in->family == AF_INET6 ? "ipv6" : in->family == AF_INET ?
		"ipv4" : "any", r->wall_t0, (unsigned long long)c->count,
		c->duration, in->rate_pps, in->rate_bps, c->burst, in->slots,
		in->slot_size, (unsigned long long)in->pool_bytes,
		in->hugepages ? "true" : "false", tx_path_name(in->path),
		in->batch, in->qdisc_bypass ? "true" : "false");
	json_str(f, in->path_why ? in->path_why : "");
	fputs("}, ", f);
	report_json_config(f, c);
	fputs("},\n", f);
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
	json_str(f, stop);
	fprintf(f, ", \"pool\": {\"slots\": %u, \"bytes\": %llu}",
		r->pool_slots ? r->pool_slots : in->slots,
		(unsigned long long)(r->pool_bytes ? r->pool_bytes :
				     in->pool_bytes));
	fprintf(f, ", \"path\": \"%s\", \"ring_frames_abandoned\": %u, "
		"\"short_batches\": %llu, \"system_calls\": %llu",
		tx_path_name(in->path), r->abandoned,
		(unsigned long long)s->short_batches,
		(unsigned long long)s->calls);
	fprintf(f, ",\n    \"zerocopy\": {\"requested\": \"%s\", "
		"\"in_effect\": %s, \"note\": ", zc_want_name(in->zc_wanted),
		in->zc_in_effect ? "true" : "false");
	if (in->zc_note)
		json_str(f, in->zc_note);
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
	fputs(",\n    \"rate_shortfall\": ", f);
	if (r->shortfall > 0)
		fprintf(f, "{\"requested\": %.3f, \"achieved\": %.3f, "
			"\"unit\": \"%s\", \"percent_below\": %.2f}",
			r->want_rate, r->got_rate, r->rate_unit,
			r->shortfall * 100);
	else
		fputs("null", f);
	/* The error is the document's, not the end's: set-up errors have
	 * no end object at all (report_json_error). */
	fputs("},\n  \"error\": ", f);
	if (error)
		json_str(f, error);
	else
		fputs("null", f);
	fputs("\n}\n", f);
	fflush(f);
	json_printed = true;
}

/*
 * A run that asked for a rate and ended more than 1% below it says so.
 * Runs stopped early (^C, an error) are judged on the time they ran; a
 * run that stopped on its --count is judged the same way, since the
 * schedule is absolute.
 */
static void shortfall(struct report *r, const struct stats *s, double sec)
{
	const struct config *c = r->cfg;
	double want, got;

	r->shortfall = 0;
	if (sec <= 0 || !s->frames || c->dry_run)
		return;
	if (r->info.rate_pps > 0) {
		want = r->info.rate_pps;
		got = s->frames / sec;
		r->rate_unit = "pps";
	} else if (r->info.rate_bps > 0) {
		want = r->info.rate_bps;
		got = (s->l2_bytes + (c->rate_l1 ? (double)s->frames *
				      FRAME_L1_OVERHEAD : 0)) * 8.0 / sec;
		r->rate_unit = c->rate_l1 ? "bit/s (L1)" : "bit/s (L2)";
	} else {
		return;
	}
	r->want_rate = want;
	r->got_rate = got;
	if (got < want * 0.99) {
		r->shortfall = 1 - got / want;
		pr_warn("the run sent %.4g %s, %.1f%% below the %.4g %s asked "
			"for", got, r->rate_unit, r->shortfall * 100, want,
			r->rate_unit);
	}
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
	shortfall(r, s, sec);
	if (r->cfg->json) {
		json_end(r, sec, s, z, peak_inflight, rt, stop_reason, error,
			 balanced, cpu);
		return balanced;
	}
	rates(s->frames, s->l2_bytes, sec, &pps, &l2, &l1);
	fprintf(f, "%s on %s (%s): %llu frames, %llu bytes in %.3f s (%s)\n",
		r->cfg->dry_run ? "built, not sent (--dry-run)," :
		r->info.cmd == CMD_REPLAY ? "replayed" : "sent", r->info.dev,
		tx_mode_name(r->info.mode), (unsigned long long)s->frames,
		(unsigned long long)s->l2_bytes, sec, stop_reason);
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
		tx_path_name(r->info.path), r->info.batch,
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
	if (r->shortfall > 0)
		fprintf(f, "  rate: %.4g %s asked for, %.4g %s achieved: %.1f%% "
			"below\n", r->want_rate, r->rate_unit, r->got_rate,
			r->rate_unit, r->shortfall * 100);
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
