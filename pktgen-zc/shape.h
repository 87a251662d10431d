/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * shape: one capture record into the frame a replay mode sends.  Decides
 * whether the record can go out in the mode on the device (and if not,
 * why), writes the Ethernet frame into the caller's slot (the captured
 * one, or ours in front of the L3 packet) and applies the rewrites.  A
 * pure function: it reads no more than the record's captured bytes,
 * writes no more than slot_size, and never allocates, does I/O or
 * touches the engine (replay.c turns the result into a send).
 */
#ifndef PZC_SHAPE_H
#define PZC_SHAPE_H

#include <stdbool.h>
#include <stdint.h>

#include "capture.h"
#include "config.h"
#include "rewrite.h"

/* Why a record was not sent. */
enum skip_reason {
	SKIP_TRUNCATED,		/* caplen < len, without --pad */
	SKIP_MTU,		/* larger than the device takes */
	SKIP_SHORT,		/* too short for its link or IP header */
	SKIP_NOT_IP,		/* raw mode or --l2: not IPv4/IPv6 */
	SKIP_FAMILY,		/* raw mode: the other address family */
	SKIP_REFUSED,		/* the kernel refused it (the engine says) */
	SKIP_NREASONS,
};

/* What every record of a run is shaped by. */
struct shaper {
	enum tx_mode mode;	/* packet, packet-dgram or raw */
	int raw_family;		/* raw mode: the socket's family */
	uint32_t mtu;
	uint8_t src_mac[6], dst_mac[6];
	bool pad;		/* --pad: send truncated records padded */
	bool rewrite_mac;
	struct rw_rules rw;
};

/* The frame written: slot bytes [0, flen), of which [off, flen) go to
 * the kernel. */
struct shaped {
	uint32_t off, flen;
	uint16_t l2_proto;	/* ethertype, for the dgram/raw socket */
	uint8_t dst_ip[16];	/* raw mode: the destination */
};

/* Returns a skip reason, or -1 when the record is to be sent. */
int shape_record(const struct shaper *sh, int dlt, const struct capture_rec *r,
		 uint8_t *slot, uint32_t slot_size, struct shaped *it);

#endif
