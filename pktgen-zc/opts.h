/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * opts: the one table of commands and options.  Each option says which
 * commands take it, its argument, its default and its help; cli.c parses
 * with it, --help is printed from it, and a test holds the man page to
 * it.  An option that a command does not take is refused, not ignored.
 */
#ifndef PZC_OPTS_H
#define PZC_OPTS_H

#include <stdio.h>

#include "config.h"

#define CMDF(c) (1u << (c))
#define CMDF_SEND CMDF(CMD_SEND)
#define CMDF_REPLAY CMDF(CMD_REPLAY)
#define CMDF_PROBE CMDF(CMD_PROBE)
#define CMDF_DEMO CMDF(CMD_DEMO)
#define CMDF_RECV CMDF(CMD_RECV)
#define CMDF_TX (CMDF_SEND | CMDF_REPLAY)
#define CMDF_ALL (CMDF_TX | CMDF_PROBE | CMDF_DEMO | CMDF_RECV)

enum opt_id {
	OPT_DEV, OPT_MODE, OPT_PATH, OPT_ZEROCOPY, OPT_BATCH, OPT_QBYPASS,
	OPT_NO_QBYPASS,
	OPT_SRC_MAC, OPT_DST_MAC, OPT_VLAN, OPT_VLAN_PRIO, OPT_SRC_IP,
	OPT_DST_IP, OPT_TOS, OPT_TTL, OPT_IP_ID, OPT_DF, OPT_SPORT, OPT_DPORT,
	OPT_RANDOM, OPT_SEED,
	OPT_SIZE, OPT_FLOWS, OPT_PAYLOAD_SIZE, OPT_PAYLOAD,
	OPT_COUNT, OPT_DURATION, OPT_RATE, OPT_RATE_LAYER, OPT_BURST,
	OPT_CPU, OPT_THREADS, OPT_CPUS, OPT_START_AT, OPT_PRIORITY,
	OPT_POOL, OPT_HUGE, OPT_GSO, OPT_ZC_BATCH, OPT_DRAIN,
	OPT_SPEED, OPT_MAX_GAP, OPT_TOPSPEED, OPT_LOOP, OPT_PAD, OPT_L2,
	OPT_RW_MAC, OPT_STRICT, OPT_MAP_IP, OPT_MAP_SPORT, OPT_MAP_DPORT,
	OPT_WRITE_PCAP, OPT_DRY_RUN, OPT_JSON, OPT_INTERVAL, OPT_QUIET,
	OPT_RUN_ID, OPT_IDLE, OPT_RING_SIZE, OPT_REMOTE_CLOCK,
	OPT_VERBOSE, OPT_HELP, OPT_VERSION, OPT_TEST_REUSE,
	OPT_COUNT_IDS
};

enum opt_kind { OK_FLAG, OK_UINT, OK_CHOICE, OK_TIME, OK_FUNC };

struct opt_def {
	enum opt_id id;
	const char *name;	/* NULL: a heading, help is its title */
	char shrt;		/* short option, or 0 */
	unsigned int cmds;	/* CMDF_* of the commands that take it */
	const char *arg;	/* argument in the help; NULL: a flag */
	const char *def;	/* the default, as the help shows it */
	const char *help;	/* NULL: undocumented (test-only) */
	/* For the commands of alt_cmds, what the option means there. */
	unsigned int alt_cmds;
	const char *alt_def, *alt_help;
	enum opt_kind kind;
	size_t off, size;	/* the config field (FLAG, UINT, CHOICE, TIME) */
	uint64_t umin, umax;	/* UINT bounds */
	double tmin, tmax;	/* TIME bounds, seconds */
	const char *choices;	/* CHOICE: "a|b|c", stored as the index */
	/* FUNC: 0, or -EINVAL/-ERANGE with *why saying what was expected */
	int (*fn)(struct config *c, const char *arg, const char **why);
};

struct cmd_def {
	enum pzc_cmd cmd;
	const char *name;
	const char *synopsis;	/* after "pktgen-zc NAME" */
	const char *summary;
};

/* Two options that exclude each other, or one that needs another. */
struct opt_rule {
	enum opt_id a, b;
	bool needs;		/* a needs b; else a and b exclude each other */
	const char *why;
};

extern const struct opt_def opt_table[];
extern const size_t opt_table_len;
extern const struct cmd_def cmd_table[];
extern const size_t cmd_table_len;
extern const struct opt_rule opt_rules[];
extern const size_t opt_rules_len;

const struct opt_def *opt_get(enum opt_id id);
/* The commands that take an option, "send and replay". */
const char *opt_cmds(const struct opt_def *o, char *buf, size_t len);
/* pktgen-zc CMD --help, from the table. */
void opt_help(FILE *out, enum pzc_cmd cmd);
/* pktgen-zc --help: the commands. */
void opt_help_all(FILE *out);
/* Apply one value; 0 or -EINVAL after telling the person. */
int opt_apply(const struct opt_def *o, struct config *c, const char *arg);

#endif
