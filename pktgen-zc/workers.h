/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * workers: several copies of the engine, one thread each, pinned one per
 * CPU, each with its own socket, path, slots, pacer share and source;
 * nothing mutable is shared but the stop flags.  This module starts them,
 * prints the merged progress while they run, and merges their figures
 * into one summary with a line (and a JSON object) per worker.  It never
 * builds frames and never touches a worker's slots.
 */
#ifndef PZC_WORKERS_H
#define PZC_WORKERS_H

#include <pthread.h>
#include <stdint.h>

#include "send.h"

struct worker {
	struct rig rig;
	struct source src;
	int cpu;		/* -1: not pinned */
	int rc;
	double cpu_seconds;	/* the thread's own */
	const struct run_info *info;
	volatile int done;
	pthread_t thread;
};

/*
 * CPUs for n workers: --cpus as given, else --cpu for one worker, else
 * the first n CPUs this process may run on (none pinned for a single
 * worker).  0, or an exit status after saying why.
 */
int workers_cpus(const struct config *c, uint32_t n, int *cpus);

/*
 * Run n set-up workers to the end (n >= 2) and report as one run.
 * Returns the exit status: 0, or 1 if any worker failed.
 */
int workers_run(struct worker *w, uint32_t n, const struct config *c,
		const struct run_info *info, volatile int *stop);

#endif
