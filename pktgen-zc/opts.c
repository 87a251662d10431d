// SPDX-License-Identifier: GPL-2.0-only
/* opts: the table of commands and options; see opts.h. */
#include "opts.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "frame.h"
#include "log.h"
#include "parse.h"

#define FIELD(f) .off = offsetof(struct config, f), \
		 .size = sizeof(((struct config *)0)->f)
#define UINT(f, lo, hi) .kind = OK_UINT, FIELD(f), .umin = (lo), .umax = (hi)
#define TIME(f, lo, hi) .kind = OK_TIME, FIELD(f), .tmin = (lo), .tmax = (hi)
#define FLAG(f) .kind = OK_FLAG, FIELD(f)
#define CHOICE(f, list) .kind = OK_CHOICE, FIELD(f), .choices = (list)
#define FUNC(f) .kind = OK_FUNC, .fn = (f)
/* What the option means for the commands cmds, if not the above. */
#define ALT(cmds, def, help) .alt_cmds = (cmds), .alt_def = (def), \
			     .alt_help = (help)
#define HEADING(title) { .name = NULL, .help = (title) }

static int set_dev(struct config *c, const char *a, const char **why)
{
	if (!*a || strlen(a) >= IF_NAMESIZE) {
		*why = "an interface name has 1 to 15 characters";
		return -EINVAL;
	}
	strcpy(c->dev, a);
	return 0;
}

static int set_mac(uint8_t *mac, bool *have, const char *a,
		   const char **why)
{
	if (parse_mac(a, mac)) {
		*why = "expected six hex bytes like 02:00:00:00:00:01";
		return -EINVAL;
	}
	*have = true;
	return 0;
}

static int set_src_mac(struct config *c, const char *a, const char **why)
{
	return set_mac(c->src_mac, &c->have_src_mac, a, why);
}

static int set_dst_mac(struct config *c, const char *a, const char **why)
{
	return set_mac(c->dst_mac, &c->have_dst_mac, a, why);
}

static int set_ip(struct ip_range *r, const char *a, const char **why)
{
	bool rnd = r->random;
	int err = parse_ip_range(a, r);

	r->random = rnd;
	if (err == -ERANGE)
		*why = "a range may span at most 2^64 addresses (only the "
		       "last 64 bits may differ)";
	else if (err)
		*why = "expected an IPv4 or IPv6 address, A-B range (A <= B) "
		       "or A/prefix";
	return err;
}

static int set_src_ip(struct config *c, const char *a, const char **why)
{
	c->have_src_ip = true;
	c->src_ip_arg = a;
	return set_ip(&c->src_ip, a, why);
}

static int set_dst_ip(struct config *c, const char *a, const char **why)
{
	c->have_dst_ip = true;
	c->dst_ip_arg = a;
	return set_ip(&c->dst_ip, a, why);
}

static int set_port(struct u32_range *r, const char *a, const char **why)
{
	bool rnd = r->random;

	if (parse_u32_range(a, 1, 65535, r)) {
		*why = "expected N or N-M with 1 <= N <= M <= 65535";
		return -EINVAL;
	}
	r->random = rnd;
	return 0;
}

static int set_sport(struct config *c, const char *a, const char **why)
{
	return set_port(&c->sport, a, why);
}

static int set_dport(struct config *c, const char *a, const char **why)
{
	return set_port(&c->dport, a, why);
}

static int set_random(struct config *c, const char *a, const char **why)
{
	static const char *const names[] = {
		"src-ip", "dst-ip", "src-port", "dst-port", "size", "all",
	};
	const char *p = a;

	*why = "expected a comma list of src-ip, dst-ip, src-port, dst-port, "
	       "size, or all";
	for (;;) {
		size_t n = strcspn(p, ",");
		size_t k;

		for (k = 0; k < 6; k++)
			if (strlen(names[k]) == n && !strncmp(p, names[k], n))
				break;
		if (k == 6)
			return -EINVAL;
		c->src_ip.random |= k == 0 || k == 5;
		c->dst_ip.random |= k == 1 || k == 5;
		c->sport.random |= k == 2 || k == 5;
		c->dport.random |= k == 3 || k == 5;
		c->size.random |= k == 4 || k == 5;
		if (!p[n])
			return 0;
		p += n + 1;
	}
}

static int set_size(struct config *c, const char *a, const char **why)
{
	bool rnd = c->size.random;

	c->mix.n = 0;
	if (strchr(a, ':') || !strcmp(a, "imix")) {
		*why = "expected N, N-M, imix or a weighted list SIZE:WEIGHT,"
		       "... (at most 16 sizes of 60 to 65535 bytes, weights 1 "
		       "to 1000000)";
		if (parse_size_mix(a, FRAME_MIN_LEN, 65535, &c->mix))
			return -EINVAL;
		c->size.lo = c->size.hi = c->mix.size[0];
		for (uint32_t i = 1; i < c->mix.n; i++) {
			if (c->mix.size[i] < c->size.lo)
				c->size.lo = c->mix.size[i];
			if (c->mix.size[i] > c->size.hi)
				c->size.hi = c->mix.size[i];
		}
		return 0;
	}
	*why = "expected N or N-M with 60 <= N <= M <= 65535, imix, or a "
	       "weighted list like 64:7,570:4,1518:1";
	if (parse_u32_range(a, FRAME_MIN_LEN, 65535, &c->size))
		return -EINVAL;
	c->size.random = rnd;
	return 0;
}

static int set_payload_size(struct config *c, const char *a,
			    const char **why)
{
	bool rnd = c->size.random;

	*why = "expected N or N-M with 0 <= N <= M <= 65507";
	if (parse_u32_range(a, 0, 65507, &c->size))
		return -EINVAL;
	c->size.random = rnd;
	c->size_is_payload = true;
	c->mix.n = 0;
	return 0;
}

static int set_start_at(struct config *c, const char *a, const char **why)
{
	*why = "expected RFC 3339 (2026-12-03T17:00:00.5Z, or with +01:00) "
	       "or Unix seconds (1764781200.5)";
	return parse_wall_time(a, &c->start_at);
}

static int set_rate(struct config *c, const char *a, const char **why)
{
	int err = parse_rate(a, &c->rate_pps, &c->rate_bps);

	if (err == -EDOM) {
		static char msg[160];

		snprintf(msg, sizeof(msg), "give a unit: %.40sbit for bits "
			 "per second or %.40spps for packets per second", a,
			 a);
		*why = msg;
		return err;
	}
	if (err || c->rate_pps > 1e10 || c->rate_bps > 1e13) {
		*why = "expected packets per second (10000, 10kpps, 1.5Mpps) "
		       "or bits per second (800Mbit, 10Gbit, 10Gbps), "
		       "greater than 0";
		return -EINVAL;
	}
	return 0;
}

static int set_cpus(struct config *c, const char *a, const char **why)
{
	int n = parse_cpus(a, c->cpus, CLI_MAX_CPUS);

	if (n < 0) {
		*why = "expected CPU numbers 0-4095 and ranges, e.g. 0,2-3, "
		       "each once, at most 64";
		return n;
	}
	c->ncpus = (uint32_t)n;
	return 0;
}

static int set_pool(struct config *c, const char *a, const char **why)
{
	uint64_t v;

	*why = "expected 64k to 64G (suffixes k, M, G)";
	if (parse_bytes(a, &v) || v < 65536 || v > (64ull << 30))
		return -EINVAL;
	c->pool_bytes = v;
	c->pool_bytes_set = true;
	return 0;
}

static int set_speed(struct config *c, const char *a, const char **why)
{
	char *end;
	double d;

	*why = "expected a factor greater than 0 (2.0 = twice as fast)";
	if (parse_double(a, &d, &end) || *end || d <= 0 || d > 1e6)
		return -EINVAL;
	c->speed = d;
	return 0;
}

static int set_max_gap(struct config *c, const char *a, const char **why)
{
	double d;

	if (!strcmp(a, "off")) {
		c->max_gap = 0;
		return 0;
	}
	*why = "expected a positive time like 10s, 500ms or 1h, or off";
	if (parse_duration(a, &d) || d <= 0 || d > 1e9)
		return -EINVAL;
	c->max_gap = d;
	return 0;
}

static int set_map_ip(struct config *c, const char *a, const char **why)
{
	if (c->nmaps >= 8) {
		*why = "at most 8 mappings";
		return -EINVAL;
	}
	if (parse_ip_map(a, &c->maps[c->nmaps], why))
		return -EINVAL;
	c->nmaps++;
	return 0;
}

static int set_write_pcap(struct config *c, const char *a, const char **why)
{
	*why = "expected a file name";
	if (!*a)
		return -EINVAL;
	c->write_pcap = a;
	return 0;
}

static int set_idle(struct config *c, const char *a, const char **why)
{
	double d;

	if (!strcmp(a, "off")) {
		c->idle = 0;
		return 0;
	}
	*why = "expected a positive time like 2s or 500ms, or off";
	if (parse_duration(a, &d) || d <= 0 || d > 1e9)
		return -EINVAL;
	c->idle = d;
	return 0;
}

static int set_ring_size(struct config *c, const char *a, const char **why)
{
	uint64_t v;

	*why = "expected 256k to 4G (suffixes k, M, G)";
	if (parse_bytes(a, &v) || v < (256u << 10) || v > (4ull << 30))
		return -EINVAL;
	c->ring_bytes = v;
	return 0;
}

static int set_verbose(struct config *c, const char *a, const char **why)
{
	(void)a;
	(void)why;
	c->verbose++;
	return 0;
}

const struct cmd_def cmd_table[] = {
	{ CMD_SEND, "send", "--dev IFACE --dst-ip ADDR [OPTIONS]",
	  "build UDP frames and send them (the default command)" },
	{ CMD_REPLAY, "replay", "FILE... --dev IFACE [OPTIONS]",
	  "send the records of pcap and pcapng files" },
	{ CMD_PROBE, "probe", "[--dev IFACE] [--json]",
	  "what this kernel (and device) supports" },
	{ CMD_DEMO, "demo", "[--zerocopy WHEN]",
	  "a self-contained run in private namespaces (veth pair)" },
	{ CMD_RECV, "recv", "--dev IFACE [OPTIONS]",
	  "receive a run: losses, duplicates, reordering, latency" },
};
const size_t cmd_table_len = sizeof(cmd_table) / sizeof(cmd_table[0]);

const struct opt_def opt_table[] = {
	HEADING("Device and mode"),
	{ OPT_DEV, "dev", 'i', CMDF_TX | CMDF_PROBE | CMDF_RECV, "IFACE", NULL,
	  "interface to send on (required)", FUNC(set_dev),
	  ALT(CMDF_PROBE | CMDF_RECV, NULL, "the interface to examine (probe) "
	      "or to receive on (recv, required)") },
	{ OPT_MODE, "mode", 'm', CMDF_TX, "MODE", "packet",
	  "packet | packet-dgram | raw | udp: the socket kind",
	  CHOICE(mode, "packet|packet-dgram|raw|udp") },
	{ OPT_PATH, "path", 0, CMDF_TX, "PATH", "auto",
	  "auto | ring | copy | zerocopy: how frames leave: the packet TX "
	  "ring, or sendmmsg() batches by copy or with MSG_ZEROCOPY",
	  CHOICE(path, "auto|ring|copy|zerocopy") },
	{ OPT_ZEROCOPY, "zerocopy", 'Z', CMDF_TX | CMDF_DEMO, "WHEN", "auto",
	  "auto | on | off: on is --path zerocopy; off keeps auto from "
	  "choosing it", CHOICE(zerocopy, "auto|on|off") },
	{ OPT_BATCH, "batch", 0, CMDF_TX, "N", "256",
	  "frames a system call, 1-1024", UINT(batch, 1, PATH_MAX_BATCH) },
	{ OPT_QBYPASS, "qdisc-bypass", 0, CMDF_TX, NULL, "on in packet modes",
	  "packet modes: hand frames straight to the driver, past the "
	  "qdisc (PACKET_QDISC_BYPASS)", FLAG(qdisc_bypass) },
	{ OPT_NO_QBYPASS, "no-qdisc-bypass", 0, CMDF_TX, NULL, NULL,
	  "packet modes: send through the qdisc", FLAG(no_qdisc_bypass) },

	HEADING("Headers (one address family per run)"),
	{ OPT_SRC_MAC, "src-mac", 0, CMDF_TX, "MAC", "the interface's",
	  "source MAC (packet mode; replay: for --l2 and --rewrite-mac)",
	  FUNC(set_src_mac) },
	{ OPT_DST_MAC, "dst-mac", 0, CMDF_TX, "MAC",
	  "resolved via the route and neighbour tables",
	  "destination MAC (packet modes; replay: for --l2 and "
	  "--rewrite-mac)", FUNC(set_dst_mac) },
	{ OPT_VLAN, "vlan", 0, CMDF_SEND, "ID", NULL,
	  "802.1Q tag 0-4095 (packet mode)", UINT(vlan_id, 0, 4095) },
	{ OPT_VLAN_PRIO, "vlan-prio", 0, CMDF_SEND, "PCP", "0",
	  "802.1Q priority 0-7 (with --vlan)", UINT(vlan_prio, 0, 7) },
	{ OPT_SRC_IP, "src-ip", 's', CMDF_SEND | CMDF_RECV, "A[-B|/P]", "the interface's",
	  "source address or range", FUNC(set_src_ip),
	  ALT(CMDF_RECV, "any", "count only frames from this address or "
	      "range") },
	{ OPT_DST_IP, "dst-ip", 'd', CMDF_SEND | CMDF_RECV, "A[-B|/P]", NULL,
	  "destination address or range (required)", FUNC(set_dst_ip),
	  ALT(CMDF_RECV, "any", "count only frames to this address or "
	      "range") },
	{ OPT_TOS, "tos", 0, CMDF_SEND, "N", "0",
	  "IPv4 TOS / IPv6 traffic class 0-255", UINT(tos, 0, 255) },
	{ OPT_TTL, "ttl", 0, CMDF_SEND, "N", "64",
	  "IPv4 TTL / IPv6 hop limit 1-255", UINT(ttl, 1, 255) },
	{ OPT_IP_ID, "ip-id", 0, CMDF_SEND, "N", "0",
	  "first IPv4 identification, +1 per frame", UINT(ip_id, 0, 65535) },
	{ OPT_DF, "df", 0, CMDF_SEND, NULL, NULL,
	  "set IPv4 don't-fragment", FLAG(df) },
	{ OPT_SPORT, "src-port", 0, CMDF_SEND | CMDF_RECV, "P[-Q]", "9",
	  "UDP source port or range", FUNC(set_sport),
	  ALT(CMDF_RECV, "any", "count only frames from this UDP port or "
	      "range") },
	{ OPT_DPORT, "dst-port", 0, CMDF_SEND | CMDF_RECV, "P[-Q]", "9",
	  "UDP destination port or range", FUNC(set_dport),
	  ALT(CMDF_RECV, "any", "count only frames to this UDP port or "
	      "range") },
	{ OPT_RANDOM, "random", 0, CMDF_SEND, "FIELDS", NULL,
	  "vary these at random instead of in sequence: src-ip, dst-ip, "
	  "src-port, dst-port, size or all", FUNC(set_random) },
	{ OPT_SEED, "seed", 0, CMDF_SEND, "N", "1 (runs are repeatable)",
	  "random seed", UINT(seed, 0, UINT64_MAX) },

	HEADING("Size and content"),
	{ OPT_SIZE, "size", 'l', CMDF_SEND, "N[-M]|LIST|imix", "60",
	  "L2 frame bytes without the 4-byte FCS, 60..MTU+14 (+4 with "
	  "--vlan); or a weighted list 64:7,570:4,1518:1, or imix "
	  "(60:7,590:4,1514:1)", FUNC(set_size) },
	{ OPT_FLOWS, "flows", 0, CMDF_SEND, "N", NULL,
	  "cycle N distinct 5-tuples from the address and port ranges",
	  UINT(nflows, 1, 1u << 30) },
	{ OPT_PAYLOAD_SIZE, "payload-size", 0, CMDF_SEND, "N[-M]", NULL,
	  "UDP payload bytes, instead of --size", FUNC(set_payload_size) },
	{ OPT_PAYLOAD, "payload", 0, CMDF_SEND, "KIND", "stamp",
	  "zeros | inc | random | stamp (sequence number and send time, "
	  "then inc bytes)", CHOICE(payload, "zeros|inc|random|stamp") },

	HEADING("How much and how fast"),
	{ OPT_COUNT, "count", 'n', CMDF_TX | CMDF_RECV, "N",
	  "until --duration or ^C",
	  "frames to send", UINT(count, 1, UINT64_MAX),
	  ALT(CMDF_RECV, "until --duration, --idle or ^C", "end after N "
	      "distinct frames of the run; also the run's length when "
	      "counting losses") },
	{ OPT_DURATION, "duration", 't', CMDF_TX | CMDF_RECV, "T", NULL,
	  "seconds (suffixes ms, s, m, h)", TIME(duration, 1e-9, 1e9) },
	{ OPT_RATE, "rate", 'r', CMDF_TX, "R", "as fast as possible",
	  "packets per second (1000, 10kpps, 1.5Mpps) or bits per second "
	  "(800Mbit, 10Gbit; what they count: --rate-layer)",
	  FUNC(set_rate) },
	{ OPT_RATE_LAYER, "rate-layer", 0, CMDF_TX, "LAYER",
	  "l1 for send, l2 for replay",
	  "l2 | l1: a bit rate counts frame bytes (l2, as tcpreplay) or "
	  "the wire (l1: +24 bytes of FCS, preamble and gap a frame)",
	  CHOICE(rate_l1, "l2|l1") },
	{ OPT_BURST, "burst", 'b', CMDF_TX, "N", "1",
	  "frames back to back per rate tick (with --rate)",
	  UINT(burst, 1, 65536) },
	{ OPT_CPU, "cpu", 0, CMDF_TX, "N", NULL,
	  "pin the sending thread to CPU N", UINT(cpu, 0, 4095) },
	{ OPT_THREADS, "threads", 0, CMDF_SEND, "N", "1",
	  "N workers, each its own socket, slots and share of the rate and "
	  "the frames", UINT(threads, 1, CLI_MAX_CPUS) },
	{ OPT_CPUS, "cpus", 0, CMDF_SEND, "LIST", NULL,
	  "one worker on each CPU of LIST (0,2-3)", FUNC(set_cpus) },
	{ OPT_START_AT, "start-at", 0, CMDF_TX, "TIME", NULL,
	  "wait until this wall-clock time, then send (RFC 3339, or Unix "
	  "seconds with a fraction)", FUNC(set_start_at) },
	{ OPT_PRIORITY, "priority", 0, CMDF_TX, "N", NULL,
	  "run the sender SCHED_FIFO at priority 1-99, so other work cannot "
	  "stall the pacing", UINT(priority, 1, 99) },

	HEADING("Zerocopy engine"),
	{ OPT_POOL, "pool-size", 0, CMDF_TX, "BYTES",
	  "4M (replay: grows to fit)",
	  "pinned buffer pool, or the TX ring's size (k, M, G suffixes)",
	  FUNC(set_pool) },
	{ OPT_HUGE, "hugepages", 0, CMDF_TX, NULL, NULL,
	  "back the pool with 2 MB huge pages", FLAG(hugepages) },
	{ OPT_GSO, "gso", 0, CMDF_SEND, "SEG", NULL,
	  "sends of --payload-size up to 64K, cut into SEG-byte datagrams "
	  "by the kernel (udp: UDP_SEGMENT; packet modes: "
	  "PACKET_VNET_HDR)", UINT(gso, 1, 65507) },
	{ OPT_ZC_BATCH, "zc-batch", 0, CMDF_TX, "N", "64",
	  "zerocopy: sends between error-queue drains",
	  UINT(zc_batch, 1, 1u << 20) },
	{ OPT_DRAIN, "drain-timeout", 0, CMDF_TX, "T", "5s",
	  "zerocopy: wait at most T for outstanding completions",
	  TIME(drain_timeout, 0, 3600) },

	HEADING("Replay"),
	{ OPT_SPEED, "speed", 'x', CMDF_REPLAY, "X", "1",
	  "scale the capture's timing by X (2 = twice as fast)",
	  FUNC(set_speed) },
	{ OPT_MAX_GAP, "max-gap", 0, CMDF_REPLAY, "T|off", "1h",
	  "wait at most T between two records (off: as long as the capture "
	  "says)", FUNC(set_max_gap) },
	{ OPT_TOPSPEED, "topspeed", 0, CMDF_REPLAY, NULL, NULL,
	  "as fast as possible, capture timing off", FLAG(topspeed) },
	{ OPT_LOOP, "loop", 'l', CMDF_REPLAY, "N", "1",
	  "play the files N times; 0 = forever", UINT(loop, 0, UINT64_MAX) },
	{ OPT_PAD, "pad", 0, CMDF_REPLAY, NULL, "skip them",
	  "send snaplen-truncated records zero-padded to their original "
	  "length", FLAG(pad) },
	{ OPT_L2, "l2", 0, CMDF_REPLAY, NULL, NULL,
	  "give L3 (raw IP, Linux cooked) captures an Ethernet header from "
	  "--src-mac/--dst-mac; send in packet mode", FLAG(l2_synth) },
	{ OPT_RW_MAC, "rewrite-mac", 0, CMDF_REPLAY, NULL, NULL,
	  "set every Ethernet frame's MACs to --src-mac/--dst-mac",
	  FLAG(rewrite_mac) },
	{ OPT_STRICT, "strict", 0, CMDF_REPLAY, NULL,
	  "skip it, count it, name the first",
	  "end the run at the first record the kernel refuses",
	  FLAG(strict) },
	{ OPT_MAP_IP, "map-ip", 0, CMDF_REPLAY, "FROM=TO", NULL,
	  "rewrite addresses (A=B or A/P=B/P), checksums fixed; up to 8",
	  FUNC(set_map_ip) },
	{ OPT_MAP_SPORT, "map-sport", 0, CMDF_REPLAY, "P", NULL,
	  "set every UDP/TCP source port to P", UINT(rw_sport, 0, 65535) },
	{ OPT_MAP_DPORT, "map-dport", 0, CMDF_REPLAY, "P", NULL,
	  "set every UDP/TCP destination port to P",
	  UINT(rw_dport, 0, 65535) },

	HEADING("Receive (recv)"),
	{ OPT_RUN_ID, "run-id", 0, CMDF_SEND | CMDF_RECV, "N",
	  "random, printed in the summary",
	  "the run id written in the stamp payload, 0-4294967295",
	  UINT(run_id, 0, UINT32_MAX),
	  ALT(CMDF_RECV, "the first run seen", "count the run with this id; "
	      "frames of other runs are counted apart") },
	{ OPT_IDLE, "idle", 0, CMDF_RECV, "T|off", "2s",
	  "end T after the last frame of the run (off: never)",
	  FUNC(set_idle) },
	{ OPT_RING_SIZE, "ring-size", 0, CMDF_RECV, "BYTES", "64M",
	  "PACKET_RX_RING size, 256k to 4G", FUNC(set_ring_size) },
	{ OPT_REMOTE_CLOCK, "remote-clock", 0, CMDF_RECV, NULL, NULL,
	  "the sender is another host: latency depends on the offset "
	  "between the two clocks", FLAG(remote_clock) },

	HEADING("Output"),
	{ OPT_WRITE_PCAP, "write-pcap", 'w', CMDF_TX, "FILE", NULL,
	  "record every frame as handed to the kernel",
	  FUNC(set_write_pcap) },
	{ OPT_DRY_RUN, "dry-run", 0, CMDF_TX, NULL, NULL,
	  "build (and record) frames without sending", FLAG(dry_run) },
	{ OPT_JSON, "json", 'J', CMDF_TX | CMDF_RECV | CMDF_PROBE, NULL, NULL,
	  "one JSON document on stdout (start, intervals, end; also for "
	  "errors)", FLAG(json) },
	{ OPT_INTERVAL, "interval", 0, CMDF_TX | CMDF_RECV, "T", "1s",
	  "progress and JSON interval, 0.01 to 3600 s",
	  TIME(interval, 0.01, 3600) },
	{ OPT_QUIET, "quiet", 'q', CMDF_TX | CMDF_RECV, NULL, NULL,
	  "no progress, only the summary", FLAG(quiet) },
	{ OPT_VERBOSE, "verbose", 'v', CMDF_ALL, NULL, NULL,
	  "debugging detail on stderr", FUNC(set_verbose) },
	{ OPT_HELP, "help", 'h', CMDF_ALL, NULL, NULL, "this text",
	  .kind = OK_FLAG },
	{ OPT_VERSION, "version", 'V', CMDF_ALL, NULL, NULL, "the version",
	  .kind = OK_FLAG },
	/* Test-only: deliberately reuses a slot before its completion, to
	 * prove the content checks can fail.  Needs the environment
	 * variable PKTGEN_ZC_TEST_BREAK=reuse as well; undocumented. */
	{ OPT_TEST_REUSE, "test-break-reuse", 0, CMDF_TX, NULL, NULL, NULL,
	  FLAG(test_reuse_early) },
};
const size_t opt_table_len = sizeof(opt_table) / sizeof(opt_table[0]);

const struct opt_rule opt_rules[] = {
	{ OPT_SIZE, OPT_PAYLOAD_SIZE, false,
	  "give the frame size or the UDP payload size" },
	{ OPT_SPEED, OPT_TOPSPEED, false,
	  "--topspeed turns the capture's timing off" },
	{ OPT_SPEED, OPT_RATE, false,
	  "--rate replaces the capture's timing" },
	{ OPT_MAX_GAP, OPT_TOPSPEED, false,
	  "--topspeed does not wait for gaps" },
	{ OPT_MAX_GAP, OPT_RATE, false,
	  "--rate replaces the capture's timing" },
	{ OPT_TOPSPEED, OPT_RATE, false,
	  "--topspeed is no rate limit at all" },
	{ OPT_CPU, OPT_CPUS, false, "--cpus N is --cpu N for one worker" },
	{ OPT_QBYPASS, OPT_NO_QBYPASS, false, "choose one" },
	{ OPT_VLAN_PRIO, OPT_VLAN, true,
	  "the priority is a field of the 802.1Q tag" },
	{ OPT_BURST, OPT_RATE, true,
	  "a burst is how many frames leave per tick of the rate" },
	{ OPT_RATE_LAYER, OPT_RATE, true,
	  "it says what a bit rate counts" },
	{ OPT_GSO, OPT_PAYLOAD_SIZE, true,
	  "the payload of one send is cut into --gso sized datagrams" },
	{ OPT_DRY_RUN, OPT_WRITE_PCAP, true,
	  "a dry run sends nothing, only records" },
};
const size_t opt_rules_len = sizeof(opt_rules) / sizeof(opt_rules[0]);

const struct opt_def *opt_get(enum opt_id id)
{
	for (size_t i = 0; i < opt_table_len; i++)
		if (opt_table[i].name && opt_table[i].id == id)
			return &opt_table[i];
	return NULL;
}

const char *opt_cmds(const struct opt_def *o, char *buf, size_t len)
{
	size_t n = 0, k = 0, total = 0;

	for (size_t i = 0; i < cmd_table_len; i++)
		total += !!(o->cmds & CMDF(cmd_table[i].cmd));
	buf[0] = '\0';
	for (size_t i = 0; i < cmd_table_len && n < len; i++) {
		if (!(o->cmds & CMDF(cmd_table[i].cmd)))
			continue;
		k++;
		n += (size_t)snprintf(buf + n, len - n, "%s%s",
				      k == 1 ? "" : k == total ? " and " : ", ",
				      cmd_table[i].name);
	}
	return buf;
}

/* Words of text from column col, wrapped at 79, indented by indent. */
static void wrap(FILE *out, const char *text, int col, int indent)
{
	const char *p = text;

	while (*p) {
		size_t w = strcspn(p, " ");

		if (col > indent && col + 1 + (int)w > 79) {
			fprintf(out, "\n%*s", indent, "");
			col = indent;
		} else if (col > indent) {
			fputc(' ', out);
			col++;
		}
		fwrite(p, 1, w, out);
		col += (int)w;
		p += w;
		while (*p == ' ')
			p++;
	}
	fputc('\n', out);
}

static const struct cmd_def *cmd_get(enum pzc_cmd cmd)
{
	for (size_t i = 0; i < cmd_table_len; i++)
		if (cmd_table[i].cmd == cmd)
			return &cmd_table[i];
	return NULL;
}

void opt_help(FILE *out, enum pzc_cmd cmd)
{
	const struct cmd_def *cd = cmd_get(cmd);
	const char *heading = NULL;

	fprintf(out, "Usage: pktgen-zc %s %s\n", cd->name, cd->synopsis);
	fprintf(out, "%s.\n", cd->summary);
	for (size_t i = 0; i < opt_table_len; i++) {
		const struct opt_def *o = &opt_table[i];
		char left[64];
		int n;

		if (!o->name) {
			heading = o->help;
			continue;
		}
		if (!(o->cmds & CMDF(cmd)) || !o->help)
			continue;
		if (heading) {
			fprintf(out, "\n%s:\n", heading);
			heading = NULL;
		}
		n = snprintf(left, sizeof(left), "  %c%c%s--%s%s%s",
			     o->shrt ? '-' : ' ', o->shrt ? o->shrt : ' ',
			     o->shrt ? ", " : "  ", o->name, o->arg ? " " : "",
			     o->arg ? o->arg : "");
		fputs(left, out);
		if (n >= 24) {
			fprintf(out, "\n%*s", 25, "");
			n = 25;
		} else {
			fprintf(out, "%*s", 25 - n, "");
			n = 25;
		}
		{
			bool alt = o->alt_cmds & CMDF(cmd);
			const char *help = alt ? o->alt_help : o->help;
			const char *def = alt ? o->alt_def : o->def;
			char text[400];

			if (def)
				snprintf(text, sizeof(text), "%s (default %s)",
					 help, def);
			else
				snprintf(text, sizeof(text), "%s", help);
			wrap(out, text, n, 25);
		}
	}
	fputs("\nExit status: 0 done (also after ^C), 1 run-time failure, 2 "
	      "usage error.\n", out);
}

void opt_help_all(FILE *out)
{
	fputs("Usage: pktgen-zc [COMMAND] [OPTIONS]\n\nCommands:\n", out);
	for (size_t i = 0; i < cmd_table_len; i++)
		fprintf(out, "  %-8s %s\n", cmd_table[i].name,
			cmd_table[i].summary);
	fputs("\n'pktgen-zc COMMAND --help' lists the options of a command; "
	      "without a command,\npktgen-zc sends, so 'pktgen-zc --help' "
	      "lists send's options after this.\n\n", out);
	opt_help(out, CMD_SEND);
}

static void *field(const struct opt_def *o, struct config *c)
{
	return (char *)c + o->off;
}

static void store(const struct opt_def *o, struct config *c, uint64_t v)
{
	switch (o->size) {
	case 1: *(uint8_t *)field(o, c) = (uint8_t)v; break;
	case 2: *(uint16_t *)field(o, c) = (uint16_t)v; break;
	case 4: *(uint32_t *)field(o, c) = (uint32_t)v; break;
	default: *(uint64_t *)field(o, c) = v; break;
	}
}

/* "a|b|c" as "expected a, b or c". */
static const char *choice_list(const char *list, char *buf, size_t len)
{
	size_t n = (size_t)snprintf(buf, len, "expected ");

	for (const char *p = list; *p && n + 8 < len; p++) {
		if (*p != '|') {
			buf[n++] = *p;
		} else if (strchr(p + 1, '|')) {
			buf[n++] = ',';
			buf[n++] = ' ';
		} else {
			memcpy(buf + n, " or ", 4);
			n += 4;
		}
	}
	buf[n] = '\0';
	return buf;
}

static int refuse(const struct opt_def *o, const char *arg, const char *why)
{
	pr_err("--%s '%s': %s", o->name, arg, why);
	return -EINVAL;
}

int opt_apply(const struct opt_def *o, struct config *c, const char *arg)
{
	const char *why = "invalid value";
	char msg[200];
	uint64_t v;
	double d;

	switch (o->kind) {
	case OK_FLAG:
		if (o->size)
			*(bool *)field(o, c) = true;
		return 0;
	case OK_UINT:
		if (parse_u64(arg, &v) || v < o->umin || v > o->umax) {
			snprintf(msg, sizeof(msg), "expected a whole number "
				 "from %llu to %llu",
				 (unsigned long long)o->umin,
				 (unsigned long long)o->umax);
			return refuse(o, arg, msg);
		}
		store(o, c, v);
		return 0;
	case OK_TIME:
		if (parse_duration(arg, &d) || d < o->tmin || d > o->tmax) {
			if (o->tmin < 1e-6 && o->tmin > 0)
				snprintf(msg, sizeof(msg), "expected a positive "
					 "time like 30, 1.5s, 500ms, 10m or 2h");
			else
				snprintf(msg, sizeof(msg), "expected a time "
					 "from %g to %g seconds (suffixes ms, "
					 "s, m, h)", o->tmin, o->tmax);
			return refuse(o, arg, msg);
		}
		*(double *)field(o, c) = d;
		return 0;
	case OK_CHOICE: {
		const char *p = o->choices;
		uint64_t k = 0;

		for (;;) {
			size_t n = strcspn(p, "|");

			if (strlen(arg) == n && !strncmp(p, arg, n)) {
				store(o, c, k);
				return 0;
			}
			if (!p[n])
				break;
			p += n + 1;
			k++;
		}
		return refuse(o, arg, choice_list(o->choices, msg,
						  sizeof(msg)));
	}
	case OK_FUNC:
		if (o->fn(c, arg, &why))
			return refuse(o, arg ? arg : "", why);
		return 0;
	}
	return -EINVAL;
}
