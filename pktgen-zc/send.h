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

#include "config.h"
#include "rig.h"

int send_run(struct config *c, volatile int *stop);

#endif
