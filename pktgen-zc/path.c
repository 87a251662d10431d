// SPDX-License-Identifier: GPL-2.0-only
/* path: the automatic choice; see path.h. */
#include "path.h"

#include <string.h>

enum tx_path path_auto(const struct path_want *w, const char **why)
{
	/*
	 * The crossovers come from bench/line-rate.sh (see the man page):
	 * the ring beats sendmmsg() at every size in packet modes (one
	 * call a batch, no copy, no error queue), so it goes first;
	 * elsewhere MSG_ZEROCOPY pays only once a send carries enough
	 * bytes that the copy costs more than pinning and the
	 * notification.
	 */
	if (w->packet_mode && w->ring_ok) {
		*why = "packet mode: the TX ring (a batch a system call, "
		       "frames never copied)";
		return PATH_RING;
	}
	if (w->zc_ok && w->send_bytes >= PATH_ZC_MIN_BYTES) {
		*why = "sends of at least " PATH_ZC_MIN_STR " bytes: "
		       "MSG_ZEROCOPY costs less than the copy";
		return PATH_ZEROCOPY;
	}
	if (w->zc_ok)
		*why = "sends under " PATH_ZC_MIN_STR " bytes: copying is "
		       "cheaper than pinning and notifying";
	else if (w->packet_mode)
		*why = "replay in packet mode: sendmmsg() batches of the "
		       "preloaded slots";
	else
		*why = "sendmmsg() batches by copy (zerocopy not available "
		       "here)";
	return PATH_COPY;
}
