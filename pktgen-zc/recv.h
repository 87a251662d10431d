/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * recv: the receiving end of a run.  Reads frames from a PACKET_RX_RING
 * (TPACKET_V3) on one interface, keeps those of one run (addresses and
 * ports as filtered, the stamp's run id), and counts per flow and in all:
 * received, lost, duplicated, reordered and how far, bad checksums, bad
 * payload, latency from the stamp's send time to the kernel's receive
 * time, and apart from those the socket's own drops (PACKET_STATISTICS).
 * The frame loop never allocates and never makes a system call: the ring
 * is walked a block at a time, flows live in a fixed hash table.  Never
 * sends anything.
 */
#ifndef PZC_RECV_H
#define PZC_RECV_H

#include <stdbool.h>
#include <stdint.h>

#include "cli.h"

#define RECV_HBUCKETS 608	/* latency histogram, see recv_lat_bucket() */
#define RECV_WINDOW (1u << 22)	/* duplicates told within this many */
#define RECV_MAX_FLOWS 1024	/* flows with counters of their own */

/* What is counted for a flow and for the run. */
struct recv_counts {
	uint64_t frames;	/* every frame of the run (dups too) */
	uint64_t bytes;		/* L2, without FCS */
	uint64_t unique;	/* distinct sequence numbers */
	uint64_t hi;		/* highest sequence number seen + 1 */
	uint64_t dups;
	uint64_t reordered;	/* arrived after a higher sequence number */
	uint64_t disp_sum, disp_max;	/* by how many numbers */
	uint64_t stale;		/* older than the duplicate window */
	uint64_t bad_ip_csum, bad_udp_csum, udp_csum_unverified;
	uint64_t bad_payload;
	uint64_t lat_n, lat_neg;	/* samples, negative ones */
	int64_t lat_min, lat_max;
	int64_t lat_sum;
};

struct recv_flow {
	int family;
	uint8_t src[16], dst[16];
	uint16_t sport, dport;
	struct recv_counts c;
	/* Losses per flow: the stamp numbers the run's frames, not the
	 * flow's; a flow that gets every g-th number (--flows N: g = N) is
	 * told apart by first % g (see recv_flow_lost()). */
	uint64_t first, stride;
	uint32_t hist[RECV_HBUCKETS];
};

struct recv {
	const struct config *cfg;
	int fd;
	uint8_t *ring;
	size_t ring_len;
	uint32_t block_size, nblocks, cur;

	uint32_t run_id;
	bool run_known;		/* given, or the first frame's */
	struct recv_counts tot;
	uint64_t hist[RECV_HBUCKETS];
	uint64_t *seen;		/* duplicate window, RECV_WINDOW bits */
	struct recv_flow *flows;
	uint32_t nflows;
	uint32_t *slots;	/* hash table: flow index + 1, 0 empty */
	uint64_t flows_untracked;	/* frames of flows past the limit */

	uint64_t ring_frames;	/* everything the ring delivered */
	uint64_t filtered;	/* UDP, but other addresses or ports */
	uint64_t not_udp;	/* not UDP over IP, or cut short */
	uint64_t unstamped;	/* no stamp in the payload */
	uint64_t other_run;	/* stamped by another run */
	uint64_t k_packets, k_drops, k_freeze;	/* PACKET_STATISTICS */
	uint64_t last_frame_ns;	/* CLOCK_MONOTONIC of the last frame */
	uint64_t blocks;	/* ring blocks read */
};

/* The counters and tables alone, no socket (recv_open() calls it; the
 * unit tests feed recv_frame() from there).  0 or -ENOMEM. */
int recv_init(struct recv *r, const struct config *cfg);
/* One frame as the ring gives it: caplen bytes of a len-byte frame,
 * tpacket status bits, receive time in ns (CLOCK_REALTIME).  Returns 1
 * if it is the run's. */
int recv_frame(struct recv *r, const uint8_t *f, uint32_t caplen,
	       uint32_t len, uint32_t status, uint64_t rx_ns);
/* Latency histogram: the bucket of v ns, the middle of bucket i. */
uint32_t recv_lat_bucket(uint64_t v);
double recv_lat_value(uint32_t i);
/* Open the ring on cfg->dev in the calling thread's namespace.  0, or
 * -errno with why filled. */
int recv_open(struct recv *r, const struct config *cfg, char *why,
	      size_t len);
/* Start counting a new run (run_id: that run's; any: the first seen). */
void recv_reset(struct recv *r, uint32_t run_id, bool any);
/* Read what the ring holds, waiting up to timeout_ms for a block.
 * Returns frames of the run read, or -errno. */
int recv_poll(struct recv *r, int timeout_ms);
/* Fold the kernel's counters in (the call resets them). */
void recv_kernel_stats(struct recv *r);
/* Frames of the run lost: (highest seen + 1, or expect if larger) minus
 * the distinct ones received. */
uint64_t recv_lost(const struct recv_counts *c, uint64_t expect);
void recv_close(struct recv *r);

/* The command: options in cfg, until its end condition or *stop. */
int recv_run(const struct config *cfg, volatile int *stop);

#endif
