// SPDX-License-Identifier: GPL-2.0-only
/* cli: command line into struct config; see cli.h. */
#include "cli.h"

#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "log.h"
#include "opts.h"

#ifndef PZC_VERSION
#define PZC_VERSION "unknown"
#endif

static __attribute__((format(printf, 1, 2))) int bad(const char *fmt, ...)
{
	char line[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	pr_err("%s", line);
	return -EINVAL;
}

static void defaults(struct config *c)
{
	memset(c, 0, sizeof(*c));
	c->cmd = CMD_SEND;
	c->mode = MODE_PACKET;
	c->zerocopy = ZC_AUTO;
	c->vlan_id = -1;
	c->sport.lo = c->sport.hi = 9;
	c->dport.lo = c->dport.hi = 9;
	c->ttl = 64;
	c->payload = PAY_STAMP;
	c->seed = 1;
	c->burst = 1;
	c->interval = 1.0;
	c->cpu = -1;
	c->pool_bytes = 4u << 20;
	c->zc_batch = 64;
	c->drain_timeout = 5.0;
	c->speed = 1.0;
	c->max_gap = 3600;
	c->loop = 1;
	c->rw_sport = c->rw_dport = -1;
	c->idle = 2.0;
	c->ring_bytes = 64u << 20;
}

static int validate(struct config *c, const unsigned int *seen)
{
	bool l2 = c->mode == MODE_PACKET;

	if (!seen[OPT_RATE_LAYER])
		c->rate_l1 = c->cmd == CMD_SEND;
	c->mode_set = seen[OPT_MODE];
	c->sport_set = seen[OPT_SPORT];
	c->dport_set = seen[OPT_DPORT];
	c->run_id_set = seen[OPT_RUN_ID];
	if (c->cmd == CMD_RECV) {
		if (!c->dev[0])
			return bad("--dev is required: name the interface to "
				   "receive on (see 'ip link')");
		if (c->have_src_ip && c->have_dst_ip &&
		    c->src_ip.family != c->dst_ip.family)
			return bad("--src-ip '%s' and --dst-ip '%s' are of "
				   "different families: give both in one",
				   c->src_ip_arg, c->dst_ip_arg);
		c->family = c->have_dst_ip ? c->dst_ip.family :
			    c->have_src_ip ? c->src_ip.family : 0;
		return 0;
	}

	if (c->cmd == CMD_SEND || c->cmd == CMD_REPLAY) {
		if (!c->dev[0])
			return bad("--dev is required: name the interface to "
				   "send on (see 'ip link')");
	}
	if (c->ncpus && c->threads && c->threads != c->ncpus)
		return bad("--threads %u but --cpus names %u CPUs: one worker "
			   "per CPU", c->threads, c->ncpus);
	if (!c->threads)
		c->threads = c->ncpus ? c->ncpus : 1;
	if (c->threads > 1 && c->cpu >= 0)
		return bad("--threads %u and --cpu %d: give the workers' CPUs "
			   "with --cpus", c->threads, c->cpu);
	if (c->threads > 1 && c->write_pcap)
		return bad("--threads %u and --write-pcap: the record is one "
			   "worker's; use --threads 1 to record", c->threads);
	if (c->zerocopy == ZC_ON && c->path != PATH_AUTO &&
	    c->path != PATH_ZEROCOPY)
		return bad("--zerocopy on and --path %s exclude each other "
			   "(--zerocopy on is --path zerocopy)",
			   tx_path_name(c->path));
	if (c->zerocopy == ZC_OFF && c->path == PATH_ZEROCOPY)
		return bad("--zerocopy off and --path zerocopy exclude each "
			   "other");
	if (c->path == PATH_RING && c->cmd == CMD_REPLAY)
		return bad("--path ring is for 'send': replay sends preloaded "
			   "slots by sendmmsg() (--path copy or zerocopy)");
	if (c->path == PATH_RING && c->mode != MODE_PACKET &&
	    c->mode != MODE_PACKET_DGRAM)
		return bad("--path ring needs --mode packet or packet-dgram "
			   "(PACKET_TX_RING is a packet socket ring), not %s",
			   tx_mode_name(c->mode));
	if (c->path == PATH_RING && c->dry_run)
		return bad("--path ring and --dry-run exclude each other: a "
			   "dry run sends nothing");
	if ((seen[OPT_ZC_BATCH] || seen[OPT_DRAIN]) &&
	    (c->path == PATH_COPY || c->path == PATH_RING ||
	     c->zerocopy == ZC_OFF))
		return bad("--%s applies to zerocopy sends, and --%s %s "
			   "sends none", seen[OPT_ZC_BATCH] ? "zc-batch" :
			   "drain-timeout", c->zerocopy == ZC_OFF ?
			   "zerocopy" : "path", c->zerocopy == ZC_OFF ? "off" :
			   tx_path_name(c->path));
	if (seen[OPT_INTERVAL] && c->quiet && !c->json)
		return bad("--interval and --quiet: quiet prints no progress "
			   "(--json would use the interval)");
	if (c->cmd == CMD_REPLAY) {
		if (!c->nfiles)
			return bad("replay needs at least one capture file");
		return 0;
	}
	if (c->cmd != CMD_SEND)
		return 0;
	if (!c->have_dst_ip)
		return bad("--dst-ip is required (an IPv4 or IPv6 address or "
			   "range)");
	if (c->have_src_ip && c->src_ip.family != c->dst_ip.family)
		return bad("--src-ip '%s' is %s but --dst-ip '%s' is %s: give "
			   "both in one family", c->src_ip_arg,
			   c->src_ip.family == AF_INET6 ? "IPv6" : "IPv4",
			   c->dst_ip_arg,
			   c->dst_ip.family == AF_INET6 ? "IPv6" : "IPv4");
	c->family = c->dst_ip.family;
	if (c->vlan_id >= 0 && !l2)
		return bad("--vlan needs --mode packet: in %s mode the kernel "
			   "writes the link header (use a VLAN device instead)",
			   tx_mode_name(c->mode));
	if (c->df && c->family == AF_INET6)
		return bad("--df is an IPv4 flag; IPv6 routers never fragment");
	if (c->ip_id && c->family == AF_INET6)
		return bad("--ip-id is an IPv4 field; IPv6 has none");
	if (c->mode == MODE_UDP && (c->have_src_mac || c->have_dst_mac))
		return bad("--src-mac/--dst-mac need --mode packet or "
			   "packet-dgram: in udp mode the kernel fills them");
	if (c->mode == MODE_RAW && c->have_src_mac)
		return bad("--src-mac needs --mode packet or packet-dgram: in "
			   "raw mode the kernel fills it");
	/* In raw mode the kernel resolves the next hop; the MAC only goes
	 * into the --write-pcap record (to compare with a capture). */
	if (c->mode == MODE_RAW && c->have_dst_mac && !c->write_pcap)
		return bad("--dst-mac needs --mode packet or packet-dgram, or "
			   "--write-pcap: in raw mode the kernel fills it on "
			   "the wire, and only the record takes it");
	if (c->mode == MODE_PACKET_DGRAM && c->have_src_mac)
		return bad("--src-mac needs --mode packet: in packet-dgram mode "
			   "the kernel writes the link header with the "
			   "device's own address");
	if (c->mode == MODE_UDP &&
	    ((c->have_src_ip && c->src_ip.span != 1) ||
	     c->sport.lo != c->sport.hi))
		return bad("udp mode sends from one bound socket: --src-ip and "
			   "--src-port must be single values (use raw or "
			   "packet mode for source ranges)");
	if (c->qdisc_bypass && c->mode != MODE_PACKET &&
	    c->mode != MODE_PACKET_DGRAM && c->mode_set)
		return bad("--qdisc-bypass needs --mode packet or packet-dgram "
			   "(PACKET_QDISC_BYPASS is a packet socket option)");
	if (c->mix.n && c->size.random)
		return bad("--random size and a weighted --size list exclude "
			   "each other: the list is drawn at random already");
	if (c->nflows && (c->src_ip.random || c->dst_ip.random ||
			  c->sport.random || c->dport.random))
		return bad("--flows %llu and --random on addresses or ports "
			   "exclude each other: --flows cycles fixed tuples",
			   (unsigned long long)c->nflows);
	if (c->gso && c->mode == MODE_RAW)
		return bad("--gso %u needs --mode udp (UDP_SEGMENT), packet "
			   "or packet-dgram (PACKET_VNET_HDR): raw sockets "
			   "have no segmentation offload", c->gso);
	if (c->gso && c->size.lo != c->size.hi)
		return bad("--gso needs a single --payload-size, not a range");
	if (c->gso && c->gso > c->size.lo)
		return bad("--gso %u is larger than --payload-size %u: a send "
			   "must hold at least one whole segment", c->gso,
			   c->size.lo);
	if (c->gso && c->qdisc_bypass && c->mode != MODE_UDP)
		return bad("--qdisc-bypass with --gso: the bypass drops every "
			   "super-frame the device cannot segment itself (on "
			   "the ring without a word); --gso sends through the "
			   "qdisc");
	/* The kernel's UDP_MAX_SEGMENTS (64 in Linux 6.12) bounds both
	 * UDP_SEGMENT and virtio_net_hdr GSO sends. */
	if (c->gso && (c->size.lo + c->gso - 1) / c->gso > 64)
		return bad("--payload-size %u with --gso %u makes %u segments "
			   "a send, over the kernel's 64: at most %u bytes",
			   c->size.lo, c->gso,
			   (c->size.lo + c->gso - 1) / c->gso, 64 * c->gso);
	if (c->dry_run && !c->count && !c->duration)
		return bad("--dry-run needs --count or --duration");
	if (c->test_reuse_early) {
		const char *e = getenv("PKTGEN_ZC_TEST_BREAK");

		if (!e || strcmp(e, "reuse"))
			return bad("--test-break-reuse is for the test suite "
				   "only (needs PKTGEN_ZC_TEST_BREAK=reuse)");
	}
	return 0;
}

/* The option with this short letter in this command, or in another. */
static const struct opt_def *by_short(int ch, unsigned int cmds)
{
	for (size_t i = 0; i < opt_table_len; i++)
		if (opt_table[i].name && opt_table[i].shrt == ch &&
		    (opt_table[i].cmds & cmds))
			return &opt_table[i];
	return NULL;
}

static int not_here(const struct opt_def *o, enum pzc_cmd cmd)
{
	char buf[64];

	return bad("--%s does not apply to %s: it is an option of %s (see "
		   "'pktgen-zc %s --help')", o->name, cmd_name(cmd),
		   opt_cmds(o, buf, sizeof(buf)), cmd_name(cmd));
}

static int unknown_short(int ch, enum pzc_cmd cmd)
{
	const struct opt_def *o = by_short(ch, CMDF_ALL);
	char buf[64];

	if (o)
		return bad("unknown option '-%c' for %s (-%c is --%s of %s)",
			   ch, cmd_name(cmd), ch, o->name,
			   opt_cmds(o, buf, sizeof(buf)));
	return bad("unknown option '-%c' (see 'pktgen-zc %s --help')", ch,
		   cmd_name(cmd));
}

/* The rules of opt_rules[] between options given together. */
static int check_rules(const unsigned int *seen)
{
	for (size_t i = 0; i < opt_rules_len; i++) {
		const struct opt_rule *r = &opt_rules[i];
		const struct opt_def *a = opt_get(r->a), *b = opt_get(r->b);

		if (!seen[r->a])
			continue;
		if (r->needs && !seen[r->b])
			return bad("--%s needs --%s: %s", a->name, b->name,
				   r->why);
		if (!r->needs && seen[r->b]) {
			/* name them in the order they were given */
			if (seen[r->b] < seen[r->a]) {
				const struct opt_def *t = a;

				a = b;
				b = t;
			}
			return bad("--%s and --%s exclude each other: %s",
				   a->name, b->name, r->why);
		}
	}
	return 0;
}

int cli_parse(struct config *c, int argc, char **argv)
{
	static struct option longopts[OPT_COUNT_IDS + 1];
	unsigned int seen[OPT_COUNT_IDS] = { 0 };
	char shortopts[2 * OPT_COUNT_IDS + 2];
	unsigned int cmds, order = 0;
	size_t nl = 0, ns = 0;
	bool named = false;
	int opt, err;

	defaults(c);
	log_reset();
	if (argc > 1 && argv[1][0] != '-') {
		size_t k;

		for (k = 0; k < cmd_table_len; k++)
			if (!strcmp(argv[1], cmd_table[k].name))
				break;
		if (k == cmd_table_len)
			return bad("unknown command '%s': expected send, replay, "
				   "recv, probe or demo", argv[1]);
		c->cmd = cmd_table[k].cmd;
		named = true;
		argv++;
		argc--;
	}
	cmds = CMDF(c->cmd);
	/* Every option is known, so that one of another command is named
	 * as such; only this command's have short letters. */
	shortopts[ns++] = ':';
	for (size_t i = 0; i < opt_table_len; i++) {
		const struct opt_def *o = &opt_table[i];

		if (!o->name)
			continue;
		longopts[nl++] = (struct option){
			o->name, o->arg ? required_argument : no_argument,
			NULL, 256 + (int)i };
		if (o->shrt && (o->cmds & cmds)) {
			shortopts[ns++] = o->shrt;
			if (o->arg)
				shortopts[ns++] = ':';
		}
	}
	longopts[nl] = (struct option){ NULL, 0, NULL, 0 };
	shortopts[ns] = '\0';

	optind = 0;	/* 0: a full reset, also of a half-read -abc group */
	opterr = 0;
	while ((opt = getopt_long(argc, argv, shortopts, longopts, NULL)) != -1) {
		const struct opt_def *o;

		if (opt == ':')
			return bad("option '%s' needs a value",
				   argv[optind - 1]);
		if (opt == '?') {
			if (optopt)
				return unknown_short(optopt, c->cmd);
			return bad("unknown option '%s' (see 'pktgen-zc %s "
				   "--help')", argv[optind - 1],
				   cmd_name(c->cmd));
		}
		o = opt >= 256 ? &opt_table[opt - 256] : by_short(opt, cmds);
		if (!(o->cmds & cmds))
			return not_here(o, c->cmd);
		seen[o->id] = ++order;
		if (o->id == OPT_HELP) {
			if (named)
				opt_help(stdout, c->cmd);
			else
				opt_help_all(stdout);
			return 1;
		}
		if (o->id == OPT_VERSION) {
			printf("pktgen-zc %s\n", PZC_VERSION);
			return 1;
		}
		if ((err = opt_apply(o, c, optarg)))
			return err;
	}
	for (; optind < argc; optind++) {
		if (c->cmd != CMD_REPLAY)
			return bad("unexpected argument '%s' (only replay takes "
				   "file names)", argv[optind]);
		if (c->nfiles >= CLI_MAX_FILES)
			return bad("at most %d capture files", CLI_MAX_FILES);
		c->files[c->nfiles++] = argv[optind];
	}
	if ((err = check_rules(seen)))
		return err;
	return validate(c, seen);
}
