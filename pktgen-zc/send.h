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

#define EXIT_RUNTIME 1
#define EXIT_USAGE 2

int send_run(struct config *c, volatile int *stop);

/* Shared with replay: look the device up and check it can send.
 * Returns 0 or an exit status after printing why. */
int send_check_dev(const struct config *c, struct iface_info *ifi);
/* Shared with replay: the pool (memlock errors explained). */
int send_make_pool(struct pool *p, const struct config *c, uint32_t slot_size,
		   uint32_t min_slots);
/* Shared with replay: socket + zerocopy as asked; fills info. */
int send_open_tx(struct tx *t, const struct tx_params *tp,
		 const struct config *c, struct run_info *info);
void send_pin_cpu(const struct config *c);

#endif
