// SPDX-License-Identifier: GPL-2.0-only
/*
 * pzc-pcapcmp: the oracle of the namespace tests.  Compares what
 * pktgen-zc recorded (--write-pcap: every frame as handed to the kernel)
 * with what a capture on the peer saw: the same number of frames, in the
 * same order, byte-identical at the level the transmit mode lets us
 * demand:
 *
 *   l2       the whole frame (packet, packet-dgram)
 *   l3       the IP packet, link header stripped (raw); with
 *            --ignore-zero-ipid an IPv4 ID that we sent as 0 (the kernel
 *            picks one) and the header checksum over it are not compared,
 *            but the received header checksum must still verify
 *   payload  the UDP payload only (udp: the kernel writes every header)
 *
 * It also checks, on the captured file (or on the only file given):
 * --stamps   the payload stamps carry sequence numbers 0..N-1, in order
 * --verify   every frame is UDP with good IP and UDP checksums and an
 *            intact payload pattern (check_frame() of pktgen-zc)
 * --*-range  addresses and ports lie within the given ranges
 * and prints how many distinct values each field took.
 *
 * What is compared can be narrowed first, on the captured file:
 * --strip N        cut N bytes off the front of every captured record
 *                  (qemu's filter-dump keeps a virtio-net header there)
 * --udp-dport P    keep only the captured frames that are UDP to port P
 *                  (a capture that also holds other runs or the host's
 *                  own chatter); every sent frame must be UDP to P, or
 *                  the comparison would prove nothing
 * and --unordered compares the two as multisets (several senders whose
 * frames interleave in any order), at l2 or payload level.
 *
 * This is the one comparator of the host-side tests (netns, rel, zc,
 * replay through pcaputil.py, samples).  tests/vm/pcapcmp.py EXP SEEN
 * PORT [STRIP] is the same check as
 *   pzc-pcapcmp --udp-dport PORT --strip STRIP EXP SEEN
 *
 * Exit: 0 all checks pass, 1 a check failed, 2 usage or unreadable file.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <limits.h>
#include <getopt.h>
#include <pcap/pcap.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"

#ifndef DLT_LINUX_SLL2
#define DLT_LINUX_SLL2 276
#endif
#ifndef DLT_IPV4
#define DLT_IPV4 228
#endif
#ifndef DLT_IPV6
#define DLT_IPV6 229
#endif

enum level { LVL_L2, LVL_L3, LVL_PAYLOAD };

struct pkt {
	uint8_t *data;
	uint32_t len;	/* caplen */
	uint32_t origlen;
};

struct file {
	const char *path;
	int dlt;
	struct pkt *p;
	size_t n, cap;
};

struct range_ip {
	bool set;
	int family;
	uint8_t lo[16], hi[16];
};

struct range_port {
	bool set;
	unsigned lo, hi;
};

struct opts {
	enum level level;
	bool ignore_zero_ipid;
	long long count;	/* -1: not checked */
	bool stamps, verify, no_udp_csum;
	struct range_ip src, dst;
	struct range_port sport, dport;
	int max_report;
	uint32_t strip;		/* bytes cut off each captured record */
	long udp_dport;		/* -1: no filter */
	bool unordered;
};

static int load(struct file *f, const char *path)
{
	char err[PCAP_ERRBUF_SIZE];
	struct pcap_pkthdr *h;
	const u_char *d;
	pcap_t *p;
	int rc;

	memset(f, 0, sizeof(*f));
	f->path = path;
	p = pcap_open_offline_with_tstamp_precision(path,
			PCAP_TSTAMP_PRECISION_NANO, err);
	if (!p) {
		fprintf(stderr, "pzc-pcapcmp: %s: %s\n", path, err);
		return -1;
	}
	f->dlt = pcap_datalink(p);
	while ((rc = pcap_next_ex(p, &h, &d)) == 1) {
		if (f->n == f->cap) {
			f->cap = f->cap ? f->cap * 2 : 1024;
			f->p = realloc(f->p, f->cap * sizeof(*f->p));
			if (!f->p) {
				perror("pzc-pcapcmp");
				exit(2);
			}
		}
		f->p[f->n].data = malloc(h->caplen ? h->caplen : 1);
		if (!f->p[f->n].data) {
			perror("pzc-pcapcmp");
			exit(2);
		}
		memcpy(f->p[f->n].data, d, h->caplen);
		f->p[f->n].len = h->caplen;
		f->p[f->n].origlen = h->len;
		f->n++;
	}
	if (rc == -1) {
		fprintf(stderr, "pzc-pcapcmp: %s: %s\n", path, pcap_geterr(p));
		pcap_close(p);
		return -1;
	}
	pcap_close(p);
	return 0;
}

static uint16_t get16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

/* The IP packet inside a record: offset and length (trimmed to the IP
 * length, so link padding does not count).  false: not IP. */
static bool l3_of(int dlt, const uint8_t *d, uint32_t len, uint32_t *off,
		  uint32_t *l3len)
{
	uint32_t o, ipl;
	uint16_t type;

	switch (dlt) {
	case DLT_EN10MB:
		if (len < 14)
			return false;
		o = 12;
		type = get16(d + o);
		while ((type == 0x8100 || type == 0x88a8) && len >= o + 6) {
			o += 4;
			type = get16(d + o);
		}
		o += 2;
		if (type != 0x0800 && type != 0x86dd)
			return false;
		break;
	case DLT_RAW:
	case DLT_IPV4:
	case DLT_IPV6:
		o = 0;
		break;
	case DLT_LINUX_SLL:
		o = 16;
		break;
	case DLT_LINUX_SLL2:
		o = 20;
		break;
	default:
		return false;
	}
	if (len <= o)
		return false;
	if (d[o] >> 4 == 4 && len >= o + 20)
		ipl = get16(d + o + 2);
	else if (d[o] >> 4 == 6 && len >= o + 40)
		ipl = 40u + get16(d + o + 4);
	else
		return false;
	if (ipl > len - o)
		ipl = len - o;
	*off = o;
	*l3len = ipl;
	return true;
}

static bool parse(int dlt, const struct pkt *p, struct check_result *r)
{
	uint32_t off, l3len;

	memset(r, 0, sizeof(*r));
	r->vlan_id = -1;
	if (dlt == DLT_EN10MB)
		return check_frame(p->data, p->len, r);
	if (!l3_of(dlt, p->data, p->len, &off, &l3len))
		return false;
	return check_l3(p->data + off, l3len, r);
}

static void hexdump(const char *label, const uint8_t *d, uint32_t len,
		    uint32_t at)
{
	uint32_t from = at >= 16 ? (at - 16) & ~15u : 0;
	uint32_t to = from + 48 < len ? from + 48 : len;

	fprintf(stderr, "  %s (len %u), bytes %u..%u:\n   ", label, len, from,
		to);
	for (uint32_t i = from; i < to; i++)
		fprintf(stderr, "%s%02x%s", i == at ? "[" : "", d[i],
			i == at ? "]" : "");
	fprintf(stderr, "\n");
}

static const char *lvl_name(enum level l)
{
	return l == LVL_L2 ? "L2" : l == LVL_L3 ? "L3" : "UDP payload";
}

/* 0 equal, 1 different (reported). */
static int compare_one(const struct opts *o, const struct file *a,
		       const struct file *b, size_t i)
{
	const struct pkt *pa = &a->p[i], *pb = &b->p[i];
	const uint8_t *da = NULL, *db = NULL;
	uint32_t la = 0, lb = 0, offa, offb;
	bool mask_id = false;

	switch (o->level) {
	case LVL_L2:
		da = pa->data;
		la = pa->len;
		db = pb->data;
		lb = pb->len;
		break;
	case LVL_L3:
		if (!l3_of(a->dlt, pa->data, pa->len, &offa, &la)) {
			fprintf(stderr, "pzc-pcapcmp: %s frame %zu: no IP "
				"packet\n", a->path, i);
			return 1;
		}
		if (!l3_of(b->dlt, pb->data, pb->len, &offb, &lb)) {
			fprintf(stderr, "pzc-pcapcmp: %s frame %zu: no IP "
				"packet\n", b->path, i);
			return 1;
		}
		da = pa->data + offa;
		db = pb->data + offb;
		if (o->ignore_zero_ipid && da[0] >> 4 == 4 && la >= 20 &&
		    get16(da + 4) == 0) {
			mask_id = true;
			if (lb < 20 || db[0] >> 4 != 4 ||
			    frame_csum_fold(frame_csum_add(0, db,
					(size_t)(db[0] & 15) * 4)) != 0) {
				fprintf(stderr, "pzc-pcapcmp: %s frame %zu: "
					"the kernel-written IPv4 header "
					"checksum does not verify\n", b->path,
					i);
				return 1;
			}
		}
		break;
	case LVL_PAYLOAD: {
		struct check_result ra, rb;

		if (!parse(a->dlt, pa, &ra) || !parse(b->dlt, pb, &rb)) {
			fprintf(stderr, "pzc-pcapcmp: frame %zu: not a UDP "
				"datagram in %s\n", i,
				!parse(a->dlt, pa, &ra) ? a->path : b->path);
			return 1;
		}
		da = ra.payload;
		la = ra.payload_len;
		db = rb.payload;
		lb = rb.payload_len;
		break;
	}
	}
	if (la != lb) {
		fprintf(stderr, "pzc-pcapcmp: frame %zu: %s length %u in %s, "
			"%u in %s\n", i, lvl_name(o->level), la, a->path, lb,
			b->path);
		return 1;
	}
	for (uint32_t j = 0; j < la; j++) {
		if (mask_id && (j == 4 || j == 5 || j == 10 || j == 11))
			continue;
		if (da[j] != db[j]) {
			fprintf(stderr, "pzc-pcapcmp: frame %zu: %s byte %u "
				"differs: %02x in %s, %02x in %s\n", i,
				lvl_name(o->level), j, da[j], a->path, db[j],
				b->path);
			hexdump(a->path, da, la, j);
			hexdump(b->path, db, lb, j);
			return 1;
		}
	}
	return 0;
}

static bool ip_in(const struct range_ip *r, int family, const uint8_t *a)
{
	size_t n = family == AF_INET6 ? 16 : 4;

	return r->family == family && memcmp(a, r->lo, n) >= 0 &&
	       memcmp(a, r->hi, n) <= 0;
}

/* Distinct values, by a small open hash set of 32-bit keys. */
struct dset {
	uint32_t keys[8192];
	bool used[8192];
	unsigned n;
};

static void dset_add(struct dset *s, uint32_t k)
{
	uint32_t h = (k * 2654435761u) & 8191;

	while (s->used[h]) {
		if (s->keys[h] == k)
			return;
		h = (h + 1) & 8191;
	}
	if (s->n >= 8000)
		return;
	s->used[h] = true;
	s->keys[h] = k;
	s->n++;
}

static uint32_t fold_ip(int family, const uint8_t *a)
{
	uint32_t k = 0;

	for (size_t i = 0; i < (family == AF_INET6 ? 16u : 4u); i++)
		k = k * 31 + a[i];
	return k;
}

/* Checks on one file's frames; returns the number of failures. */
static int check_file(const struct opts *o, const struct file *f)
{
	static struct dset ds_src, ds_dst, ds_sport, ds_dport, ds_len;
	int bad = 0, reported = 0;
	uint64_t next = 0;

	if (!o->stamps && !o->verify && !o->src.set && !o->dst.set &&
	    !o->sport.set && !o->dport.set)
		return 0;
	memset(&ds_src, 0, sizeof(ds_src));
	memset(&ds_dst, 0, sizeof(ds_dst));
	memset(&ds_sport, 0, sizeof(ds_sport));
	memset(&ds_dport, 0, sizeof(ds_dport));
	memset(&ds_len, 0, sizeof(ds_len));
	for (size_t i = 0; i < f->n; i++) {
		struct check_result r;
		const uint8_t *l3;
		uint32_t off, l3len;
		char why[160] = "";

		if (!parse(f->dlt, &f->p[i], &r) ||
		    !l3_of(f->dlt, f->p[i].data, f->p[i].len, &off, &l3len)) {
			snprintf(why, sizeof(why), "not a UDP datagram over IP");
			goto report;
		}
		l3 = f->p[i].data + off;
		{
			const uint8_t *src = r.family == AF_INET6 ? l3 + 8 :
					     l3 + 12;
			const uint8_t *dst = r.family == AF_INET6 ? l3 + 24 :
					     l3 + 16;

			dset_add(&ds_src, fold_ip(r.family, src));
			dset_add(&ds_dst, fold_ip(r.family, dst));
			dset_add(&ds_sport, r.sport);
			dset_add(&ds_dport, r.dport);
			dset_add(&ds_len, f->p[i].len);
			if (o->src.set && !ip_in(&o->src, r.family, src))
				snprintf(why, sizeof(why), "source address "
					 "outside --src-range");
			else if (o->dst.set && !ip_in(&o->dst, r.family, dst))
				snprintf(why, sizeof(why), "destination "
					 "address outside --dst-range");
		}
		if (why[0])
			goto report;
		if (o->sport.set && (r.sport < o->sport.lo ||
				     r.sport > o->sport.hi)) {
			snprintf(why, sizeof(why), "source port %u outside "
				 "%u-%u", r.sport, o->sport.lo, o->sport.hi);
			goto report;
		}
		if (o->dport.set && (r.dport < o->dport.lo ||
				     r.dport > o->dport.hi)) {
			snprintf(why, sizeof(why), "destination port %u "
				 "outside %u-%u", r.dport, o->dport.lo,
				 o->dport.hi);
			goto report;
		}
		if (o->verify) {
			if (!r.ip_csum_ok)
				snprintf(why, sizeof(why), "bad IPv4 header "
					 "checksum");
			else if (!r.csum_ok && !o->no_udp_csum)
				snprintf(why, sizeof(why), "bad UDP checksum");
			else if (!r.pattern_ok)
				snprintf(why, sizeof(why), "payload pattern "
					 "broken");
			if (why[0])
				goto report;
		}
		if (o->stamps) {
			if (!r.has_stamp) {
				snprintf(why, sizeof(why), "no stamp in the "
					 "payload");
				goto report;
			}
			if (r.stamp.seq != next) {
				snprintf(why, sizeof(why), "stamp sequence "
					 "%llu where %llu was due",
					 (unsigned long long)r.stamp.seq,
					 (unsigned long long)next);
				next = r.stamp.seq + 1;
				goto report;
			}
			next++;
		}
		continue;
report:
		bad++;
		if (reported++ < o->max_report)
			fprintf(stderr, "pzc-pcapcmp: %s frame %zu: %s\n",
				f->path, i, why);
	}
	printf("%s: %zu frames; distinct src-ip %u, dst-ip %u, src-port %u, "
	       "dst-port %u, length %u\n", f->path, f->n, ds_src.n, ds_dst.n,
	       ds_sport.n, ds_dport.n, ds_len.n);
	if (bad)
		fprintf(stderr, "pzc-pcapcmp: %s: %d frames failed the checks\n",
			f->path, bad);
	return bad;
}

static int parse_ip_range(const char *s, struct range_ip *r)
{
	char buf[128], *dash;

	snprintf(buf, sizeof(buf), "%s", s);
	r->set = true;
	r->family = strchr(buf, ':') ? AF_INET6 : AF_INET;
	/* IPv6 addresses have no '-', so the last '-' splits the range. */
	dash = strrchr(buf, '-');
	if (dash)
		*dash++ = 0;
	if (inet_pton(r->family, buf, r->lo) != 1 ||
	    inet_pton(r->family, dash ? dash : buf, r->hi) != 1)
		return -1;
	return 0;
}

static int parse_port_range(const char *s, struct range_port *r)
{
	char *end;

	r->set = true;
	r->lo = (unsigned)strtoul(s, &end, 10);
	r->hi = *end == '-' ? (unsigned)strtoul(end + 1, &end, 10) : r->lo;
	return *end || r->lo > r->hi || r->hi > 65535 ? -1 : 0;
}

/* Cut o->strip bytes off the front of every record of f. */
static int strip_file(const struct opts *o, struct file *f)
{
	for (size_t i = 0; i < f->n && o->strip; i++) {
		struct pkt *p = &f->p[i];

		if (p->len < o->strip) {
			fprintf(stderr, "pzc-pcapcmp: %s frame %zu: %u bytes, "
				"shorter than --strip %u\n", f->path, i,
				p->len, o->strip);
			return -1;
		}
		memmove(p->data, p->data + o->strip, p->len - o->strip);
		p->len -= o->strip;
		p->origlen -= o->strip;
	}
	return 0;
}

static bool is_udp_to(const struct file *f, const struct pkt *p, long port)
{
	struct check_result r;

	return parse(f->dlt, p, &r) && r.udp && r.dport == port;
}

/*
 * --udp-dport: every frame of the sent file must be UDP to the port (or
 * the run's frames could not be told from the others); the captured
 * file keeps only those.  Returns the number of failures.
 */
static int filter_dport(const struct opts *o, const struct file *sent,
			struct file *cap)
{
	size_t keep = 0;

	if (o->udp_dport < 0)
		return 0;
	for (size_t i = 0; sent && i < sent->n; i++) {
		if (!is_udp_to(sent, &sent->p[i], o->udp_dport)) {
			fprintf(stderr, "pzc-pcapcmp: %s frame %zu is not UDP "
				"to port %ld: the run's frames cannot be told "
				"apart\n", sent->path, i, o->udp_dport);
			return 1;
		}
	}
	for (size_t i = 0; i < cap->n; i++) {
		if (is_udp_to(cap, &cap->p[i], o->udp_dport))
			cap->p[keep++] = cap->p[i];
		else
			free(cap->p[i].data);
	}
	printf("%s: %zu frames to UDP port %ld, %zu others ignored\n",
	       cap->path, keep, o->udp_dport, cap->n - keep);
	cap->n = keep;
	return 0;
}

/* The bytes compared at l2 or payload level (false: not a datagram). */
static bool view(const struct opts *o, const struct file *f,
		 const struct pkt *p, const uint8_t **d, uint32_t *len)
{
	struct check_result r;

	if (o->level == LVL_L2) {
		*d = p->data;
		*len = p->len;
		return true;
	}
	if (!parse(f->dlt, p, &r))
		return false;
	*d = r.payload;
	*len = r.payload_len;
	return true;
}

struct span {
	const uint8_t *d;
	uint32_t len;
};

static int span_cmp(const void *x, const void *y)
{
	const struct span *a = x, *b = y;
	uint32_t n = a->len < b->len ? a->len : b->len;
	int c = memcmp(a->d, b->d, n);

	return c ? c : (a->len > b->len) - (a->len < b->len);
}

/* The sorted views of a file's frames; NULL on a frame without one. */
static struct span *spans_of(const struct opts *o, const struct file *f)
{
	struct span *s = calloc(f->n + 1, sizeof(*s));

	if (!s) {
		perror("pzc-pcapcmp");
		exit(2);
	}
	for (size_t i = 0; i < f->n; i++) {
		if (!view(o, f, &f->p[i], &s[i].d, &s[i].len)) {
			fprintf(stderr, "pzc-pcapcmp: %s frame %zu: not a UDP "
				"datagram\n", f->path, i);
			free(s);
			return NULL;
		}
	}
	qsort(s, f->n, sizeof(*s), span_cmp);
	return s;
}

/*
 * --unordered: the same frames, each as many times, in any order.
 * Returns the number of failures.
 */
static int compare_unordered(const struct opts *o, const struct file *a,
			     const struct file *b)
{
	struct span *sa = spans_of(o, a), *sb = spans_of(o, b);
	size_t i = 0, j = 0, missing = 0, extra = 0, same = 0;

	if (!sa || !sb) {
		free(sa);
		free(sb);
		return 1;
	}
	while (i < a->n || j < b->n) {
		int c = i == a->n ? 1 : j == b->n ? -1 :
			span_cmp(&sa[i], &sb[j]);

		if (!c) {
			same++;
			i++;
			j++;
		} else if (c < 0) {
			missing++;
			i++;
		} else {
			extra++;
			j++;
		}
	}
	free(sa);
	free(sb);
	if (missing || extra) {
		fprintf(stderr, "pzc-pcapcmp: as multisets at %s: %zu frames "
			"of %s missing from %s, %zu extra there (%zu "
			"matched)\n", lvl_name(o->level), missing, a->path,
			b->path, extra, same);
		return 1;
	}
	printf("%zu frames identical at %s, order aside\n", same,
	       lvl_name(o->level));
	return 0;
}

/* Both files, frame by frame; returns the number of failures. */
static int compare_files(const struct opts *o, const struct file *a,
			 const struct file *b)
{
	size_t n = a->n < b->n ? a->n : b->n;
	int fails = 0, diffs = 0;

	if (o->unordered)
		return compare_unordered(o, a, b);
	if (a->n != b->n) {
		fprintf(stderr, "pzc-pcapcmp: %s holds %zu frames, %s %zu\n",
			a->path, a->n, b->path, b->n);
		fails++;
	}
	for (size_t i = 0; i < n; i++) {
		if (compare_one(o, a, b, i) && ++diffs >= o->max_report) {
			fprintf(stderr, "pzc-pcapcmp: (stopping after %d "
				"differing frames)\n", diffs);
			break;
		}
	}
	if (!diffs)
		printf("%zu frames in order and identical at %s\n", n,
		       lvl_name(o->level));
	return fails + diffs;
}

/* A whole number in [lo, hi] or exit 2, naming the option and value. */
static long number(const char *opt, const char *s, long lo, long hi)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < lo || v > hi) {
		fprintf(stderr, "pzc-pcapcmp: %s '%s': a whole number from "
			"%ld to %ld\n", opt, s, lo, hi);
		exit(2);
	}
	return v;
}

static void usage(FILE *f)
{
	fprintf(f,
		"usage: pzc-pcapcmp [OPTIONS] SENT.pcap [CAPTURED.pcap]\n"
		"  -l, --level L          l2 | l3 | payload (default l2)\n"
		"      --ignore-zero-ipid at l3: an IPv4 ID sent as 0 may differ\n"
		"  -c, --count N          every file must hold exactly N frames\n"
		"      --stamps           stamps carry sequence 0..N-1 in order\n"
		"      --verify           UDP with good checksums and payload\n"
		"      --no-udp-csum      with --verify: skip the UDP checksum\n"
		"      --src-range A[-B]  --dst-range A[-B]\n"
		"      --sport-range P[-Q]  --dport-range P[-Q]\n"
		"      --strip N          cut N bytes off each captured record\n"
		"      --udp-dport P      compare only captured UDP to port P\n"
		"      --unordered        the same frames in any order (l2, payload)\n"
		"With one file only the per-file checks run.  The checks "
		"apply to CAPTURED when it is given.\n");
}

static void free_file(struct file *f)
{
	for (size_t i = 0; i < f->n; i++)
		free(f->p[i].data);
	free(f->p);
	f->p = NULL;
	f->n = 0;
}

int main(int argc, char **argv)
{
	static const struct option lo[] = {
		{ "level", required_argument, NULL, 'l' },
		{ "ignore-zero-ipid", no_argument, NULL, 'I' },
		{ "count", required_argument, NULL, 'c' },
		{ "stamps", no_argument, NULL, 'S' },
		{ "verify", no_argument, NULL, 'V' },
		{ "no-udp-csum", no_argument, NULL, 'U' },
		{ "src-range", required_argument, NULL, 1 },
		{ "dst-range", required_argument, NULL, 2 },
		{ "sport-range", required_argument, NULL, 3 },
		{ "dport-range", required_argument, NULL, 4 },
		{ "strip", required_argument, NULL, 5 },
		{ "udp-dport", required_argument, NULL, 6 },
		{ "unordered", no_argument, NULL, 7 },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	struct opts o = { .level = LVL_L2, .count = -1, .max_report = 5,
			  .udp_dport = -1 };
	struct file a = { 0 }, b = { 0 };
	int opt, fails = 0;
	bool two;

	while ((opt = getopt_long(argc, argv, "l:c:h", lo, NULL)) != -1) {
		switch (opt) {
		case 'l':
			if (!strcmp(optarg, "l2"))
				o.level = LVL_L2;
			else if (!strcmp(optarg, "l3"))
				o.level = LVL_L3;
			else if (!strcmp(optarg, "payload"))
				o.level = LVL_PAYLOAD;
			else {
				fprintf(stderr, "pzc-pcapcmp: --level '%s': "
					"l2, l3 or payload\n", optarg);
				return 2;
			}
			break;
		case 'I': o.ignore_zero_ipid = true; break;
		case 'c': o.count = number("--count", optarg, 0, LONG_MAX); break;
		case 'S': o.stamps = true; break;
		case 'V': o.verify = true; break;
		case 'U': o.no_udp_csum = true; break;
		case 1: case 2:
			if (parse_ip_range(optarg, opt == 1 ? &o.src : &o.dst)) {
				fprintf(stderr, "pzc-pcapcmp: bad address "
					"range '%s'\n", optarg);
				return 2;
			}
			break;
		case 3: case 4:
			if (parse_port_range(optarg, opt == 3 ? &o.sport :
					     &o.dport)) {
				fprintf(stderr, "pzc-pcapcmp: bad port range "
					"'%s'\n", optarg);
				return 2;
			}
			break;
		case 5:
			o.strip = (uint32_t)number("--strip", optarg, 0, 65535);
			break;
		case 6:
			o.udp_dport = number("--udp-dport", optarg, 0, 65535);
			break;
		case 7: o.unordered = true; break;
		case 'h': usage(stdout); return 0;
		default: usage(stderr); return 2;
		}
	}
	if (argc - optind != 1 && argc - optind != 2) {
		usage(stderr);
		return 2;
	}
	two = argc - optind == 2;
	if (o.unordered && (!two || o.level == LVL_L3)) {
		fprintf(stderr, "pzc-pcapcmp: --unordered compares two files "
			"at --level l2 or payload\n");
		return 2;
	}
	if (load(&a, argv[optind]))
		return 2;
	if (two && load(&b, argv[optind + 1]))
		return 2;
	if (strip_file(&o, two ? &b : &a))
		return 2;
	fails += filter_dport(&o, two ? &a : NULL, two ? &b : &a);
	if (two && o.udp_dport >= 0 && !a.n) {
		fprintf(stderr, "pzc-pcapcmp: %s holds no frames: nothing "
			"to compare\n", a.path);
		fails++;
	}

	/* A truncated record would compare as equal up to its cut. */
	for (int k = 0; k < (two ? 2 : 1); k++) {
		const struct file *f = k ? &b : &a;

		for (size_t i = 0; i < f->n; i++)
			if (f->p[i].len != f->p[i].origlen) {
				fprintf(stderr, "pzc-pcapcmp: %s frame %zu is "
					"truncated: %u of %u bytes\n", f->path,
					i, f->p[i].len, f->p[i].origlen);
				fails++;
				break;
			}
	}
	if (o.count >= 0 && a.n != (size_t)o.count) {
		fprintf(stderr, "pzc-pcapcmp: %s holds %zu frames, %lld "
			"expected\n", a.path, a.n, o.count);
		fails++;
	}
	if (two && o.count >= 0 && b.n != (size_t)o.count) {
		fprintf(stderr, "pzc-pcapcmp: %s holds %zu frames, %lld "
			"expected\n", b.path, b.n, o.count);
		fails++;
	}
	if (two)
		fails += compare_files(&o, &a, &b);
	fails += check_file(&o, two ? &b : &a);
	/* Freed so that the sanitizer build's leak check stays quiet. */
	free_file(&a);
	free_file(&b);
	if (fails) {
		fprintf(stderr, "pzc-pcapcmp: FAILED\n");
		return 1;
	}
	printf("pzc-pcapcmp: ok\n");
	return 0;
}
