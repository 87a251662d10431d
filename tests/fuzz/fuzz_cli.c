// SPDX-License-Identifier: GPL-2.0-only
/*
 * fuzz_cli: the option parser.  The input is a command line, arguments
 * separated by NUL bytes, given to cli_parse() after "pktgen-zc".  It
 * must return (never exit()) and leak nothing (LeakSanitizer), however
 * often it is called; what it accepts must be self-consistent where
 * that is cheap to check here.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "cli.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_MAXARGS 64

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *argv[FUZZ_MAXARGS + 2];
	struct config c;
	char *buf;
	int argc = 0, rc;

	if (size > 4096)
		return 0;
	buf = malloc(size + 1);
	if (!buf)
		return 0;
	memcpy(buf, data, size);
	buf[size] = '\0';
	argv[argc++] = (char *)"pktgen-zc";
	for (char *p = buf; p < buf + size && argc <= FUZZ_MAXARGS;
	     p += strlen(p) + 1)
		argv[argc++] = p;
	argv[argc] = NULL;
	rc = cli_parse(&c, argc, argv);
	if (rc == 0) {
		if (c.nfiles < 0 || c.nfiles > CLI_MAX_FILES || c.nmaps < 0 ||
		    c.nmaps > 8 || (c.cmd == CMD_REPLAY && !c.nfiles) ||
		    ((c.cmd == CMD_SEND || c.cmd == CMD_REPLAY) && !c.dev[0]) ||
		    !(c.speed > 0) || c.max_gap < 0)
			__builtin_trap();
		for (int i = 0; i < c.nmaps; i++)
			if (c.maps[i].prefix < 0 || c.maps[i].prefix >
			    (c.maps[i].family == AF_INET6 ? 128 : 32))
				__builtin_trap();
	} else if (rc != 1 && rc != -EINVAL) {
		__builtin_trap();	/* only -EINVAL or "printed help" */
	}
	free(buf);
	return 0;
}
