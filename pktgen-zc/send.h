/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * send: the 'send' command.  Checks the configuration against the
 * interface (link state, MTU, addresses), resolves what the command line
 * left out (source MAC and address, next-hop MAC), sets up the pool, the
 * socket and zerocopy, and runs the engine with built frames.  Returns
 * the exit status: 0, 1 (run time) or 2 (usage).
 */
#ifndef PZC_SEND_H
#define PZC_SEND_H

#include "cli.h"
#include "iface.h"
#include "pool.h"
#include "stats.h"
#include "tx.h"
#include "worker.h"

#define EXIT_RUNTIME 1
#define EXIT_USAGE 2

int send_run(struct config *c, volatile int *stop);

/* Without --pool-size, replay's pool grows to this as it preloads. */
#define REPLAY_BUDGET_MAX (1ull << 30)
uint64_t replay_budget_bytes(void);

/* Shared with replay: look the device up and check it can send.
 * Returns 0 or an exit status after printing why. */
int send_check_dev(const struct config *c, struct iface_info *ifi);
/* What one run sends with: the pinned pool, the socket, the engine. */
struct rig {
	struct pool pool;
	struct tx tx;
	struct path path;
	struct engine e;
};

/*
 * Shared with replay: open the socket, choose the path (--path, or
 * automatically) and turn zerocopy on for it, map the pool (slots of
 * slot_size bytes, at least min_slots) or the TX ring, apply
 * --cpu/--priority (one worker only: workers pin themselves), and set
 * up the engine; fills the path, pool and
 * zerocopy parts of info.  Returns 0, or an exit status after saying why.
 */
int rig_open(struct rig *r, const struct config *c, const struct tx_params *tp,
	     struct run_info *info, uint32_t slot_size, uint32_t min_slots,
	     volatile int *stop);
void rig_close(struct rig *r);
/* After set-up: drop the capabilities the run no longer needs (priv.h).
 * 0, or an exit status after saying why. */
int send_drop_privs(const struct config *c, const struct run_info *info);
/* --priority for the calling thread and those it starts later. */
void send_priority(const struct config *c);
/* Pin the calling thread to cpu (-1: leave it). */
void send_affinity(int cpu);

#endif
