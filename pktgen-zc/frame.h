/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * frame: Ethernet, 802.1Q, IPv4, IPv6 and UDP header builders and the
 * Internet checksum.  Pure functions over caller-owned memory: this module
 * never allocates, never does I/O and never keeps state between calls, so
 * the unit tests can check every byte it writes.
 */
#ifndef PZC_FRAME_H
#define PZC_FRAME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define FRAME_ETH_HLEN 14
#define FRAME_VLAN_HLEN 4
#define FRAME_IP4_HLEN 20
#define FRAME_IP6_HLEN 40
#define FRAME_UDP_HLEN 8
#define FRAME_MIN_LEN 60	/* without the 4-byte FCS the NIC appends */
#define FRAME_FCS_LEN 4
#define FRAME_L1_OVERHEAD 24	/* FCS + preamble/SFD (8) + inter-frame gap (12) */

/* Payload stamp a receiver can check: sequence number and send time. */
#define FRAME_STAMP_MAGIC 0x505a4331u	/* "PZC1" */
#define FRAME_STAMP_LEN 24	/* magic, stream, seq, time */
#define FRAME_STAMP_SHORT 16	/* without the time, in short payloads */

/* What stays the same for every frame of a run. */
struct frame_spec {
	uint8_t src_mac[6];
	uint8_t dst_mac[6];
	int vlan_id;		/* -1: untagged */
	uint8_t vlan_prio;
	int family;		/* AF_INET or AF_INET6 */
	uint8_t tos;		/* IPv4 TOS / IPv6 traffic class */
	uint8_t ttl;		/* IPv4 TTL / IPv6 hop limit */
	bool df;
};

/* What may change from one frame to the next. */
struct frame_vars {
	uint8_t src_ip[16];	/* IPv4 uses the first 4 bytes */
	uint8_t dst_ip[16];
	uint16_t sport;
	uint16_t dport;
	uint16_t ip_id;
	uint32_t len;		/* whole L2 frame, without FCS */
};

/* Checksum primitives (RFC 1071): a 32-bit running sum of big-endian
 * 16-bit words; an odd trailing byte counts as the high byte of a word. */
uint32_t frame_csum_add(uint32_t sum, const void *data, size_t len);
uint16_t frame_csum_fold(uint32_t sum);
uint32_t frame_csum_pseudo(int family, const uint8_t *src, const uint8_t *dst,
			   uint8_t proto, uint32_t len);

size_t frame_l2_len(const struct frame_spec *s);
size_t frame_l3_hlen(const struct frame_spec *s);
/* Bytes of L2 + L3 + UDP headers, i.e. the payload offset in a frame. */
size_t frame_hdr_len(const struct frame_spec *s);

/*
 * Write all headers of one frame at buf.  The payload (frame_hdr_len()
 * onwards, up to v->len) must already be in place, or its checksum sum must
 * be given in payload_sum (the frame_csum_add() of exactly those bytes);
 * pass FRAME_SUM_READ to have the payload read.
 */
#define FRAME_SUM_READ UINT64_MAX
void frame_write(const struct frame_spec *s, const struct frame_vars *v,
		 uint8_t *buf, uint64_t payload_sum);

/*
 * --gso in packet modes: the headers of one UDP super-frame of v->len
 * bytes as the kernel's UDP GSO takes them: IPv4 total length, IPv6
 * payload length and UDP length of the whole, the UDP checksum field
 * holding the pseudo-header sum only (CHECKSUM_PARTIAL).  Reads no
 * payload.
 */
void frame_write_gso(const struct frame_spec *s, const struct frame_vars *v,
		     uint8_t *buf);
/*
 * Segment k (from 0) of the super-frame whose IP packet is at l3, cut at
 * seg payload bytes as the kernel cuts it: the link header from s, IPv4
 * id + k and its own lengths and checksums.  Writes at most
 * frame_hdr_len(s) + seg bytes at out; returns the frame's length, 0
 * past the last segment.
 */
uint32_t frame_gso_segment(const struct frame_spec *s, const uint8_t *l3,
			   uint32_t seg, uint32_t k, uint8_t *out);

/* The stamp at the start of a payload. */
struct frame_stamp {
	uint32_t magic;
	uint32_t stream;
	uint64_t seq;
	uint64_t ts_ns;
};
void frame_stamp_write(uint8_t *p, uint32_t stream, uint64_t seq,
		       uint64_t ts_ns);
/* Reads a stamp from the first len payload bytes: the full one when len
 * is at least FRAME_STAMP_LEN, the short one (ts_ns 0) from 16. */
bool frame_stamp_read(const uint8_t *p, size_t len, struct frame_stamp *st);

/* The incrementing pattern: byte i of the payload is (i & 0xff). */
void frame_pattern_inc(uint8_t *p, size_t off, size_t len);

#endif
