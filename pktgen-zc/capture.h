/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * capture: reading pcap and pcapng captures for replay.  Owns the input
 * (a path, "-" for stdin, gzip or plain, a pipe or a FIFO as well as a
 * file), reads it once from the start to the end through libpcap, turns
 * record times into nanoseconds with checked arithmetic, and says where
 * a record's L3 packet starts and whether the record is too short for
 * its link and network headers.  It never writes a record, never decides
 * what is sent and never prints: errors go back as -errno with the text
 * in err.
 */
#ifndef PZC_CAPTURE_H
#define PZC_CAPTURE_H

#include <pcap/pcap.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifndef DLT_LINUX_SLL2
#define DLT_LINUX_SLL2 276
#endif
#ifndef DLT_IPV4
#define DLT_IPV4 228
#endif
#ifndef DLT_IPV6
#define DLT_IPV6 229
#endif

struct capture_stream;

struct capture {
	const char *name;	/* as given ("-": stdin), for messages */
	int fd;			/* ours, kept to rewind; -1: from memory */
	bool seekable;		/* a regular file: capture_rewind() works */
	bool pcapng;
	pcap_t *pcap;
	struct capture_stream *cs;	/* what libpcap reads (freed by it) */
	const uint8_t *mem;	/* capture_open_mem() */
	size_t memlen;
	int dlt;
	uint64_t recno;		/* records read in this pass, from 1 */
	char err[PCAP_ERRBUF_SIZE + 128];
};

/* One record as read; data is valid until the next capture_next(). */
struct capture_rec {
	const uint8_t *data;
	uint32_t caplen, len;
	int64_t ts_ns;		/* since 1970, saturated to the int64 range */
	uint64_t recno;		/* in its file, from 1 */
};

/* Open path ("-": standard input) and read its file header.  Returns 0,
 * or -errno with c->err saying what went wrong (naming the file once). */
int capture_open(struct capture *c, const char *path);
/* The same over len bytes at data (kept, not copied): the fuzz targets. */
int capture_open_mem(struct capture *c, const uint8_t *data, size_t len,
		     const char *name);
/* Back to the first record for another pass: -ESPIPE for a pipe. */
int capture_rewind(struct capture *c);
/* 1 and a record, 0 at the end, -EIO with c->err on a bad record. */
int capture_next(struct capture *c, struct capture_rec *r);
void capture_close(struct capture *c);

bool capture_dlt_supported(int dlt);
bool capture_dlt_is_l3(int dlt);

/* Where a record's L3 packet is. */
struct capture_l3 {
	const uint8_t *l3;	/* network layer */
	size_t l3len;		/* its captured bytes */
	uint16_t proto;		/* ethertype (the outer one, if tagged) */
};

/* Split caplen bytes of link type dlt.  false when the record is too
 * short for its link header, or for the IPv4/IPv6 header its link layer
 * announces (behind up to two VLAN tags on Ethernet). */
bool capture_split(int dlt, const uint8_t *d, size_t caplen,
		   struct capture_l3 *s);

#endif
