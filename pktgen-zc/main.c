// SPDX-License-Identifier: GPL-2.0-only
/*
 * pktgen-zc: parse, validate, run, report.  The only file with mutable
 * global state: the stop flag that SIGINT/SIGTERM/SIGHUP set, so that a
 * run ends like any other (summary printed, every buffer in flight
 * accounted for), and the first error of writing stdout, so that a report
 * that never arrived is an exit status of 1 and not a silent 0.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "demo.h"
#include "log.h"
#include "probe.h"
#include "recv.h"
#include "replay.h"
#include "send.h"
#include "stats.h"

static volatile int stop_flag;
static int stdout_errno;

static void on_signal(int sig)
{
	(void)sig;
	stop_flag = 1;
}

static void catch_signals(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	/* No SA_RESTART: a blocked poll() or sendmsg() returns EINTR and
	 * the engine sees the flag at once.  A hang-up (the terminal or the
	 * ssh session went away) is a request to stop like the others. */
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	/* A reader that went away is an EPIPE from write(), which the check
	 * of stdout at the end reports; the signal would kill the run before
	 * the drain and the summary. */
	signal(SIGPIPE, SIG_IGN);
}

/*
 * stdout through our own write function: stdio forgets why a write
 * failed (errno is long overwritten when the run ends, and a later
 * fflush() succeeds on an empty buffer), and it gives up on EINTR, which
 * our handlers without SA_RESTART make likely.
 */
static ssize_t out_write(void *cookie, const char *buf, size_t n)
{
	size_t done = 0;

	(void)cookie;
	while (done < n) {
		ssize_t w = write(STDOUT_FILENO, buf + done, n - done);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			if (!stdout_errno)
				stdout_errno = w < 0 ? errno : EIO;
			return done ? (ssize_t)done : -1;
		}
		done += (size_t)w;
	}
	return (ssize_t)done;
}

static void checked_stdout(void)
{
	cookie_io_functions_t io = { .write = out_write };
	FILE *f = fopencookie(NULL, "w", io);

	if (!f)
		return;		/* keep the plain stream: still checked below */
	setvbuf(f, NULL, isatty(STDOUT_FILENO) ? _IOLBF : _IOFBF, BUFSIZ);
	stdout = f;
}

/* Exit status rc, or 1 if what the run printed on stdout was lost. */
static int finish_stdout(int rc)
{
	int err;

	if (fflush(stdout) == 0 && !ferror(stdout) && !stdout_errno)
		return rc;
	err = stdout_errno ? stdout_errno : errno ? errno : EIO;
	pr_err("writing the report to stdout failed: %s%s"
		"\n", strerror(err), err == EPIPE ? " (the reader of the pipe "
		"went away); the summary and any JSON are lost" :
		"; the summary and any JSON are incomplete");
	return rc ? rc : EXIT_RUNTIME;
}

/* Whether the command line asks for JSON, read before (or without) a
 * successful parse: "-J" or "--json" as a word of its own. */
static bool wants_json(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--"))
			break;
		if (!strcmp(argv[i], "-J") || !strcmp(argv[i], "--json"))
			return true;
	}
	return false;
}

/* A send without --run-id stamps a run id of its own, different from
 * one run to the next, so that 'recv' tells two runs on a link apart. */
static void derive_run_id(struct config *cfg)
{
	struct timespec ts;
	uint32_t r = 0;

	if (cfg->cmd != CMD_SEND || cfg->run_id_set)
		return;
	if (getrandom(&r, sizeof(r), GRND_NONBLOCK) != sizeof(r)) {
		clock_gettime(CLOCK_REALTIME, &ts);
		r = (uint32_t)ts.tv_nsec ^ (uint32_t)ts.tv_sec ^
		    ((uint32_t)getpid() << 16);
	}
	/* 0 is what stamps carried before run ids: never derived. */
	cfg->run_id = r ? r : 1;
}

static int run(struct config *cfg, char *argv0)
{
	switch (cfg->cmd) {
	case CMD_SEND:
		return send_run(cfg, &stop_flag);
	case CMD_REPLAY:
		return replay_run(cfg, &stop_flag);
	case CMD_PROBE:
		return probe_run(cfg);
	case CMD_DEMO:
		return demo_run(cfg, &stop_flag, argv0);
	case CMD_RECV:
		return recv_run(cfg, &stop_flag);
	}
	return EXIT_USAGE;
}

int main(int argc, char **argv)
{
	struct config cfg;
	int r;

	checked_stdout();
	r = cli_parse(&cfg, argc, argv);
	if (r < 0) {
		/* --json asked for a document on every outcome; cfg holds
		 * what was parsed before the error. */
		if (wants_json(argc, argv))
			report_json_error(&cfg, log_first_error());
		return finish_stdout(EXIT_USAGE);
	}
	if (r > 0)
		return finish_stdout(0);
	log_setup(cfg.verbose, cfg.quiet);
	catch_signals();
	derive_run_id(&cfg);
	r = run(&cfg, argv[0]);
	if (r && cfg.json && !report_json_printed() &&
	    (cfg.cmd == CMD_SEND || cfg.cmd == CMD_REPLAY ||
	     cfg.cmd == CMD_RECV))
		report_json_error(&cfg, log_first_error());
	return finish_stdout(r);
}
