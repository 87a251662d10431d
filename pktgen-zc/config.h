/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * config: what a run was asked to do, as the command line (cli.c) fills
 * it in.  Types only, plus their names; no parsing here.
 */
#ifndef PZC_CONFIG_H
#define PZC_CONFIG_H

#include <net/if.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "flow.h"

enum pzc_cmd { CMD_SEND, CMD_REPLAY, CMD_PROBE, CMD_DEMO, CMD_RECV };
enum tx_mode { MODE_PACKET, MODE_PACKET_DGRAM, MODE_RAW, MODE_UDP };
enum zc_want { ZC_AUTO, ZC_ON, ZC_OFF };
/* How frames leave (path.h); AUTO chooses by mode, size and kernel. */
enum tx_path { PATH_AUTO, PATH_RING, PATH_COPY, PATH_ZEROCOPY };
#define PATH_MAX_BATCH 1024	/* frames a system call, at most */
enum payload_kind { PAY_ZEROS, PAY_INC, PAY_RANDOM, PAY_STAMP };

#define CLI_MAX_FILES 64
#define CLI_MAX_CPUS 64

struct ip_map {
	int family;
	uint8_t from[16];
	uint8_t to[16];
	int prefix;		/* bits of from/to that are mapped */
};

struct config {
	enum pzc_cmd cmd;
	char dev[IF_NAMESIZE];
	enum tx_mode mode;
	bool mode_set;
	enum zc_want zerocopy;

	uint8_t src_mac[6], dst_mac[6];
	bool have_src_mac, have_dst_mac;
	int vlan_id;		/* -1: none */
	int vlan_prio;
	int family;		/* 0 until an address fixes it */
	struct ip_range src_ip, dst_ip;
	bool have_src_ip, have_dst_ip;
	const char *src_ip_arg, *dst_ip_arg;	/* as typed */
	struct u32_range sport, dport;
	bool sport_set, dport_set;	/* given (recv filters on them) */
	int tos, ttl;
	uint16_t ip_id;
	bool df;

	struct u32_range size;	/* L2 frame bytes without FCS; 0: default */
	struct size_mix mix;	/* --size as a weighted list; size spans it */
	uint64_t nflows;	/* --flows N; 0: every frame its own pick */
	bool size_is_payload;	/* --payload-size given instead of --size */
	enum payload_kind payload;
	uint64_t seed;

	uint64_t count;		/* 0: unlimited */
	double duration;	/* seconds; 0: unlimited */
	double rate_pps;	/* 0: as fast as possible */
	double rate_bps;	/* bits per second; 0: not a bit rate */
	bool rate_l1;		/* rate_bps counts the wire (+24 B a frame) */
	bool rate_layer_set;	/* --rate-layer given */
	uint32_t burst;

	double start_at;	/* --start-at, Unix seconds; 0: at once */
	bool json, quiet;
	int verbose;		/* -v: 1 info on set-up, 2 debug */
	double interval;
	const char *write_pcap;
	bool dry_run;
	int cpu;		/* -1: no pinning */
	uint32_t threads;	/* workers, one per CPU (default 1) */
	int cpus[CLI_MAX_CPUS];	/* --cpus: worker i on cpus[i] */
	uint32_t ncpus;
	int priority;		/* SCHED_FIFO priority; 0: normal */
	bool qdisc_bypass;	/* packet modes: PACKET_QDISC_BYPASS */
	bool no_qdisc_bypass;	/* the ring path: keep the qdisc */
	enum tx_path path;
	uint32_t batch;		/* frames per system call; 0: default */

	/* zerocopy engine */
	uint64_t pool_bytes;
	bool pool_bytes_set;	/* --pool-size given */
	bool hugepages;
	uint32_t gso;		/* UDP_SEGMENT size; 0: off */
	uint32_t zc_batch;	/* sends between errqueue drains */
	double drain_timeout;
	bool test_reuse_early;	/* test-only: write a slot while in flight */

	/* replay */
	const char *files[CLI_MAX_FILES];
	int nfiles;
	double speed;		/* 0: capture timing off */
	double max_gap;		/* seconds: the longest wait; 0: no cap */
	bool topspeed;
	uint64_t loop;		/* 1: once; 0: forever */
	bool pad;
	bool l2_synth;		/* give L3 captures an Ethernet header */
	struct ip_map maps[8];
	int nmaps;
	int rw_sport, rw_dport;	/* -1: keep */
	bool rewrite_mac;
	bool strict;		/* a record the kernel refuses ends the run */

	/* the stamp's run id (send writes it, recv selects by it) */
	uint32_t run_id;
	bool run_id_set;	/* --run-id given; else send derives one */
	/* recv */
	double idle;		/* end this long after the last frame; 0: off */
	uint64_t ring_bytes;	/* PACKET_RX_RING size */
	bool remote_clock;	/* the sender's clock is another host's */
};

const char *tx_mode_name(enum tx_mode m);
const char *tx_path_name(enum tx_path p);
const char *cmd_name(enum pzc_cmd c);

#endif
