/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * log: what the program tells the person on stderr, one line each,
 * "pktgen-zc: " first.  Errors and warnings always; information unless
 * --quiet; debugging detail with --verbose.  The first error is kept, so
 * that the JSON report can carry it (stats.c, main.c).  Safe from any
 * thread.  The report itself (summary, JSON) is stats.c's, on stdout.
 */
#ifndef PZC_LOG_H
#define PZC_LOG_H

#include <stdbool.h>

enum log_level { LOG_ERROR, LOG_WARN, LOG_INFO, LOG_DEBUG };

void log_setup(int verbose, bool quiet);
void log_msg(enum log_level level, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* The first error logged, or NULL. */
const char *log_first_error(void);
void log_reset(void);

#define pr_err(...) log_msg(LOG_ERROR, __VA_ARGS__)
#define pr_warn(...) log_msg(LOG_WARN, __VA_ARGS__)
#define pr_info(...) log_msg(LOG_INFO, __VA_ARGS__)
#define pr_debug(...) log_msg(LOG_DEBUG, __VA_ARGS__)

#endif
