/*
 * pktgen-zc: parse, validate, run, report.  The only file with mutable
 * global state: the stop flag that SIGINT/SIGTERM set, so that a run ends
 * like any other (summary printed, every buffer in flight accounted for).
 */
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "demo.h"
#include "probe.h"
#include "replay.h"
#include "send.h"

static volatile int stop_flag;

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
	 * the engine sees the flag at once. */
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
}

int main(int argc, char **argv)
{
	struct config cfg;
	int r = cli_parse(&cfg, argc, argv);

	if (r < 0)
		return EXIT_USAGE;
	if (r > 0)
		return 0;
	catch_signals();
	switch (cfg.cmd) {
	case CMD_SEND:
		return send_run(&cfg, &stop_flag);
	case CMD_REPLAY:
		return replay_run(&cfg, &stop_flag);
	case CMD_PROBE:
		return probe_run(&cfg);
	case CMD_DEMO:
		return demo_run(&cfg, &stop_flag, argv[0]);
	}
	return EXIT_USAGE;
}
