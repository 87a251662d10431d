/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * check: what a receiver verifies in a frame pktgen-zc sent: headers it
 * can parse, the UDP checksum, the stamp (stream, sequence, time) and
 * the payload pattern after it.  Used by 'recv' (and so the demo) and by
 * the test tools; reads frames, never writes them.
 */
#ifndef PZC_CHECK_H
#define PZC_CHECK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "frame.h"

struct check_result {
	bool udp;		/* an IPv4/IPv6 UDP datagram was found */
	int family;
	int vlan_id;		/* -1: untagged */
	uint16_t sport, dport;
	const uint8_t *src, *dst;	/* addresses, in the frame (4 or 16) */
	bool csum_ok;		/* UDP checksum verifies (or is absent) */
	bool ip_csum_ok;	/* IPv4 header checksum (true for IPv6) */
	const uint8_t *payload;
	uint32_t payload_len;
	bool has_stamp;
	struct frame_stamp stamp;
	bool pattern_ok;	/* payload after the stamp is the inc pattern */
};

/* Parse an Ethernet frame.  Returns true if it is UDP over IP. */
bool check_frame(const uint8_t *f, size_t len, struct check_result *r);
/* Parse an IPv4/IPv6 packet (no link header). */
bool check_l3(const uint8_t *p, size_t len, struct check_result *r);

#endif
