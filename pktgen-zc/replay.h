/*
 * replay: pcap and pcapng captures through the send engine.  Reads files
 * with libpcap, sorts out what each record's link type allows, loads
 * frames into the pinned pool (preloaded and looped when they fit,
 * streamed through completions when not), applies the rewrites with
 * checksums fixed, schedules them by the capture's clock, a rate, or top
 * speed, and counts every record it does not send, by reason.
 */
#ifndef PZC_REPLAY_H
#define PZC_REPLAY_H

#include "cli.h"

int replay_run(struct config *c, volatile int *stop);

#endif
