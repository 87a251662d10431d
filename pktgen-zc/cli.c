// SPDX-License-Identifier: GPL-2.0-only
/* cli: command line into struct config; see cli.h. */
#include "cli.h"

#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>

#include "frame.h"

#ifndef PZC_VERSION
#define PZC_VERSION "unknown"
#endif

static int bad(const char *fmt, ...)
{
	va_list ap;

	fputs("pktgen-zc: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return -EINVAL;
}

const char *cli_path_name(enum tx_path p)
{
	switch (p) {
	case PATH_AUTO: return "auto";
	case PATH_RING: return "ring";
	case PATH_COPY: return "copy";
	case PATH_ZEROCOPY: return "zerocopy";
	}
	return "?";
}

const char *cli_mode_name(enum tx_mode m)
{
	switch (m) {
	case MODE_PACKET: return "packet";
	case MODE_PACKET_DGRAM: return "packet-dgram";
	case MODE_RAW: return "raw";
	case MODE_UDP: return "udp";
	}
	return "?";
}

int cli_parse_mac(const char *s, uint8_t mac[6])
{
	unsigned int b[6];
	char tail;

	if (sscanf(s, "%2x:%2x:%2x:%2x:%2x:%2x%c", &b[0], &b[1], &b[2], &b[3],
		   &b[4], &b[5], &tail) != 6 || strlen(s) != 17)
		return -EINVAL;
	for (int i = 0; i < 6; i++)
		mac[i] = (uint8_t)b[i];
	return 0;
}

static int parse_ip(const char *s, int *family, uint8_t out[16])
{
	memset(out, 0, 16);
	if (inet_pton(AF_INET, s, out) == 1) {
		*family = AF_INET;
		return 0;
	}
	if (inet_pton(AF_INET6, s, out) == 1) {
		*family = AF_INET6;
		return 0;
	}
	return -EINVAL;
}

/* lo <= hi, and they may differ only in the last 8 bytes. */
static int range_span(struct ip_range *r)
{
	size_t alen = r->family == AF_INET6 ? 16 : 4;
	size_t head = alen > 8 ? alen - 8 : 0;
	uint64_t lo = 0, hi = 0;

	if (memcmp(r->lo, r->hi, head))
		return -ERANGE;
	for (size_t i = head; i < alen; i++) {
		lo = (lo << 8) | r->lo[i];
		hi = (hi << 8) | r->hi[i];
	}
	if (hi < lo)
		return -EINVAL;
	r->span = hi - lo + 1;	/* wraps to 0 for a full /64: 2^64 */
	return 0;
}

int cli_parse_ip_range(const char *s, struct ip_range *r)
{
	char buf[128];
	char *sep;
	int f2;

	if (strlen(s) >= sizeof(buf))
		return -EINVAL;
	strcpy(buf, s);
	memset(r, 0, sizeof(*r));
	sep = strchr(buf, '/');
	if (sep) {
		char *end;
		long plen;
		size_t alen;

		*sep = '\0';
		if (parse_ip(buf, &r->family, r->lo))
			return -EINVAL;
		alen = r->family == AF_INET6 ? 16 : 4;
		errno = 0;
		plen = strtol(sep + 1, &end, 10);
		if (errno || *end || end == sep + 1 || plen < 0 ||
		    plen > (long)alen * 8)
			return -EINVAL;
		for (size_t bit = 0; bit < alen * 8; bit++) {
			uint8_t m = (uint8_t)(0x80 >> (bit % 8));

			if ((long)bit < plen) {
				r->hi[bit / 8] |= r->lo[bit / 8] & m;
			} else {
				r->lo[bit / 8] &= (uint8_t)~m;
				r->hi[bit / 8] |= m;
			}
		}
		return range_span(r);
	}
	sep = strchr(buf, '-');
	if (sep) {
		*sep = '\0';
		if (parse_ip(buf, &r->family, r->lo) ||
		    parse_ip(sep + 1, &f2, r->hi) || f2 != r->family)
			return -EINVAL;
		return range_span(r);
	}
	if (parse_ip(buf, &r->family, r->lo))
		return -EINVAL;
	memcpy(r->hi, r->lo, 16);
	r->span = 1;
	return 0;
}

static int parse_u64(const char *s, uint64_t *out)
{
	char *end;

	if (!*s || *s == '-' || *s == '+')
		return -EINVAL;
	errno = 0;
	*out = strtoull(s, &end, 0);
	if (errno || *end)
		return -EINVAL;
	return 0;
}

int cli_parse_u32_range(const char *s, uint32_t min, uint32_t max,
			struct u32_range *r)
{
	char buf[64];
	char *sep;
	uint64_t lo, hi;

	if (strlen(s) >= sizeof(buf))
		return -EINVAL;
	strcpy(buf, s);
	sep = strchr(buf, '-');
	if (sep)
		*sep = '\0';
	if (parse_u64(buf, &lo))
		return -EINVAL;
	hi = lo;
	if (sep && parse_u64(sep + 1, &hi))
		return -EINVAL;
	if (lo < min || hi > max || hi < lo)
		return -ERANGE;
	r->lo = (uint32_t)lo;
	r->hi = (uint32_t)hi;
	return 0;
}

static int parse_double(const char *s, double *out, char **end)
{
	errno = 0;
	*out = strtod(s, end);
	if (errno || *end == s || !isfinite(*out) || *out < 0)
		return -EINVAL;
	return 0;
}

static double unit_scale(const char *u, size_t n)
{
	if (n == 0)
		return 1;
	switch (u[0]) {
	case 'k': case 'K': return 1e3;
	case 'm': case 'M': return 1e6;
	case 'g': case 'G': return 1e9;
	case 't': case 'T': return 1e12;
	}
	return 0;
}

/*
 * "100000", "100k", "100kpps", "1.5Mpps" are packets per second;
 * "800Mbit", "10Gbit", "10gbps", "1e9bit" are L1 bits per second.
 */
int cli_parse_size_mix(const char *s, uint32_t min, uint32_t max,
		       struct size_mix *m)
{
	char *end;

	memset(m, 0, sizeof(*m));
	if (!strcmp(s, "imix"))
		s = "60:7,590:4,1514:1";
	for (;;) {
		unsigned long sz, w;

		if (*s < '0' || *s > '9' || m->n == FLOW_MAX_SIZES)
			return -EINVAL;
		sz = strtoul(s, &end, 10);
		if (*end != ':' || sz < min || sz > max)
			return -EINVAL;
		s = end + 1;
		if (*s < '0' || *s > '9')
			return -EINVAL;
		w = strtoul(s, &end, 10);
		if (!w || w > 1000000)
			return -EINVAL;
		m->size[m->n] = (uint32_t)sz;
		m->weight[m->n++] = (uint32_t)w;
		m->total += w;
		if (!*end)
			return 0;
		if (*end != ',')
			return -EINVAL;
		s = end + 1;
	}
}

int cli_parse_wall_time(const char *s, double *t)
{
	struct tm tm;
	double frac = 0;
	char *end;
	long off = 0;

	if (!strchr(s, 'T') && !strchr(s, 't')) {
		if (parse_double(s, t, &end) || *end || *t <= 0)
			return -EINVAL;
		return 0;
	}
	memset(&tm, 0, sizeof(tm));
	end = strptime(s, "%Y-%m-%dT%H:%M:%S", &tm);
	if (!end)
		end = strptime(s, "%Y-%m-%dt%H:%M:%S", &tm);
	if (!end)
		return -EINVAL;
	if (*end == '.') {
		char *e2;

		frac = strtod(end, &e2);
		if (e2 == end + 1)
			return -EINVAL;
		end = e2;
	}
	if (*end == 'Z' || *end == 'z') {
		end++;
	} else if ((*end == '+' || *end == '-') &&
		   end[1] >= '0' && end[1] <= '9' && end[2] >= '0' &&
		   end[2] <= '9' && end[3] == ':' && end[4] >= '0' &&
		   end[4] <= '9' && end[5] >= '0' && end[5] <= '9') {
		off = ((end[1] - '0') * 10 + end[2] - '0') * 3600 +
		      ((end[4] - '0') * 10 + end[5] - '0') * 60;
		if (*end == '-')
			off = -off;
		end += 6;
	} else {
		return -EINVAL;	/* RFC 3339 needs the offset */
	}
	if (*end)
		return -EINVAL;
	*t = (double)timegm(&tm) - off + frac;
	return *t > 0 ? 0 : -EINVAL;
}

int cli_parse_cpus(const char *s, int *cpus, uint32_t max)
{
	uint32_t n = 0;
	char *end;

	for (;;) {
		unsigned long lo, hi;

		if (*s < '0' || *s > '9')
			return -EINVAL;
		lo = hi = strtoul(s, &end, 10);
		if (*end == '-') {
			s = end + 1;
			if (*s < '0' || *s > '9')
				return -EINVAL;
			hi = strtoul(s, &end, 10);
		}
		if (lo > hi || hi > 4095 || hi - lo >= max)
			return -EINVAL;
		for (unsigned long k = lo; k <= hi; k++) {
			for (uint32_t j = 0; j < n; j++)
				if (cpus[j] == (int)k)
					return -EINVAL;
			if (n == max)
				return -EINVAL;
			cpus[n++] = (int)k;
		}
		if (!*end)
			return (int)n;
		if (*end != ',')
			return -EINVAL;
		s = end + 1;
	}
}

int cli_parse_rate(const char *s, double *pps, double *bps)
{
	char *end;
	double v, scale;
	size_t ulen;
	const char *unit;

	if (parse_double(s, &v, &end) || v == 0)
		return -EINVAL;
	unit = end;
	ulen = strlen(unit);
	*pps = 0;
	*bps = 0;
	if (ulen >= 3 && !strcasecmp(unit + ulen - 3, "pps")) {
		scale = unit_scale(unit, ulen - 3);
		if (!scale || ulen - 3 > 1)
			return -EINVAL;
		*pps = v * scale;
		return 0;
	}
	if (ulen >= 3 && (!strcasecmp(unit + ulen - 3, "bit") ||
			  !strcasecmp(unit + ulen - 3, "bps"))) {
		scale = unit_scale(unit, ulen - 3);
		if (!scale || ulen - 3 > 1)
			return -EINVAL;
		*bps = v * scale;
		return 0;
	}
	scale = unit_scale(unit, ulen);
	if (!scale || ulen > 1)
		return -EINVAL;
	*pps = v * scale;
	return 0;
}

int cli_parse_bytes(const char *s, uint64_t *out)
{
	char *end;
	double v, scale = 1;

	if (parse_double(s, &v, &end))
		return -EINVAL;
	if (*end) {
		switch (*end) {
		case 'k': case 'K': scale = 1024.0; break;
		case 'm': case 'M': scale = 1024.0 * 1024; break;
		case 'g': case 'G': scale = 1024.0 * 1024 * 1024; break;
		default: return -EINVAL;
		}
		end++;
		if (*end == 'i')
			end++;
		if (*end == 'B' || *end == 'b')
			end++;
		if (*end)
			return -EINVAL;
	}
	if (v * scale > 1e15)
		return -ERANGE;
	*out = (uint64_t)(v * scale);
	return 0;
}

int cli_parse_duration(const char *s, double *sec)
{
	char *end;
	double v;

	if (parse_double(s, &v, &end))
		return -EINVAL;
	if (!*end || !strcmp(end, "s"))
		*sec = v;
	else if (!strcmp(end, "ms"))
		*sec = v / 1e3;
	else if (!strcmp(end, "m") || !strcmp(end, "min"))
		*sec = v * 60;
	else if (!strcmp(end, "h"))
		*sec = v * 3600;
	else
		return -EINVAL;
	return 0;
}

/* "/P" of a --map-ip side, 0..max; none: the whole address. */
static int map_prefix(const char *p, int max, int *out)
{
	char *end;
	long v;

	if (!p) {
		*out = max;
		return 0;
	}
	errno = 0;
	v = strtol(p, &end, 10);
	if (errno || end == p || *end || v < 0 || v > max)
		return -EINVAL;
	*out = (int)v;
	return 0;
}

/*
 * FROM=TO with FROM and TO addresses or prefixes of one length (IPv6
 * addresses contain ':', so '=' separates; IPv4 may use ':').  A map
 * keeps the host bits, so any prefix length works, unlike --dst-ip
 * ranges (at most 2^64 addresses).  Says itself what is wrong.
 */
static int parse_ip_map(const char *s, struct ip_map *m)
{
	char buf[200];
	char *to, *p1, *p2;
	int f1, f2, l1, l2, max;

	if (strlen(s) >= sizeof(buf))
		return bad("--map-ip '%.40s...': too long", s);
	strcpy(buf, s);
	to = strchr(buf, '=');
	if (!to)
		to = strchr(buf, ':');
	if (!to)
		return bad("--map-ip '%s': expected FROM=TO, e.g. "
			   "10.0.0.1=192.168.0.1 or 10.0.0.0/8=192.168.0.0/8",
			   s);
	*to++ = '\0';
	p1 = strchr(buf, '/');
	if (p1)
		*p1++ = '\0';
	p2 = strchr(to, '/');
	if (p2)
		*p2++ = '\0';
	if (parse_ip(buf, &f1, m->from) || parse_ip(to, &f2, m->to))
		return bad("--map-ip '%s': expected FROM=TO with two IPv4 or "
			   "IPv6 addresses or prefixes, e.g. "
			   "10.0.0.0/8=192.168.0.0/8", s);
	if (f1 != f2)
		return bad("--map-ip '%s': FROM is %s and TO %s: a map stays "
			   "within one family", s,
			   f1 == AF_INET6 ? "IPv6" : "IPv4",
			   f2 == AF_INET6 ? "IPv6" : "IPv4");
	max = f1 == AF_INET6 ? 128 : 32;
	if (map_prefix(p1, max, &l1) || map_prefix(p2, max, &l2))
		return bad("--map-ip '%s': a prefix length is 0 to %d", s,
			   max);
	if (l1 != l2)
		return bad("--map-ip '%s': FROM is a /%d and TO a /%d: give "
			   "both one length (the host bits are kept)", s, l1,
			   l2);
	m->family = f1;
	m->prefix = l1;
	return 0;
}

static int parse_random(struct config *c, const char *s)
{
	char buf[128];
	char *tok, *save = NULL;

	if (strlen(s) >= sizeof(buf))
		return -EINVAL;
	strcpy(buf, s);
	for (tok = strtok_r(buf, ",", &save); tok;
	     tok = strtok_r(NULL, ",", &save)) {
		bool all = !strcmp(tok, "all");

		if (all || !strcmp(tok, "src-ip"))
			c->src_ip.random = true;
		if (all || !strcmp(tok, "dst-ip"))
			c->dst_ip.random = true;
		if (all || !strcmp(tok, "src-port"))
			c->sport.random = true;
		if (all || !strcmp(tok, "dst-port"))
			c->dport.random = true;
		if (all || !strcmp(tok, "size"))
			c->size.random = true;
		if (!all && strcmp(tok, "src-ip") && strcmp(tok, "dst-ip") &&
		    strcmp(tok, "src-port") && strcmp(tok, "dst-port") &&
		    strcmp(tok, "size"))
			return -EINVAL;
	}
	return 0;
}

void cli_usage(FILE *out)
{
	fputs(
"Usage: pktgen-zc [send] --dev IFACE [OPTIONS]   build and send UDP frames\n"
"       pktgen-zc replay FILE... --dev IFACE [OPTIONS]\n"
"       pktgen-zc probe [--dev IFACE]            what this kernel supports\n"
"       pktgen-zc demo                           self-contained run in private\n"
"                                                namespaces (veth pair)\n"
"       pktgen-zc recv --dev IFACE [OPTIONS]     receive a run, count losses,\n"
"                                                duplicates, reordering, latency\n"
"\n"
"Device and mode:\n"
"  -i, --dev IFACE        interface to send on (required for send/replay)\n"
"  -m, --mode MODE        packet | packet-dgram | raw | udp (default packet)\n"
"      --path PATH        auto | ring | copy | zerocopy (default auto): how\n"
"                         frames leave: the packet TX ring, or sendmmsg()\n"
"                         batches by copy or with MSG_ZEROCOPY\n"
"  -Z, --zerocopy WHEN    auto | on | off (default auto): on is --path\n"
"                         zerocopy; off keeps auto from choosing it\n"
"      --batch N          frames a system call, 1-1024 (default 256)\n"
"\n"
"Headers (one address family per run):\n"
"      --src-mac MAC      default: the interface's address\n"
"      --dst-mac MAC      default: resolved via the route and neighbour tables\n"
"      --vlan ID          802.1Q tag 0-4095 (packet mode only)\n"
"      --vlan-prio PCP    802.1Q priority 0-7 (default 0)\n"
"  -s, --src-ip A[-B|/P]  source address or range (default: the interface's)\n"
"  -d, --dst-ip A[-B|/P]  destination address or range (required)\n"
"      --tos N            IPv4 TOS / IPv6 traffic class 0-255 (default 0)\n"
"      --ttl N            IPv4 TTL / IPv6 hop limit 1-255 (default 64)\n"
"      --ip-id N          first IPv4 identification, +1 per frame (default 0)\n"
"      --df               set IPv4 don't-fragment\n"
"      --src-port P[-Q]   UDP source port or range (default 9)\n"
"      --dst-port P[-Q]   UDP destination port or range (default 9)\n"
"      --random FIELDS    vary these at random instead of in sequence:\n"
"                         src-ip,dst-ip,src-port,dst-port,size or all\n"
"      --seed N           random seed (default 1: runs are repeatable)\n"
"\n"
"Size and content:\n"
"  -l, --size N[-M]       L2 frame bytes without the 4-byte FCS, 60..MTU+14\n"
"                         (+4 with --vlan); default 60; or a weighted list\n"
"                         64:7,570:4,1518:1, or imix (60:7,590:4,1514:1)\n"
"      --flows N          cycle N distinct 5-tuples from the address and\n"
"                         port ranges\n"
"      --payload-size N[-M]  UDP payload bytes instead of --size\n"
"      --payload KIND     zeros | inc | random | stamp (default stamp:\n"
"                         sequence number and send time, then inc bytes)\n"
"      --run-id N         the stamp's run id, 0-4294967295 (send: default\n"
"                         random, printed; recv: default the first seen)\n"
"\n"
"How much and how fast:\n"
"  -n, --count N          frames to send (default: until --duration or ^C)\n"
"  -t, --duration T       seconds (suffix ms, s, m, h)\n"
"  -r, --rate R           pps: 1000, 10k, 1.5Mpps; bits/s on the wire (L1,\n"
"                         frame + 24 bytes FCS/preamble/gap): 800Mbit, 10Gbps\n"
"  -b, --burst N          sends back to back per rate tick (default 1)\n"
"      --cpu N            pin the sending thread to CPU N\n"
"      --threads N        N workers, each its own socket, slots and share of\n"
"                         the rate and the frames (default 1)\n"
"      --cpus LIST        one worker on each CPU of LIST (0,2-3)\n"
"      --start-at TIME    wait until this wall-clock time, then send\n"
"                         (RFC 3339, or Unix seconds with a fraction)\n"
"      --priority N       run the sender SCHED_FIFO at priority 1-99, so\n"
"                         other work cannot stall the pacing\n"
"      --qdisc-bypass     packet modes: hand frames straight to the driver,\n"
"                         past the qdisc (PACKET_QDISC_BYPASS; the default)\n"
"      --no-qdisc-bypass  packet modes: send through the qdisc\n"
"\n"
"Zerocopy engine:\n"
"      --pool-size BYTES  pinned buffer pool (default 4M; k/M/G suffixes)\n"
"      --hugepages        back the pool with 2 MB huge pages\n"
"      --gso SEG          udp mode: UDP_SEGMENT sends of --payload-size up to\n"
"                         64K, cut into SEG-byte datagrams by the kernel\n"
"      --zc-batch N       sends between error-queue drains (default 64)\n"
"      --drain-timeout T  wait at most T for outstanding completions (5s)\n"
"\n"
"Replay (pktgen-zc replay FILE...):\n"
"      --speed X          scale the capture's timing by X (default 1)\n"
"      --max-gap T        wait at most T between two records (default 1h;\n"
"                         off: as long as the capture says)\n"
"      --topspeed         as fast as possible\n"
"      --loop N           play the files N times; 0 = forever (default 1)\n"
"      --pad              send snaplen-truncated records zero-padded to\n"
"                         their original length (default: skip them)\n"
"      --l2               give L3 (raw IP, Linux cooked) captures an Ethernet\n"
"                         header from --src-mac/--dst-mac; send in packet mode\n"
"      --rewrite-mac      set every Ethernet frame's MACs to --src-mac/--dst-mac\n"
"      --strict           end the run at the first record the kernel refuses\n"
"                         (default: skip it, count it, name the first)\n"
"      --map-ip FROM=TO   rewrite addresses (A=B or A/P=B/P), checksums fixed\n"
"      --map-sport P      set every UDP/TCP source port to P\n"
"      --map-dport P      set every UDP/TCP destination port to P\n"
"\n"
"Receive (pktgen-zc recv --dev IFACE; --src-ip, --dst-ip, --src-port,\n"
"--dst-port filter, --count N ends after N frames of the run):\n"
"      --idle T           end T after the last frame of the run (default 2s;\n"
"                         off: never)\n"
"      --ring-size BYTES  PACKET_RX_RING size (default 64M; 256k to 4G)\n"
"      --remote-clock     the sender is another host: latency depends on\n"
"                         the offset between the two clocks\n"
"\n"
"Output:\n"
"  -w, --write-pcap FILE  record every frame as handed to the kernel\n"
"      --dry-run          build (and record) frames without sending\n"
"  -J, --json             one JSON document on stdout (start, intervals, end)\n"
"      --interval T       progress/JSON interval (default 1s)\n"
"  -q, --quiet            no progress, only the summary\n"
"  -h, --help             this text\n"
"  -V, --version          the version\n"
"\n"
"Exit status: 0 done (also after ^C), 1 run-time failure, 2 usage error.\n",
	      out);
}

enum {
	O_SRC_MAC = 256, O_DST_MAC, O_VLAN, O_VLAN_PRIO, O_TOS, O_TTL, O_IP_ID,
	O_DF, O_SPORT, O_DPORT, O_RANDOM, O_SEED, O_PAYLOAD_SIZE, O_PAYLOAD,
	O_CPU, O_POOL, O_HUGE, O_GSO, O_ZC_BATCH, O_DRAIN, O_SPEED, O_TOP,
	O_LOOP, O_PAD, O_L2, O_RW_MAC, O_MAP_IP, O_MAP_SPORT, O_MAP_DPORT,
	O_DRY, O_INTERVAL, O_TEST_REUSE, O_PRIO, O_QBYPASS, O_NO_QBYPASS,
	O_PATH, O_BATCH, O_THREADS, O_CPUS, O_FLOWS, O_START_AT, O_MAX_GAP,
	O_STRICT, O_RUN_ID, O_IDLE, O_RING_SIZE, O_REMOTE_CLOCK,
};

static const struct option longopts[] = {
	{ "dev", required_argument, NULL, 'i' },
	{ "mode", required_argument, NULL, 'm' },
	{ "zerocopy", required_argument, NULL, 'Z' },
	{ "src-mac", required_argument, NULL, O_SRC_MAC },
	{ "dst-mac", required_argument, NULL, O_DST_MAC },
	{ "vlan", required_argument, NULL, O_VLAN },
	{ "vlan-prio", required_argument, NULL, O_VLAN_PRIO },
	{ "src-ip", required_argument, NULL, 's' },
	{ "dst-ip", required_argument, NULL, 'd' },
	{ "tos", required_argument, NULL, O_TOS },
	{ "ttl", required_argument, NULL, O_TTL },
	{ "ip-id", required_argument, NULL, O_IP_ID },
	{ "df", no_argument, NULL, O_DF },
	{ "src-port", required_argument, NULL, O_SPORT },
	{ "dst-port", required_argument, NULL, O_DPORT },
	{ "random", required_argument, NULL, O_RANDOM },
	{ "seed", required_argument, NULL, O_SEED },
	{ "size", required_argument, NULL, 'l' },
	{ "flows", required_argument, NULL, O_FLOWS },
	{ "start-at", required_argument, NULL, O_START_AT },
	{ "payload-size", required_argument, NULL, O_PAYLOAD_SIZE },
	{ "payload", required_argument, NULL, O_PAYLOAD },
	{ "count", required_argument, NULL, 'n' },
	{ "duration", required_argument, NULL, 't' },
	{ "rate", required_argument, NULL, 'r' },
	{ "burst", required_argument, NULL, 'b' },
	{ "cpu", required_argument, NULL, O_CPU },
	{ "threads", required_argument, NULL, O_THREADS },
	{ "cpus", required_argument, NULL, O_CPUS },
	{ "priority", required_argument, NULL, O_PRIO },
	{ "qdisc-bypass", no_argument, NULL, O_QBYPASS },
	{ "no-qdisc-bypass", no_argument, NULL, O_NO_QBYPASS },
	{ "path", required_argument, NULL, O_PATH },
	{ "batch", required_argument, NULL, O_BATCH },
	{ "pool-size", required_argument, NULL, O_POOL },
	{ "hugepages", no_argument, NULL, O_HUGE },
	{ "gso", required_argument, NULL, O_GSO },
	{ "zc-batch", required_argument, NULL, O_ZC_BATCH },
	{ "drain-timeout", required_argument, NULL, O_DRAIN },
	{ "speed", required_argument, NULL, O_SPEED },
	{ "max-gap", required_argument, NULL, O_MAX_GAP },
	{ "topspeed", no_argument, NULL, O_TOP },
	{ "loop", required_argument, NULL, O_LOOP },
	{ "pad", no_argument, NULL, O_PAD },
	{ "l2", no_argument, NULL, O_L2 },
	{ "rewrite-mac", no_argument, NULL, O_RW_MAC },
	{ "strict", no_argument, NULL, O_STRICT },
	{ "run-id", required_argument, NULL, O_RUN_ID },
	{ "idle", required_argument, NULL, O_IDLE },
	{ "ring-size", required_argument, NULL, O_RING_SIZE },
	{ "remote-clock", no_argument, NULL, O_REMOTE_CLOCK },
	{ "map-ip", required_argument, NULL, O_MAP_IP },
	{ "map-sport", required_argument, NULL, O_MAP_SPORT },
	{ "map-dport", required_argument, NULL, O_MAP_DPORT },
	{ "write-pcap", required_argument, NULL, 'w' },
	{ "dry-run", no_argument, NULL, O_DRY },
	{ "json", no_argument, NULL, 'J' },
	{ "interval", required_argument, NULL, O_INTERVAL },
	{ "quiet", no_argument, NULL, 'q' },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	/* Test-only: deliberately reuses a slot before its completion, to
	 * prove the content checks can fail.  Needs the environment
	 * variable PKTGEN_ZC_TEST_BREAK=reuse as well; undocumented. */
	{ "test-break-reuse", no_argument, NULL, O_TEST_REUSE },
	{ NULL, 0, NULL, 0 },
};

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

static int num(const char *opt, const char *s, uint64_t min, uint64_t max,
	       uint64_t *out)
{
	if (parse_u64(s, out) || *out < min || *out > max)
		return bad("%s '%s': expected a whole number from %llu to %llu",
			   opt, s, (unsigned long long)min,
			   (unsigned long long)max);
	return 0;
}

static int range_err(const char *opt, const char *s, uint32_t min,
		     uint32_t max, struct u32_range *r)
{
	bool rnd = r->random;

	if (cli_parse_u32_range(s, min, max, r))
		return bad("%s '%s': expected N or N-M with %u <= N <= M <= %u",
			   opt, s, min, max);
	r->random = rnd;
	return 0;
}

static int ip_err(const char *opt, const char *s, struct ip_range *r)
{
	bool rnd = r->random;
	int err = cli_parse_ip_range(s, r);

	if (err == -ERANGE)
		return bad("%s '%s': a range may span at most 2^64 addresses "
			   "(only the last 64 bits may differ)", opt, s);
	if (err)
		return bad("%s '%s': expected an IPv4 or IPv6 address, A-B "
			   "range (A <= B) or A/prefix", opt, s);
	r->random = rnd;
	return 0;
}

static int validate(struct config *c)
{
	bool l2 = c->mode == MODE_PACKET;

	if (c->cmd == CMD_SEND || c->cmd == CMD_REPLAY) {
		if (!c->dev[0])
			return bad("--dev is required: name the interface to "
				   "send on (see 'ip link')");
	}
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
	if (c->ncpus && c->cpu >= 0)
		return bad("--cpu and --cpus exclude each other (--cpus %d is "
			   "--cpu %d)", c->cpu, c->cpu);
	if (c->ncpus && c->threads && c->threads != c->ncpus)
		return bad("--threads %u but --cpus names %u CPUs: one worker "
			   "per CPU", c->threads, c->ncpus);
	if (!c->threads)
		c->threads = c->ncpus ? c->ncpus : 1;
	if (c->threads > 1 && c->cpu >= 0)
		return bad("--threads %u and --cpu %d: give the workers' CPUs "
			   "with --cpus", c->threads, c->cpu);
	if (c->threads > 1 && c->cmd == CMD_REPLAY)
		return bad("--threads %u: replay runs one worker for now "
			   "(--threads 1)", c->threads);
	if (c->threads > 1 && c->write_pcap)
		return bad("--threads %u and --write-pcap: the record is one "
			   "worker's; use --threads 1 to record", c->threads);
	if (c->qdisc_bypass && c->no_qdisc_bypass)
		return bad("--qdisc-bypass and --no-qdisc-bypass exclude each "
			   "other");
	if (c->zerocopy == ZC_ON && c->path != PATH_AUTO &&
	    c->path != PATH_ZEROCOPY)
		return bad("--zerocopy on and --path %s exclude each other "
			   "(--zerocopy on is --path zerocopy)",
			   cli_path_name(c->path));
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
			   cli_mode_name(c->mode));
	if (c->path == PATH_RING && c->dry_run)
		return bad("--path ring and --dry-run exclude each other: a "
			   "dry run sends nothing");
	if (c->cmd == CMD_REPLAY) {
		if (!c->nfiles)
			return bad("replay needs at least one capture file");
		if (c->topspeed && c->rate_pps + c->rate_bps > 0)
			return bad("--topspeed and --rate exclude each other");
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
			   cli_mode_name(c->mode));
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
	if (c->gso && c->mode != MODE_UDP)
		return bad("--gso %u needs --mode udp (UDP_SEGMENT)", c->gso);
	if (c->gso && !c->size_is_payload)
		return bad("--gso needs --payload-size: the bytes of one send, "
			   "cut into --gso sized datagrams");
	if (c->gso && c->size.lo != c->size.hi)
		return bad("--gso needs a single --payload-size, not a range");
	if (c->dry_run && !c->write_pcap)
		return bad("--dry-run sends nothing: give --write-pcap FILE to "
			   "record the frames");
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

int cli_parse(struct config *c, int argc, char **argv)
{
	static const char shortopts[] = ":i:m:Z:s:d:l:n:t:r:b:w:JqhV";
	uint64_t v;
	int opt, err;
	double d;

	defaults(c);
	if (argc > 1 && argv[1][0] != '-') {
		if (!strcmp(argv[1], "send"))
			c->cmd = CMD_SEND;
		else if (!strcmp(argv[1], "replay"))
			c->cmd = CMD_REPLAY;
		else if (!strcmp(argv[1], "probe"))
			c->cmd = CMD_PROBE;
		else if (!strcmp(argv[1], "demo"))
			c->cmd = CMD_DEMO;
		else if (!strcmp(argv[1], "recv"))
			c->cmd = CMD_RECV;
		else
			return bad("unknown command '%s': expected recv, send, "
				   "replay, probe or demo", argv[1]);
		argv++;
		argc--;
	}
	optind = 0;	/* 0: a full reset, also of a half-read -abc group */
	opterr = 0;
	while ((opt = getopt_long(argc, argv, shortopts, longopts, NULL)) != -1) {
		const char *a = optarg;

		switch (opt) {
		case 'i':
			if (strlen(a) >= IF_NAMESIZE || !*a)
				return bad("--dev '%s': an interface name has 1 "
					   "to %d characters", a,
					   IF_NAMESIZE - 1);
			strcpy(c->dev, a);
			break;
		case 'm':
			if (!strcmp(a, "packet"))
				c->mode = MODE_PACKET;
			else if (!strcmp(a, "packet-dgram"))
				c->mode = MODE_PACKET_DGRAM;
			else if (!strcmp(a, "raw"))
				c->mode = MODE_RAW;
			else if (!strcmp(a, "udp"))
				c->mode = MODE_UDP;
			else
				return bad("--mode '%s': expected packet, "
					   "packet-dgram, raw or udp", a);
			c->mode_set = true;
			break;
		case 'Z':
			if (!strcmp(a, "auto"))
				c->zerocopy = ZC_AUTO;
			else if (!strcmp(a, "on"))
				c->zerocopy = ZC_ON;
			else if (!strcmp(a, "off"))
				c->zerocopy = ZC_OFF;
			else
				return bad("--zerocopy '%s': expected auto, on "
					   "or off", a);
			break;
		case O_SRC_MAC:
		case O_DST_MAC:
			if (cli_parse_mac(a, opt == O_SRC_MAC ? c->src_mac :
					  c->dst_mac))
				return bad("--%s '%s': expected six hex bytes "
					   "like 02:00:00:00:00:01",
					   opt == O_SRC_MAC ? "src-mac" :
					   "dst-mac", a);
			if (opt == O_SRC_MAC)
				c->have_src_mac = true;
			else
				c->have_dst_mac = true;
			break;
		case O_VLAN:
			if ((err = num("--vlan", a, 0, 4095, &v)))
				return err;
			c->vlan_id = (int)v;
			break;
		case O_VLAN_PRIO:
			if ((err = num("--vlan-prio", a, 0, 7, &v)))
				return err;
			c->vlan_prio = (int)v;
			break;
		case 's':
			if ((err = ip_err("--src-ip", a, &c->src_ip)))
				return err;
			c->have_src_ip = true;
			c->src_ip_arg = a;
			break;
		case 'd':
			if ((err = ip_err("--dst-ip", a, &c->dst_ip)))
				return err;
			c->have_dst_ip = true;
			c->dst_ip_arg = a;
			break;
		case O_TOS:
			if ((err = num("--tos", a, 0, 255, &v)))
				return err;
			c->tos = (int)v;
			break;
		case O_TTL:
			if ((err = num("--ttl", a, 1, 255, &v)))
				return err;
			c->ttl = (int)v;
			break;
		case O_IP_ID:
			if ((err = num("--ip-id", a, 0, 65535, &v)))
				return err;
			c->ip_id = (uint16_t)v;
			break;
		case O_DF:
			c->df = true;
			break;
		case O_SPORT:
			if ((err = range_err("--src-port", a, 1, 65535,
					     &c->sport)))
				return err;
			c->sport_set = true;
			break;
		case O_DPORT:
			if ((err = range_err("--dst-port", a, 1, 65535,
					     &c->dport)))
				return err;
			c->dport_set = true;
			break;
		case O_RANDOM:
			if (parse_random(c, a))
				return bad("--random '%s': expected a comma "
					   "list of src-ip, dst-ip, src-port, "
					   "dst-port, size, or all", a);
			break;
		case O_SEED:
			if ((err = num("--seed", a, 0, UINT64_MAX, &v)))
				return err;
			c->seed = v;
			break;
		case 'l':
			c->size_is_payload = false;
			c->mix.n = 0;
			if (strchr(a, ':') || !strcmp(a, "imix")) {
				if (cli_parse_size_mix(a, FRAME_MIN_LEN, 65535,
						       &c->mix))
					return bad("--size '%s': expected N, N-M, "
						   "imix or a weighted list "
						   "SIZE:WEIGHT,... (at most %d "
						   "sizes of %d to 65535 bytes, "
						   "weights 1 to 1000000)", a,
						   FLOW_MAX_SIZES,
						   FRAME_MIN_LEN);
				c->size.lo = c->size.hi = c->mix.size[0];
				for (uint32_t i = 1; i < c->mix.n; i++) {
					if (c->mix.size[i] < c->size.lo)
						c->size.lo = c->mix.size[i];
					if (c->mix.size[i] > c->size.hi)
						c->size.hi = c->mix.size[i];
				}
				break;
			}
			if ((err = range_err("--size", a, FRAME_MIN_LEN, 65535,
					     &c->size)))
				return err;
			break;
		case O_START_AT:
			if (cli_parse_wall_time(a, &c->start_at))
				return bad("--start-at '%s': expected RFC 3339 "
					   "(2026-12-03T17:00:00.5Z, or with "
					   "+01:00) or Unix seconds "
					   "(1764781200.5)", a);
			break;
		case O_FLOWS:
			if ((err = num("--flows", a, 1, 1u << 30, &v)))
				return err;
			c->nflows = v;
			break;
		case O_PAYLOAD_SIZE:
			if ((err = range_err("--payload-size", a, 0, 65507,
					     &c->size)))
				return err;
			c->size_is_payload = true;
			c->mix.n = 0;
			break;
		case O_PAYLOAD:
			if (!strcmp(a, "zeros"))
				c->payload = PAY_ZEROS;
			else if (!strcmp(a, "inc"))
				c->payload = PAY_INC;
			else if (!strcmp(a, "random"))
				c->payload = PAY_RANDOM;
			else if (!strcmp(a, "stamp"))
				c->payload = PAY_STAMP;
			else
				return bad("--payload '%s': expected zeros, "
					   "inc, random or stamp", a);
			break;
		case 'n':
			if ((err = num("--count", a, 1, UINT64_MAX, &v)))
				return err;
			c->count = v;
			break;
		case 't':
			if (cli_parse_duration(a, &d) || d <= 0 || d > 1e9)
				return bad("--duration '%s': expected a positive "
					   "time like 30, 1.5s, 500ms, 10m or "
					   "2h", a);
			c->duration = d;
			break;
		case 'r':
			if (cli_parse_rate(a, &c->rate_pps, &c->rate_bps) ||
			    c->rate_pps > 1e10 || c->rate_bps > 1e13)
				return bad("--rate '%s': expected packets per "
					   "second (10000, 10k, 1.5Mpps) or "
					   "bits per second (800Mbit, 10Gbps), "
					   "greater than 0", a);
			break;
		case 'b':
			if ((err = num("--burst", a, 1, 65536, &v)))
				return err;
			c->burst = (uint32_t)v;
			break;
		case O_CPU:
			if ((err = num("--cpu", a, 0, 4095, &v)))
				return err;
			c->cpu = (int)v;
			break;
		case O_THREADS:
			if ((err = num("--threads", a, 1, CLI_MAX_CPUS, &v)))
				return err;
			c->threads = (uint32_t)v;
			break;
		case O_CPUS:
			err = cli_parse_cpus(a, c->cpus, CLI_MAX_CPUS);
			if (err < 0)
				return bad("--cpus '%s': expected CPU numbers "
					   "0-4095 and ranges, e.g. 0,2-3, each "
					   "once, at most %d", a, CLI_MAX_CPUS);
			c->ncpus = (uint32_t)err;
			break;
		case O_PRIO:
			if ((err = num("--priority", a, 1, 99, &v)))
				return err;
			c->priority = (int)v;
			break;
		case O_QBYPASS:
			c->qdisc_bypass = true;
			break;
		case O_NO_QBYPASS:
			c->no_qdisc_bypass = true;
			break;
		case O_PATH:
			if (!strcmp(a, "auto"))
				c->path = PATH_AUTO;
			else if (!strcmp(a, "ring"))
				c->path = PATH_RING;
			else if (!strcmp(a, "copy"))
				c->path = PATH_COPY;
			else if (!strcmp(a, "zerocopy"))
				c->path = PATH_ZEROCOPY;
			else
				return bad("--path '%s': expected auto, ring, "
					   "copy or zerocopy", a);
			break;
		case O_BATCH:
			if ((err = num("--batch", a, 1, PATH_MAX_BATCH, &v)))
				return err;
			c->batch = (uint32_t)v;
			break;
		case O_POOL:
			if (cli_parse_bytes(a, &v) || v < 65536 ||
			    v > (64ull << 30))
				return bad("--pool-size '%s': expected 64k to "
					   "64G (suffixes k, M, G)", a);
			c->pool_bytes = v;
			c->pool_bytes_set = true;
			break;
		case O_HUGE:
			c->hugepages = true;
			break;
		case O_GSO:
			if ((err = num("--gso", a, 1, 65507, &v)))
				return err;
			c->gso = (uint32_t)v;
			break;
		case O_ZC_BATCH:
			if ((err = num("--zc-batch", a, 1, 1u << 20, &v)))
				return err;
			c->zc_batch = (uint32_t)v;
			break;
		case O_DRAIN:
			if (cli_parse_duration(a, &d) || d > 3600)
				return bad("--drain-timeout '%s': expected 0 to "
					   "3600 seconds", a);
			c->drain_timeout = d;
			break;
		case O_SPEED:
			if (parse_double(a, &d, (char **)&a) || *a || d <= 0 ||
			    d > 1e6)
				return bad("--speed '%s': expected a factor "
					   "greater than 0 (2.0 = twice as "
					   "fast)", optarg);
			c->speed = d;
			break;
		case O_MAX_GAP:
			if (!strcmp(a, "off")) {
				c->max_gap = 0;
				break;
			}
			if (cli_parse_duration(a, &d) || d <= 0 || d > 1e9)
				return bad("--max-gap '%s': expected a positive "
					   "time like 10s, 500ms or 1h, or off",
					   a);
			c->max_gap = d;
			break;
		case O_TOP:
			c->topspeed = true;
			break;
		case O_LOOP:
			if ((err = num("--loop", a, 0, UINT64_MAX, &v)))
				return err;
			c->loop = v;
			break;
		case O_PAD:
			c->pad = true;
			break;
		case O_L2:
			c->l2_synth = true;
			break;
		case O_STRICT:
			c->strict = true;
			break;
		case O_RW_MAC:
			c->rewrite_mac = true;
			break;
		case O_RUN_ID:
			if ((err = num("--run-id", a, 0, UINT32_MAX, &v)))
				return err;
			c->run_id = (uint32_t)v;
			c->run_id_set = true;
			break;
		case O_IDLE:
			if (!strcmp(a, "off")) {
				c->idle = 0;
				break;
			}
			if (cli_parse_duration(a, &d) || d <= 0 || d > 1e9)
				return bad("--idle '%s': expected a positive "
					   "time like 2s or 500ms, or off", a);
			c->idle = d;
			break;
		case O_RING_SIZE:
			if (cli_parse_bytes(a, &v) || v < (256u << 10) ||
			    v > (4ull << 30))
				return bad("--ring-size '%s': expected 256k to "
					   "4G (suffixes k, M, G)", a);
			c->ring_bytes = v;
			break;
		case O_REMOTE_CLOCK:
			c->remote_clock = true;
			break;
		case O_MAP_IP:
			if (c->nmaps >= 8)
				return bad("--map-ip: at most 8 mappings");
			if ((err = parse_ip_map(a, &c->maps[c->nmaps])))
				return err;
			c->nmaps++;
			break;
		case O_MAP_SPORT:
		case O_MAP_DPORT:
			if ((err = num(opt == O_MAP_SPORT ? "--map-sport" :
				       "--map-dport", a, 0, 65535, &v)))
				return err;
			if (opt == O_MAP_SPORT)
				c->rw_sport = (int)v;
			else
				c->rw_dport = (int)v;
			break;
		case 'w':
			c->write_pcap = a;
			break;
		case O_DRY:
			c->dry_run = true;
			break;
		case 'J':
			c->json = true;
			break;
		case O_INTERVAL:
			if (cli_parse_duration(a, &d) || d < 0.01 || d > 3600)
				return bad("--interval '%s': expected 0.01 to "
					   "3600 seconds", a);
			c->interval = d;
			break;
		case 'q':
			c->quiet = true;
			break;
		case 'h':
			cli_usage(stdout);
			return 1;
		case 'V':
			printf("pktgen-zc %s\n", PZC_VERSION);
			return 1;
		case O_TEST_REUSE:
			c->test_reuse_early = true;
			break;
		case ':':
			return bad("option '%s' needs a value",
				   argv[optind - 1]);
		default:
			if (optopt)
				return bad("unknown option '-%c' (see "
					   "'pktgen-zc --help')", optopt);
			return bad("unknown option '%s' (see 'pktgen-zc "
				   "--help')", argv[optind - 1]);
		}
	}
	for (; optind < argc; optind++) {
		if (c->cmd != CMD_REPLAY)
			return bad("unexpected argument '%s' (only replay takes "
				   "file names)", argv[optind]);
		if (c->nfiles >= CLI_MAX_FILES)
			return bad("at most %d capture files", CLI_MAX_FILES);
		c->files[c->nfiles++] = argv[optind];
	}
	return validate(c);
}
