// SPDX-License-Identifier: GPL-2.0-only
/* record: --write-pcap; see record.h. */
#include "record.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

#define REC_BUF (64u << 10)
#define REC_SNAPLEN 262144u	/* libpcap's maximum; longer frames are cut */
#define PCAP_MAGIC_NS 0xa1b23c4du
#define FILE_HDR 24u
#define REC_HDR 16u

uint64_t record_realtime_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

/*
 * Open the output without ever writing through a name someone else
 * controls.  O_NOFOLLOW refuses a symbolic link as the last component
 * (whatever fs.protected_symlinks says); an existing regular file must be
 * ours and have no other name (a hard link to a file we could not
 * otherwise reach), and is only truncated after those checks, through
 * the descriptor we checked.  O_NONBLOCK keeps a FIFO without a reader
 * from blocking the open.  Returns the fd or -errno with why set.
 */
static int open_output(const char *path, bool *regular, char *why,
		       size_t len)
{
	struct stat st;
	int fd, err, fl;

	fd = open(path, O_WRONLY | O_CREAT | O_NOFOLLOW | O_NOCTTY |
		  O_NONBLOCK | O_CLOEXEC, 0600);
	if (fd < 0) {
		err = errno;
		if (err == ELOOP)
			snprintf(why, len, "is a symbolic link (or its path "
				 "loops): refusing to write through it; "
				 "remove it or give the real path");
		else if (err == ENXIO)
			snprintf(why, len, "is a FIFO without a reader: start "
				 "the reader first");
		else
			snprintf(why, len, "cannot open it for writing: %s",
				 strerror(err));
		return -err;
	}
	if (fstat(fd, &st)) {
		err = errno;
		snprintf(why, len, "fstat: %s", strerror(err));
		goto fail;
	}
	*regular = S_ISREG(st.st_mode);
	if ((S_ISREG(st.st_mode) || S_ISFIFO(st.st_mode)) &&
	    st.st_uid != geteuid()) {
		err = EPERM;
		snprintf(why, len, "belongs to uid %u, not to this user (uid "
			 "%u): refusing to overwrite another user's file; "
			 "remove it or choose another name",
			 (unsigned)st.st_uid, (unsigned)geteuid());
		goto fail;
	}
	if (S_ISREG(st.st_mode) && st.st_nlink > 1) {
		err = EPERM;
		snprintf(why, len, "has %lu hard links: refusing to overwrite "
			 "a file that other names share; remove it or choose "
			 "another name", (unsigned long)st.st_nlink);
		goto fail;
	}
	if (!S_ISREG(st.st_mode) && !S_ISFIFO(st.st_mode) &&
	    !S_ISCHR(st.st_mode)) {
		err = EINVAL;
		snprintf(why, len, "is neither a regular file, a FIFO nor a "
			 "character device");
		goto fail;
	}
	if (S_ISREG(st.st_mode) && ftruncate(fd, 0)) {
		err = errno;
		snprintf(why, len, "cannot truncate it: %s", strerror(err));
		goto fail;
	}
	fl = fcntl(fd, F_GETFL);
	if (fl < 0 || fcntl(fd, F_SETFL, fl & ~O_NONBLOCK)) {
		err = errno;
		snprintf(why, len, "fcntl: %s", strerror(err));
		goto fail;
	}
	return fd;
fail:
	close(fd);
	return -err;
}

static void put32(uint8_t *p, uint32_t v)
{
	memcpy(p, &v, 4);	/* pcap is in the writer's byte order */
}

int record_open(struct record *r, const char *path, int linktype, char *why,
		size_t len)
{
	static const uint16_t version[2] = { 2, 4 };
	char what[300];
	int fd;

	memset(r, 0, sizeof(*r));
	r->fd = -1;
	r->path = path;
	r->buf = malloc(REC_BUF);
	if (!r->buf) {
		snprintf(why, len, "out of memory");
		return -ENOMEM;
	}
	fd = open_output(path, &r->regular, what, sizeof(what));
	if (fd < 0) {
		snprintf(why, len, "%s", what);
		free(r->buf);
		r->buf = NULL;
		return fd;
	}
	r->fd = fd;
	/* The file header waits in the buffer like the frames: a device
	 * that refuses writes (/dev/full) fails on the first flush, during
	 * the run, where the engine reports it once. */
	put32(r->buf, PCAP_MAGIC_NS);
	memcpy(r->buf + 4, &version[0], 2);
	memcpy(r->buf + 6, &version[1], 2);
	put32(r->buf + 8, 0);	/* thiszone */
	put32(r->buf + 12, 0);	/* sigfigs */
	put32(r->buf + 16, REC_SNAPLEN);
	put32(r->buf + 20, (uint32_t)linktype);
	r->used = FILE_HDR;
	return 0;
}

/*
 * After a failed write: how much of the data is whole frames.  The data
 * that reached the file are the first `written` bytes of `data`, which
 * starts at file offset `off` with whole records (after the file header
 * when off is 0).  Counts the whole frames and returns the offset where
 * the last one ends.
 */
static uint64_t whole_frames(struct record *r, const uint8_t *data,
			     uint64_t off, size_t written)
{
	size_t pos = off ? 0 : FILE_HDR;
	uint32_t caplen;

	if (written < pos)
		return 0;
	while (pos + REC_HDR <= written) {
		memcpy(&caplen, data + pos + 8, 4);
		if (pos + REC_HDR + caplen > written)
			break;
		pos += REC_HDR + caplen;
		r->frames_done++;
	}
	return off + pos;
}

static int write_failed(struct record *r, int err, uint64_t good_end)
{
	/* Leave a valid capture: the file ends with its last whole frame. */
	if (r->regular && ftruncate(r->fd, (off_t)good_end))
		r->frames_done = 0;	/* unknown: do not claim any */
	r->err = -err;
	snprintf(r->why, sizeof(r->why), "--write-pcap '%s': write failed: "
		 "%s; %llu frames recorded (the file ends with the last whole "
		 "one)%s", r->path, strerror(err),
		 (unsigned long long)r->frames_done,
		 err == ENOSPC || err == EDQUOT ? "; free space or record to "
		 "a larger file system" : "");
	return r->err;
}

/* Write iov[] (the data starting at file offset off) completely. */
static int write_all(struct record *r, struct iovec *iov, int n)
{
	size_t total = 0, done = 0;
	const uint8_t *whole = iov[0].iov_base;
	uint64_t off = r->buf_off;

	for (int i = 0; i < n; i++)
		total += iov[i].iov_len;
	while (done < total) {
		ssize_t w = writev(r->fd, iov, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			int err = w < 0 ? errno : EIO;
			uint64_t end;

			/* Only the buffer (n == 1) can hold several frames;
			 * a direct write is one frame, never whole unless
			 * all of it went out. */
			if (n == 1)
				end = whole_frames(r, whole, off, done);
			else
				end = off;
			return write_failed(r, err, end);
		}
		done += (size_t)w;
		while (n && (size_t)w >= iov->iov_len) {
			w -= (ssize_t)iov->iov_len;
			iov++;
			n--;
		}
		if (n) {
			iov->iov_base = (uint8_t *)iov->iov_base + w;
			iov->iov_len -= (size_t)w;
		}
	}
	return 0;
}

static int flush_buf(struct record *r, uint64_t buffered_frames)
{
	struct iovec iov = { .iov_base = r->buf, .iov_len = r->used };
	int err;

	if (!r->used)
		return 0;
	err = write_all(r, &iov, 1);
	if (err)
		return err;
	r->buf_off += r->used;
	r->used = 0;
	r->frames_done += buffered_frames;
	return 0;
}

int record_frame(struct record *r, const uint8_t *frame, uint32_t caplen,
		 uint32_t origlen, uint64_t realtime_ns)
{
	uint8_t hdr[REC_HDR];
	uint64_t pending = r->frames - r->frames_done;
	int err;

	if (r->err)
		return r->err;
	if (r->fd < 0)
		return 0;
	if (caplen > REC_SNAPLEN)
		caplen = REC_SNAPLEN;
	/* With nanosecond precision the second word is nanoseconds. */
	put32(hdr, (uint32_t)(realtime_ns / 1000000000ull));
	put32(hdr + 4, (uint32_t)(realtime_ns % 1000000000ull));
	put32(hdr + 8, caplen);
	put32(hdr + 12, origlen);
	if (r->used + REC_HDR + caplen > REC_BUF) {
		err = flush_buf(r, pending);
		if (err)
			return err;
		pending = 0;
	}
	if (REC_HDR + caplen > REC_BUF) {
		/* Larger than the buffer: straight to the file. */
		struct iovec iov[2] = {
			{ .iov_base = hdr, .iov_len = REC_HDR },
			{ .iov_base = (void *)frame, .iov_len = caplen },
		};

		err = write_all(r, iov, 2);
		if (err)
			return err;
		r->buf_off += REC_HDR + caplen;
		r->frames++;
		r->frames_done++;
		return 0;
	}
	memcpy(r->buf + r->used, hdr, REC_HDR);
	memcpy(r->buf + r->used + REC_HDR, frame, caplen);
	r->used += REC_HDR + caplen;
	r->frames++;
	return 0;
}

static int sync_failed(struct record *r, int err)
{
	r->err = -err;
	snprintf(r->why, sizeof(r->why), "--write-pcap '%s': writing %llu "
		 "frames to disk failed (%s): the file may lack some of them",
		 r->path, (unsigned long long)r->frames, strerror(err));
	return r->err;
}

int record_close(struct record *r)
{
	int err = r->err;

	if (r->fd < 0)
		return err;
	if (!err)
		err = flush_buf(r, r->frames - r->frames_done);
	/* Write-back errors (EIO, a full quota) show up only here. */
	if (!err && r->regular && fdatasync(r->fd))
		err = sync_failed(r, errno);
	if (close(r->fd) && !err && errno != EINTR)
		err = sync_failed(r, errno);
	r->fd = -1;
	free(r->buf);
	r->buf = NULL;
	return err;
}
