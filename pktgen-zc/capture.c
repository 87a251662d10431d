// SPDX-License-Identifier: GPL-2.0-only
/* capture: pcap/pcapng input, read once; see capture.h. */
#include "capture.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#define ETH_HLEN 14
#define PCAPNG_MAGIC 0x0a0d0d0au

/*
 * The byte stream libpcap reads, behind a stdio cookie: zlib (which
 * passes plain files through unchanged and inflates gzip), or memory.
 * The first bytes are read ahead to tell pcap from pcapng (their time
 * stamps differ, see capture_next()) and served again from peek[].
 */
struct capture_stream {
	gzFile gz;
	const uint8_t *mem;
	size_t memlen, mempos;
	uint8_t peek[4];
	size_t npeek, peekpos;
};

static ssize_t src_read(struct capture_stream *cs, char *buf, size_t size)
{
	int n;

	if (cs->mem) {
		size_t left = cs->memlen - cs->mempos;

		if (size > left)
			size = left;
		memcpy(buf, cs->mem + cs->mempos, size);
		cs->mempos += size;
		return (ssize_t)size;
	}
	n = gzread(cs->gz, buf, size > INT_MAX ? INT_MAX : (unsigned)size);
	if (n < 0) {
		errno = EIO;
		return -1;
	}
	return n;
}

static ssize_t cs_read(void *cookie, char *buf, size_t size)
{
	struct capture_stream *cs = cookie;
	size_t n = 0;

	if (cs->peekpos < cs->npeek) {
		n = cs->npeek - cs->peekpos;
		if (n > size)
			n = size;
		memcpy(buf, cs->peek + cs->peekpos, n);
		cs->peekpos += n;
		if (n == size)
			return (ssize_t)n;
	}
	ssize_t r = src_read(cs, buf + n, size - n);

	if (r < 0)
		return n ? (ssize_t)n : -1;
	return (ssize_t)n + r;
}

static int cs_close(void *cookie)
{
	struct capture_stream *cs = cookie;

	if (cs->gz)
		gzclose(cs->gz);
	free(cs);
	return 0;
}

static void say(struct capture *c, const char *fmt, const char *what)
{
	snprintf(c->err, sizeof(c->err), fmt, c->name, what);
}

/* Open the stream from the current offset and read the file header. */
static int start(struct capture *c)
{
	static const cookie_io_functions_t io = {
		.read = cs_read, .close = cs_close,
	};
	char errbuf[PCAP_ERRBUF_SIZE];
	struct capture_stream *cs = calloc(1, sizeof(*cs));
	FILE *fp;
	ssize_t n;

	if (!cs)
		goto nomem;
	if (c->mem) {
		cs->mem = c->mem;
		cs->memlen = c->memlen;
	} else {
		int fd = fcntl(c->fd, F_DUPFD_CLOEXEC, 0);

		if (fd < 0 || !(cs->gz = gzdopen(fd, "rb"))) {
			if (fd >= 0)
				close(fd);
			free(cs);
			goto nomem;
		}
		gzbuffer(cs->gz, 1u << 17);
	}
	while (cs->npeek < sizeof(cs->peek)) {
		n = src_read(cs, (char *)cs->peek + cs->npeek,
			     sizeof(cs->peek) - cs->npeek);
		if (n <= 0)
			break;	/* libpcap says "truncated" */
		cs->npeek += (size_t)n;
	}
	c->pcapng = cs->npeek == 4 &&
		    ((uint32_t)cs->peek[0] << 24 | (uint32_t)cs->peek[1] << 16 |
		     (uint32_t)cs->peek[2] << 8 | cs->peek[3]) == PCAPNG_MAGIC;
	fp = fopencookie(cs, "r", io);
	if (!fp) {
		cs_close(cs);
		goto nomem;
	}
	c->pcap = pcap_fopen_offline_with_tstamp_precision(fp,
		PCAP_TSTAMP_PRECISION_NANO, errbuf);
	if (!c->pcap) {
		fclose(fp);
		say(c, "%s: %s", errbuf);
		return -EINVAL;
	}
	c->dlt = pcap_datalink(c->pcap);
	c->recno = 0;
	return 0;
nomem:
	say(c, "%s: cannot set up reading: %s", strerror(ENOMEM));
	return -ENOMEM;
}

int capture_open(struct capture *c, const char *path)
{
	struct stat st;
	int fd, err;

	memset(c, 0, sizeof(*c));
	c->name = path;
	c->fd = -1;
	/* Standard input is read through our own descriptor, so that
	 * closing the capture leaves fd 0 alone. */
	fd = strcmp(path, "-") ? open(path, O_RDONLY | O_CLOEXEC) :
	     fcntl(0, F_DUPFD_CLOEXEC, 0);
	if (fd < 0) {
		err = errno;
		say(c, "%s: cannot open it: %s", strerror(err));
		return -err;
	}
	if (fstat(fd, &st)) {
		err = errno;
		close(fd);
		say(c, "%s: cannot stat it: %s", strerror(err));
		return -err;
	}
	if (S_ISDIR(st.st_mode)) {
		close(fd);
		say(c, "%s: %s, not a capture file", "is a directory");
		return -EISDIR;
	}
	c->fd = fd;
	c->seekable = S_ISREG(st.st_mode);
	err = start(c);
	if (err) {
		close(fd);
		c->fd = -1;
	}
	return err;
}

int capture_open_mem(struct capture *c, const uint8_t *data, size_t len,
		     const char *name)
{
	memset(c, 0, sizeof(*c));
	c->name = name;
	c->fd = -1;
	c->mem = data;
	c->memlen = len;
	c->seekable = true;
	return start(c);
}

int capture_rewind(struct capture *c)
{
	if (!c->seekable)
		return -ESPIPE;
	if (c->pcap)
		pcap_close(c->pcap);
	c->pcap = NULL;
	if (!c->mem && lseek(c->fd, 0, SEEK_SET) < 0) {
		int err = errno;

		say(c, "%s: cannot read it again: %s", strerror(err));
		return -err;
	}
	return start(c);
}

void capture_close(struct capture *c)
{
	if (c->pcap)
		pcap_close(c->pcap);
	c->pcap = NULL;
	if (c->fd >= 0)
		close(c->fd);
	c->fd = -1;
}

/*
 * Nanoseconds since 1970.  The classic pcap header stores seconds as an
 * unsigned 32-bit number (good until 2106) that libpcap reads as signed,
 * so that a time after January 2038 would come out before 1970; pcapng
 * has 64 bits.  Out of the int64 range (year 2262): saturated.
 */
static int64_t ts_ns(const struct capture *c, const struct pcap_pkthdr *h)
{
	int64_t sec = c->pcapng ? (int64_t)h->ts.tv_sec :
		      (int64_t)(uint32_t)h->ts.tv_sec;
	int64_t ns;

	if (__builtin_mul_overflow(sec, (int64_t)1000000000, &ns))
		return sec < 0 ? INT64_MIN : INT64_MAX;
	/* Opened with nanosecond precision: tv_usec holds ns. */
	if (__builtin_add_overflow(ns, (int64_t)h->ts.tv_usec, &ns))
		return h->ts.tv_usec < 0 ? INT64_MIN : INT64_MAX;
	return ns;
}

int capture_next(struct capture *c, struct capture_rec *r)
{
	struct pcap_pkthdr *h;
	const u_char *d;
	int rc;

	if (!c->pcap)
		return 0;
	rc = pcap_next_ex(c->pcap, &h, &d);
	if (rc == 1) {
		c->recno++;
		r->data = d;
		r->caplen = h->caplen;
		r->len = h->len;
		r->ts_ns = ts_ns(c, h);
		r->recno = c->recno;
		return 1;
	}
	if (rc == 0 || rc == PCAP_ERROR_BREAK)
		return 0;
	snprintf(c->err, sizeof(c->err), "%s", pcap_geterr(c->pcap));
	return -EIO;
}

bool capture_dlt_is_l3(int dlt)
{
	return dlt == DLT_LINUX_SLL || dlt == DLT_LINUX_SLL2 ||
	       dlt == DLT_RAW || dlt == DLT_IPV4 || dlt == DLT_IPV6;
}

bool capture_dlt_supported(int dlt)
{
	return dlt == DLT_EN10MB || capture_dlt_is_l3(dlt);
}

static uint16_t get16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

/* The IPv4/IPv6 header an ethertype announces fits in len bytes at p. */
static bool l3_fits(uint16_t proto, const uint8_t *p, size_t len)
{
	if (proto == 0x0800)
		return len >= 20 && (p[0] & 15) >= 5 &&
		       (size_t)(p[0] & 15) * 4 <= len;
	if (proto == 0x86dd)
		return len >= 40;
	return true;
}

bool capture_split(int dlt, const uint8_t *d, size_t caplen,
		   struct capture_l3 *s)
{
	size_t hl, off;
	uint16_t inner;

	memset(s, 0, sizeof(*s));
	switch (dlt) {
	case DLT_EN10MB:
		if (caplen < ETH_HLEN)
			return false;
		s->proto = get16(d + 12);
		hl = ETH_HLEN;
		/* The network header behind 802.1Q/802.1ad tags. */
		inner = s->proto;
		off = ETH_HLEN;
		for (int tags = 0; tags < 2 && (inner == 0x8100 ||
			inner == 0x88a8 || inner == 0x9100); tags++) {
			if (caplen < off + 4)
				return false;
			inner = get16(d + off + 2);
			off += 4;
		}
		if (!l3_fits(inner, d + off, caplen - off))
			return false;
		break;
	case DLT_LINUX_SLL:
		if (caplen < 16)
			return false;
		s->proto = get16(d + 14);
		hl = 16;
		break;
	case DLT_LINUX_SLL2:
		if (caplen < 20)
			return false;
		s->proto = get16(d);
		hl = 20;
		break;
	default:	/* raw IPv4/IPv6 */
		if (caplen < 1)
			return false;
		s->proto = d[0] >> 4 == 6 ? 0x86dd : d[0] >> 4 == 4 ? 0x0800 :
			   0;
		hl = 0;
		break;
	}
	s->l3 = d + hl;
	s->l3len = caplen - hl;
	return dlt == DLT_EN10MB || l3_fits(s->proto, s->l3, s->l3len);
}
