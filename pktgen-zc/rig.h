/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * rig: what send and replay share to set a run up: the device check, the
 * pinned pool (or the TX ring), the socket and its path, zerocopy, CPU
 * and priority, and dropping privileges once set up.  Each function
 * returns 0 or an exit status after saying why, once.
 */
#ifndef PZC_RIG_H
#define PZC_RIG_H

#include "config.h"
#include "iface.h"
#include "path.h"
#include "pool.h"
#include "stats.h"
#include "tx.h"
#include "worker.h"

#define EXIT_RUNTIME 1
#define EXIT_USAGE 2

/* Without --pool-size, replay's pool grows to this as it preloads. */
#define REPLAY_BUDGET_MAX (1ull << 30)
uint64_t replay_budget_bytes(void);

/* look the device up and check it can send.
 * Returns 0 or an exit status after printing why. */
int rig_check_dev(const struct config *c, struct iface_info *ifi);
/* What one run sends with: the pinned pool, the socket, the engine. */
struct rig {
	struct pool pool;
	struct tx tx;
	struct path path;
	struct engine e;
};

/*
 * open the socket, choose the path (--path, or
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
int rig_drop_privs(const struct config *c, const struct run_info *info);
/* --priority for the calling thread and those it starts later. */
void rig_priority(const struct config *c);
/* Pin the calling thread to cpu (-1: leave it). */
void rig_affinity(int cpu);

#endif
