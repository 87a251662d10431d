/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * replay: the replay driver, captures through the send engine.  Opens
 * every input once (capture.c reads them), sorts out what each record's
 * link type allows in the chosen mode, loads frames into the pinned pool
 * (preloaded and looped when they fit, streamed through completions when
 * not), applies the rewrites (rewrite.c), schedules records by the
 * capture's clock, a rate, or top speed, and counts every record it does
 * not send, by reason.  It never frees a slot the engine lent out and
 * never touches the socket.
 */
#ifndef PZC_REPLAY_H
#define PZC_REPLAY_H

#include "config.h"

int replay_run(struct config *c, volatile int *stop);

#endif
