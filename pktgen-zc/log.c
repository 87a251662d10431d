// SPDX-License-Identifier: GPL-2.0-only
/* log: messages on stderr; see log.h. */
#include "log.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static enum log_level max_level = LOG_INFO;
static pthread_mutex_t first_lock = PTHREAD_MUTEX_INITIALIZER;
static char first[512];
static bool have_first;

void log_setup(int verbose, bool quiet)
{
	max_level = verbose ? LOG_DEBUG : quiet ? LOG_WARN : LOG_INFO;
}

void log_reset(void)
{
	pthread_mutex_lock(&first_lock);
	have_first = false;
	first[0] = '\0';
	pthread_mutex_unlock(&first_lock);
}

void log_msg(enum log_level level, const char *fmt, ...)
{
	char line[1024];
	va_list ap;
	size_t n;

	if (level > max_level)
		return;
	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	n = strlen(line);
	while (n && line[n - 1] == '\n')
		line[--n] = '\0';
	/* One fprintf: stdio locks the stream, so lines never interleave. */
	fprintf(stderr, "pktgen-zc: %s%s\n",
		level == LOG_WARN ? "warning: " : "", line);
	if (level == LOG_ERROR) {
		pthread_mutex_lock(&first_lock);
		if (!have_first) {
			snprintf(first, sizeof(first), "%s", line);
			have_first = true;
		}
		pthread_mutex_unlock(&first_lock);
	}
}

const char *log_first_error(void)
{
	return have_first ? first : NULL;
}
