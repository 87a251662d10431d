/* replay: placeholder until the replay issue lands; see replay.h. */
#include "replay.h"

#include <stdio.h>

#include "send.h"

int replay_run(struct config *c, volatile int *stop)
{
	(void)c;
	(void)stop;
	fprintf(stderr, "pktgen-zc: replay is not built yet\n");
	return EXIT_RUNTIME;
}
