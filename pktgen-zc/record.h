/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * record: --write-pcap.  Appends each frame, exactly as handed to the
 * kernel (with the link header we computed for L3 modes), to a
 * nanosecond pcap file that it writes itself, so that every write(2) is
 * checked and the frames on disk are counted exactly.  Owns the file:
 * opens it so that a planted symbolic link, a hard link or another user's
 * file is never written through and a new file is mode 0600; after a
 * failed write it cuts the file back to its last whole frame and refuses
 * further frames.  Never sends and never decides whether the run goes on:
 * it returns -errno with a sentence in why for the engine to report.
 */
#ifndef PZC_RECORD_H
#define PZC_RECORD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct record {
	int fd;			/* -1: closed */
	const char *path;	/* as given; must outlive the record */
	bool regular;		/* a regular file: can be cut back */
	uint8_t *buf;
	size_t used;		/* bytes waiting in buf */
	uint64_t buf_off;	/* file offset of buf[0] */
	uint64_t frames;	/* frames accepted (in the file or in buf) */
	uint64_t frames_done;	/* frames wholly written to the file */
	int err;		/* first failure, -errno; sticky */
	char why[400];		/* what failed, for a person */
};

/* linktype: a DLT_ value; 0 or -errno (why set). */
int record_open(struct record *r, const char *path, int linktype,
		char *why, size_t len);
/* Append one frame (caplen bytes, origlen on the wire).  0, or -errno
 * with r->why saying which file, what failed and how many frames the file
 * holds; every later call returns the same error.  The caller stops the
 * run (or at least the recording) and tells the person r->why. */
int record_frame(struct record *r, const uint8_t *frame, uint32_t caplen,
		 uint32_t origlen, uint64_t realtime_ns);
/* Writes what is buffered, syncs a regular file and closes it: 0, or
 * -errno with r->why set (also the earlier error of record_frame()). */
int record_close(struct record *r);
uint64_t record_realtime_ns(void);

#endif
