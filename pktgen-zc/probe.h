/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * probe: what this kernel allows.  Opens each socket kind of the four
 * modes and asks for SO_ZEROCOPY, then prints one line per mode (and
 * JSON with --json).  Sends nothing.
 */
#ifndef PZC_PROBE_H
#define PZC_PROBE_H

#include "config.h"

int probe_run(const struct config *c);

#endif
