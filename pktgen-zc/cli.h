/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * cli: the command line into one struct config, driven by the option
 * table (opts.h) and the value parsers (parse.h).  Every bad value or
 * combination is rejected here with one line naming it and what is
 * allowed; the rest of the program may assume a config that passed
 * cli_parse() is self-consistent as far as the command line alone can
 * tell.  Never opens sockets or touches interfaces.
 */
#ifndef PZC_CLI_H
#define PZC_CLI_H

#include "config.h"

/* 0 on success; -EINVAL after printing one line on stderr (exit 2);
 * 1 when --help/--version printed what was asked (exit 0). */
int cli_parse(struct config *c, int argc, char **argv);

#endif
