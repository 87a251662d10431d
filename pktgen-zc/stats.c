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
#include "out.h"

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
			out_si_text(a, sizeof(a), pps), out_si_text(b, sizeof(b), l2),
			out_si_text(d, sizeof(d), l1), r->tty ? "" : "\n");
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

static void out_ip(struct out *o, const char *k, const struct ip_range *r,
		   const char *typed)
{
	char lo[INET6_ADDRSTRLEN], hi[INET6_ADDRSTRLEN];
	int fam = r->family ? r->family : AF_INET;

	inet_ntop(fam, r->lo, lo, sizeof(lo));
	inet_ntop(fam, r->hi, hi, sizeof(hi));
	out_obj(o, k);
	out_str(o, "given", NULL, typed);
	out_str(o, "first", NULL, lo);
	out_str(o, "last", NULL, hi);
	out_bool(o, "random", NULL, r->random);
	out_obj_end(o);
}

static void out_range(struct out *o, const char *k,
		      const struct u32_range *r)
{
	out_obj(o, k);
	out_u64(o, "first", NULL, r->lo);
	out_u64(o, "last", NULL, r->hi);
	out_bool(o, "random", NULL, r->random);
	out_obj_end(o);
}

static void out_mac(struct out *o, const char *k, const uint8_t *m, bool have)
{
	char buf[18];

	snprintf(buf, sizeof(buf), "%02x:%02x:%02x:%02x:%02x:%02x", m[0], m[1],
		 m[2], m[3], m[4], m[5]);
	out_str(o, k, NULL, have ? buf : NULL);
}

static const char *payload_name(enum payload_kind k)
{
	static const char *const n[] = { "zeros", "inc", "random", "stamp" };

	return n[k];
}

/*
 * Every parameter that shaped the run, as given or defaulted: the
 * "config" object of start.  Addresses the run resolved itself (the
 * interface's own, the next hop's MAC) are null here.  JSON only.
 */
static void out_config(struct out *o, const struct config *c)
{
	out_obj(o, "config");
	out_str(o, "command", NULL, cmd_name(c->cmd));
	out_str(o, "dev", NULL, c->dev);
	out_str(o, "mode", NULL, tx_mode_name(c->mode));
	out_str(o, "path", NULL, tx_path_name(c->path));
	out_str(o, "zerocopy", NULL, zc_want_name(c->zerocopy));
	out_u64(o, "batch", NULL, c->batch);
	out_bool(o, "qdisc_bypass", NULL, !c->no_qdisc_bypass);
	out_u64(o, "count", NULL, c->count);
	out_dbl(o, "duration", NULL, c->duration);
	if (c->rate_pps > 0 || c->rate_bps > 0) {
		out_obj(o, "rate");
		out_dbl(o, "value", NULL, c->rate_pps > 0 ? c->rate_pps :
			c->rate_bps);
		out_str(o, "unit", NULL, c->rate_pps > 0 ? "pps" : "bit/s");
		if (c->rate_bps > 0)
			out_str(o, "layer", NULL, c->rate_l1 ? "l1" : "l2");
		out_obj_end(o);
	} else {
		out_null(o, "rate");
	}
	out_u64(o, "burst", NULL, c->burst);
	out_u64(o, "threads", NULL, c->threads);
	out_arr(o, "cpus");
	for (uint32_t i = 0; i < c->ncpus; i++)
		out_int(o, "", NULL, c->cpus[i]);
	if (!c->ncpus && c->cpu >= 0)
		out_int(o, "", NULL, c->cpu);
	out_arr_end(o);
	out_int(o, "priority", NULL, c->priority);
	if (c->start_at > 0)
		out_dbl(o, "start_at", NULL, c->start_at);
	else
		out_null(o, "start_at");
	out_u64(o, "pool_size", NULL, c->pool_bytes);
	out_bool(o, "pool_size_given", NULL, c->pool_bytes_set);
	out_bool(o, "hugepages", NULL, c->hugepages);
	out_u64(o, "zc_batch", NULL, c->zc_batch);
	out_dbl(o, "drain_timeout", NULL, c->drain_timeout);
	out_str(o, "write_pcap", NULL, c->write_pcap);
	out_bool(o, "dry_run", NULL, c->dry_run);
	out_dbl(o, "interval", NULL, c->interval);
	out_mac(o, "src_mac", c->src_mac, c->have_src_mac);
	out_mac(o, "dst_mac", c->dst_mac, c->have_dst_mac);
	if (c->cmd == CMD_SEND) {
		out_ip(o, "src_ip", &c->src_ip,
		       c->have_src_ip ? c->src_ip_arg : NULL);
		out_ip(o, "dst_ip", &c->dst_ip, c->dst_ip_arg);
		out_range(o, "src_port", &c->sport);
		out_range(o, "dst_port", &c->dport);
		if (c->vlan_id >= 0) {
			out_obj(o, "vlan");
			out_int(o, "id", NULL, c->vlan_id);
			out_int(o, "priority", NULL, c->vlan_prio);
			out_obj_end(o);
		} else {
			out_null(o, "vlan");
		}
		out_int(o, "tos", NULL, c->tos);
		out_int(o, "ttl", NULL, c->ttl);
		out_u64(o, "ip_id", NULL, c->ip_id);
		out_bool(o, "df", NULL, c->df);
		out_obj(o, "size");
		out_str(o, "counts", NULL, c->size_is_payload ? "udp-payload" :
			"l2-frame");
		out_u64(o, "first", NULL, c->size.lo);
		out_u64(o, "last", NULL, c->size.hi);
		out_bool(o, "random", NULL, c->size.random);
		out_arr(o, "mix");
		for (uint32_t i = 0; i < c->mix.n; i++) {
			out_obj(o, NULL);
			out_u64(o, "size", NULL, c->mix.size[i]);
			out_u64(o, "weight", NULL, c->mix.weight[i]);
			out_obj_end(o);
		}
		out_arr_end(o);
		out_obj_end(o);
		out_u64(o, "flows", NULL, c->nflows);
		out_str(o, "payload", NULL, payload_name(c->payload));
		out_u64(o, "seed", NULL, c->seed);
		out_u64(o, "gso", NULL, c->gso);
	}
	if (c->cmd == CMD_REPLAY) {
		out_arr(o, "files");
		for (int i = 0; i < c->nfiles; i++)
			out_str(o, "", NULL, c->files[i]);
		out_arr_end(o);
		out_dbl(o, "speed", NULL, c->speed);
		out_bool(o, "topspeed", NULL, c->topspeed);
		out_dbl(o, "max_gap", NULL, c->max_gap);
		out_u64(o, "loop", NULL, c->loop);
		out_bool(o, "pad", NULL, c->pad);
		out_bool(o, "l2", NULL, c->l2_synth);
		out_bool(o, "rewrite_mac", NULL, c->rewrite_mac);
		out_bool(o, "strict", NULL, c->strict);
		out_arr(o, "map_ip");
		for (int i = 0; i < c->nmaps; i++) {
			const struct ip_map *m = &c->maps[i];
			char a[INET6_ADDRSTRLEN], b[INET6_ADDRSTRLEN];
			char buf[2 * INET6_ADDRSTRLEN + 16];

			inet_ntop(m->family, m->from, a, sizeof(a));
			inet_ntop(m->family, m->to, b, sizeof(b));
			snprintf(buf, sizeof(buf), "%s/%d=%s/%d", a, m->prefix,
				 b, m->prefix);
			out_str(o, "", NULL, buf);
		}
		out_arr_end(o);
		out_int(o, "map_sport", NULL, c->rw_sport);
		out_int(o, "map_dport", NULL, c->rw_dport);
	}
	out_obj_end(o);
}

static void out_host(struct out *o)
{
	char host[256] = "";

	gethostname(host, sizeof(host) - 1);
	out_str(o, "host", NULL, host);
}

void report_json_error(const struct config *c, const char *error)
{
	struct out o;

	out_begin(&o, stdout, true);
	out_obj(&o, "start");
	out_str(&o, "version", NULL, PZC_VERSION);
	out_str(&o, "command", NULL, cmd_name(c->cmd));
	out_host(&o);
	out_dbl(&o, "timestamp", NULL, wall_now());
	out_config(&o, c);
	out_obj_end(&o);
	out_raw(&o, "intervals", "[]");
	out_null(&o, "end");
	out_str(&o, "error", NULL,
		error ? error : "the run failed before it started");
	out_end(&o);
	json_printed = true;
}

/* The start object: how the run was set up.  JSON only. */
static void out_start(struct out *o, const struct report *r)
{
	const struct run_info *in = &r->info;
	const struct config *c = r->cfg;

	out_obj(o, "start");
	out_str(o, "version", NULL, PZC_VERSION);
	out_str(o, "command", NULL, in->cmd == CMD_REPLAY ? "replay" : "send");
	out_host(o);
	if (c->payload == PAY_STAMP && in->cmd == CMD_SEND)
		out_u64(o, "run_id", NULL, c->run_id);
	if (c->start_at > 0)
		out_dbl(o, "start_at", NULL, c->start_at);
	else
		out_null(o, "start_at");
	out_str(o, "dev", NULL, in->dev);
	out_str(o, "mode", NULL, tx_mode_name(in->mode));
	out_str(o, "family", NULL, in->family == AF_INET6 ? "ipv6" :
		in->family == AF_INET ? "ipv4" : "any");
	out_dbl(o, "timestamp", NULL, r->wall_t0);
	out_u64(o, "count", NULL, c->count);
	out_dbl(o, "duration", NULL, c->duration);
	out_dbl(o, "rate_pps", NULL, in->rate_pps);
	/* the name says L1 for the runs before --rate-layer; the value is
	 * what config.rate.layer says it counts */
	out_dbl(o, "rate_bits_per_second_l1", NULL, in->rate_bps);
	out_u64(o, "burst", NULL, c->burst);
	out_bool(o, "size_includes_fcs", NULL, false);
	out_obj(o, "pool");
	out_u64(o, "slots", NULL, in->slots);
	out_u64(o, "slot_size", NULL, in->slot_size);
	out_u64(o, "bytes", NULL, in->pool_bytes);
	out_bool(o, "hugepages", NULL, in->hugepages);
	out_obj_end(o);
	out_obj(o, "path");
	out_str(o, "name", NULL, tx_path_name(in->path));
	out_u64(o, "batch", NULL, in->batch);
	out_bool(o, "qdisc_bypass", NULL, in->qdisc_bypass);
	out_str(o, "reason", NULL, in->path_why ? in->path_why : "");
	out_obj_end(o);
	out_config(o, c);
	out_obj_end(o);
}

/* Frame sizes (L2, without FCS) as sent: JSON "size": frames; text a
 * line when a few sizes (a mix) were sent, not a range of hundreds. */
static void out_sizes(struct out *o, const uint64_t *h, uint64_t frames)
{
	uint32_t distinct = 0;
	bool text;

	for (uint32_t k = 0; k < 65536; k++)
		distinct += h[k] != 0;
	text = distinct >= 2 && distinct <= 16 && frames;
	out_obj(o, "sizes");
	if (text)
		out_text(o, "  sizes:");
	for (uint32_t k = 0, i = 0; k < 65536; k++) {
		char name[8];

		if (!h[k])
			continue;
		snprintf(name, sizeof(name), "%u", k);
		out_u64(o, name, NULL, h[k]);
		if (text)
			out_text(o, "%s %u B %.1f%%", i++ ? "," : "", k,
				 100.0 * h[k] / frames);
	}
	if (text)
		out_text(o, "\n");
	out_obj_end(o);
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
	/* got/want is the time the frames needed at the rate over the
	 * time they took; the last frame's own slot, the drain and clock
	 * granularity are allowed for with 20 ms, which only short runs
	 * notice. */
	if (got < want * 0.99 && sec > sec * got / want / 0.99 + 0.02) {
		r->shortfall = 1 - got / want;
		pr_warn("the run sent %.4g %s, %.1f%% below the %.4g %s asked "
			"for", got, r->rate_unit, r->shortfall * 100, want,
			r->rate_unit);
	}
}

/*
 * The summary: the end object with --json (after start and intervals),
 * else the text lines.  One sequence of calls writes both (out.h).
 */
bool report_end(struct report *r, uint64_t now_ns, const struct stats *s,
		const struct zc_counters *z, uint32_t peak,
		const struct replay_timing *rt, const char *stop_reason,
		const char *error)
{
	const struct run_info *in = &r->info;
	const struct config *c = r->cfg;
	double sec = (now_ns - r->t0_ns) / 1e9, pps, l2, l1;
	double cpu = cpu_seconds() - r->cpu0;
	bool balanced = z->sends == z->completed && !z->bogus;
	bool grew = r->pool_slots > in->slots;
	struct out o;

	if (r->tty && !c->json && !c->quiet)
		fputc('\n', stderr);
	shortfall(r, s, sec);
	rates(s->frames, s->l2_bytes, sec, &pps, &l2, &l1);

	out_begin(&o, stdout, c->json);
	if (c->json) {
		out_start(&o, r);
		out_arr(&o, "intervals");
		if (r->intervals)
			out_raw(&o, NULL, r->intervals);
		out_arr_end(&o);
	}
	out_obj(&o, "end");
	out_text(&o, "%s on %s (%s): ", c->dry_run ?
		 "built, not sent (--dry-run)," : in->cmd == CMD_REPLAY ?
		 "replayed" : "sent", in->dev, tx_mode_name(in->mode));
	out_dbl(&o, "seconds", NULL, sec);
	out_u64(&o, "frames", "%llu frames, ", s->frames);
	out_u64(&o, "packets", NULL, s->frames);
	out_u64(&o, "bytes", "%llu bytes", s->l2_bytes);
	out_dbl(&o, NULL, " in %.3f s", sec);
	out_str(&o, "stop_reason", " (%s)\n", stop_reason);
	if (c->payload == PAY_STAMP && in->cmd == CMD_SEND)
		out_text(&o, "  run id %u in the stamps (pktgen-zc recv "
			 "--run-id %u counts this run)\n", c->run_id,
			 c->run_id);
	out_si(&o, "pps", "  rate %spps", pps);
	out_si(&o, "bits_per_second_l2", ", L2 %sbit/s (frames without FCS)",
	       l2);
	out_si(&o, "bits_per_second_l1", ", L1 %sbit/s (on the wire: +24 B "
	       "FCS, preamble, gap)\n", l1);
	out_u64(&o, "sends", "  sends %llu", s->sends);
	out_u64(&o, "send_errors", ", send errors %llu", s->send_errors);
	out_u64(&o, "skipped", NULL, s->skipped);
	out_u64(&o, NULL, ", ENOBUFS retries %llu", s->enobufs);
	out_dbl(&o, "cpu_seconds", ", CPU %.3f s", cpu);
	out_dbl(&o, "setup_cpu_seconds", " (+%.3f s setting up)\n", r->cpu0);
	out_dbl(&o, "drain_seconds", NULL, r->drain_seconds);
	out_str(&o, "path", "  path %s", tx_path_name(in->path));
	out_text(&o, ", up to %u frames a system call%s (%s)\n", in->batch,
		 in->qdisc_bypass ? ", qdisc bypassed" : "",
		 in->path_why ? in->path_why : "");
	out_obj(&o, "pool");
	if (grew)
		out_text(&o, "  pool grew from %u to %u slots of %u B, %llu "
			 "KiB, to hold the capture\n", in->slots,
			 r->pool_slots, in->slot_size,
			 (unsigned long long)(r->pool_bytes >> 10));
	else
		out_text(&o, "  pool %u slots of %u B, %llu KiB%s\n",
			 in->slots, in->slot_size,
			 (unsigned long long)(in->pool_bytes >> 10),
			 in->hugepages ? " on huge pages" : "");
	out_u64(&o, "slots", NULL, r->pool_slots ? r->pool_slots : in->slots);
	out_u64(&o, "bytes", NULL, r->pool_bytes ? r->pool_bytes :
		in->pool_bytes);
	out_obj_end(&o);
	out_u64(&o, "ring_frames_abandoned", NULL, r->abandoned);
	if (r->abandoned)
		out_text(&o, "  %u ring frames were offered but never taken "
			 "by the kernel: not counted as sent\n", r->abandoned);
	out_u64(&o, "short_batches", NULL, s->short_batches);
	out_u64(&o, "system_calls", NULL, s->calls);

	out_obj(&o, "zerocopy");
	out_str(&o, "requested", NULL, zc_want_name(in->zc_wanted));
	out_bool(&o, "in_effect", NULL, in->zc_in_effect);
	out_str(&o, "note", NULL, in->zc_note);
	if (in->zc_in_effect)
		/* Accepted is not done: the kernel copies frames looped to
		 * a local receiver, or for devices without scatter-gather,
		 * and says so per id. */
		out_text(&o, "  zerocopy: %s; ", !z->completed ||
			 z->copied < z->completed ? "in effect" :
			 "accepted, but the kernel copied every frame (a local "
			 "receiver, or no scatter-gather)");
	else
		out_text(&o, "  zerocopy: not in effect (%s)\n",
			 in->zc_note ? in->zc_note : "--zerocopy off");
	if (in->zc_in_effect || c->json) {
		out_u64(&o, "sends", "ids sent %llu", z->sends);
		out_u64(&o, "ids_completed", ", completed %llu", z->completed);
		out_u64(&o, "ids_copied", " (copied by the kernel %llu)",
			z->copied);
		out_u64(&o, "notifications", ", notifications %llu",
			z->notifications);
		out_dbl(&o, "coalescing", " (%.1f ids each)",
			z->notifications ? (double)z->completed /
			z->notifications : 0.0);
		out_u64(&o, "bogus_ids", NULL, z->bogus);
		out_u64(&o, "enobufs_retries", NULL, s->enobufs);
		out_u64(&o, "peak_in_flight", ", peak in flight %llu", peak);
		out_u64(&o, "ids_zero_copied", NULL, z->completed - z->copied);
		out_bool(&o, "balanced", NULL, balanced);
		out_text(&o, "%s\n", balanced ? "" : "  UNBALANCED");
	}
	out_obj_end(&o);
	if (rt && rt->valid) {
		out_obj(&o, "schedule");
		out_dbl(&o, "mean_late_us", "  schedule: late by %.1f us on "
			"average", rt->mean_late_us);
		out_dbl(&o, "p99_late_us", ", %.1f us at the 99th percentile",
			rt->p99_late_us);
		out_dbl(&o, "max_late_us", ", %.1f us at most\n",
			rt->max_late_us);
		out_obj_end(&o);
	}
	if (r->size_hist)
		out_sizes(&o, r->size_hist, s->frames);
	if (r->extra_json)
		out_raw(&o, NULL, r->extra_json);
	if (r->shortfall > 0) {
		out_obj(&o, "rate_shortfall");
		out_dbl(&o, "requested", "  rate: %.4g", r->want_rate);
		out_str(&o, "unit", " %s asked for", r->rate_unit);
		out_dbl(&o, "achieved", ", %.4g achieved", r->got_rate);
		out_dbl(&o, "percent_below", ": %.1f%% below\n",
			r->shortfall * 100);
		out_obj_end(&o);
	} else {
		out_null(&o, "rate_shortfall");
	}
	if (r->extra_text)
		out_text(&o, "%s", r->extra_text);
	out_obj_end(&o);
	/* The error is the document's, not the end's: set-up errors have
	 * no end object at all (report_json_error). */
	out_str(&o, "error", NULL, error);
	out_end(&o);
	if (c->json)
		json_printed = true;
	return balanced;
}

void report_free(struct report *r)
{
	free(r->intervals);
	r->intervals = NULL;
}
