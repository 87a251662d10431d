/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * priv: the process's privileges after set-up.  Decides which
 * capabilities a run still needs once its sockets are open, its pool
 * locked, its priority set and its files open, and drops all the others
 * from the calling thread: effective, permitted, inheritable and ambient
 * sets, the bounding set where CAP_SETPCAP allows it, and sets
 * no_new_privs so that nothing executed later can regain them.
 * Capabilities belong to threads: call it in the thread that will create
 * the workers, before creating them (they inherit the reduced sets);
 * anything that needs a privilege (a socket, a bind below 1024, SCHED_FIFO
 * through pthread attributes, mlock beyond RLIMIT_MEMLOCK) must happen
 * before.  Never opens, binds or locks anything itself, and never changes
 * the user id.
 */
#ifndef PZC_PRIV_H
#define PZC_PRIV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "config.h"

#define PRIV_CAP(n) (1ull << (n))

/*
 * What a run configured as c keeps while it sends (a mask of PRIV_CAP()
 * bits):
 * - CAP_IPC_LOCK while MSG_ZEROCOPY is in effect and RLIMIT_MEMLOCK is
 *   finite: the kernel charges the pages of every zerocopy send in flight
 *   against that limit at send time (mm_account_pinned_pages) unless the
 *   sender has CAP_IPC_LOCK; without it sends fail with ENOBUFS as soon as
 *   the pool plus the frames in flight pass the limit;
 * - replay: CAP_DAC_READ_SEARCH, because it opens its capture files again
 *   for every pass, and without --pool-size CAP_IPC_LOCK (memlock finite),
 *   because its pool grows while the capture is preloaded;
 * - demo (c->cmd == CMD_DEMO): CAP_NET_RAW, CAP_NET_BIND_SERVICE and
 *   CAP_IPC_LOCK, because it sets up one sender after another.
 * Only what the process has now can be kept.
 */
uint64_t priv_run_needs(const struct config *c, bool zerocopy);
/* Is capability cap (CAP_*) in the effective set now? */
bool priv_effective(int cap);

/* Keep only the capabilities in keep, in this thread, and set
 * no_new_privs.  0, or -errno with why saying what failed. */
int priv_drop(uint64_t keep, char *why, size_t len);

#endif
