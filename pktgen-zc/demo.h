/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * demo: the self-contained run.  Makes two private network namespaces
 * joined by a veth pair (nothing named, nothing left behind: they vanish
 * with the process), starts a libpcap receiver in the peer namespace,
 * sends in every mode and family, and prints what arrived.  Needs root.
 */
#ifndef PZC_DEMO_H
#define PZC_DEMO_H

#include "config.h"

int demo_run(const struct config *base, volatile int *stop,
	     const char *argv0);

#endif
