// SPDX-License-Identifier: GPL-2.0-only
/* udprecv - receive pktgen-zc's UDP datagrams and judge every one.
 *
 *   udprecv --port P --count N [--idle-ms MS] [--max-ms MS] [--ready FILE]
 *           [--rcvbuf BYTES] [--size BYTES] [--quiet]
 *
 * Binds a UDP socket (IPv4 and IPv6, any address) to port P with a large
 * receive buffer (SO_RCVBUFFORCE), creates FILE once bound so the sender
 * may start, and receives until N datagrams arrived, or MS milliseconds
 * passed without one after the first (--idle-ms, default 2000), or
 * --max-ms in all (default 30000).  Every datagram is checked the way
 * check_l3() checks a payload, written again here on purpose so that the
 * oracle shares no code with the sender:
 *   - a stamp: magic 0x505a4331 "PZC1", the run id of the first datagram
 *     in every one (the sender picks one per run), u64 seq, and (when the
 *     payload has 24 bytes or more) a u64 send time in ns (CLOCK_REALTIME,
 *     within the last 10 minutes and not in the future), big-endian;
 *   - after the stamp, byte j of the payload is j & 0xff;
 *   - the payload length, if --size is given;
 *   - seq: 0, 1, 2, ... in order, no gap, no duplicate.
 * It prints one line
 *   udprecv: received=R content_errors=C seq_errors=S missing=M dups=D
 *            drops=K truncated=T
 * (drops: what the kernel says it dropped at this socket, SO_RXQ_OVFL) and
 * the first few mismatches in detail, then exits
 *   0  all N datagrams arrived, all intact, in order
 *   1  at least one content error (stamp, pattern, length, truncation)
 *   3  content intact but sequence or count wrong (gaps, drops, dups)
 *   2  usage or setup failure
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define MAGIC 0x505a4331u
#define STAMP_LEN 24
#define STAMP_SHORT 16
#define MAX_DETAIL 10

static int64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static uint64_t realtime_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static uint64_t be(const uint8_t *p, int n)
{
	uint64_t v = 0;

	for (int i = 0; i < n; i++)
		v = v << 8 | p[i];
	return v;
}

static unsigned long details;

static void detail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void detail(const char *fmt, ...)
{
	va_list ap;

	if (details++ >= MAX_DETAIL)
		return;
	va_start(ap, fmt);
	fputs("udprecv: ", stdout);
	vprintf(fmt, ap);
	fputc('\n', stdout);
	va_end(ap);
}

static void usage(void)
{
	fprintf(stderr, "usage: udprecv --port P --count N [--idle-ms MS] "
		"[--max-ms MS] [--ready FILE] [--rcvbuf BYTES] [--size N]\n");
	exit(2);
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "port", required_argument, NULL, 'p' },
		{ "count", required_argument, NULL, 'n' },
		{ "idle-ms", required_argument, NULL, 'i' },
		{ "max-ms", required_argument, NULL, 'm' },
		{ "ready", required_argument, NULL, 'r' },
		{ "rcvbuf", required_argument, NULL, 'b' },
		{ "size", required_argument, NULL, 's' },
		{ NULL, 0, NULL, 0 },
	};
	static uint8_t buf[65536];
	union {
		char b[CMSG_SPACE(sizeof(uint32_t))];
		struct cmsghdr align;
	} ctl;
	struct sockaddr_in6 a6 = { .sin6_family = AF_INET6 };
	long port = -1, want = -1, idle_ms = 2000, max_ms = 30000, size = -1;
	long rcvbuf = 256 << 20;
	const char *ready = NULL;
	uint64_t received = 0, content = 0, seqerr = 0, missing = 0, dups = 0;
	uint64_t trunc = 0, expect = 0, run = 0;
	int have_run = 0;
	uint32_t drops = 0;
	int64_t start, last = 0;
	int fd, c, one = 1, zero = 0, rb;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'p': port = strtol(optarg, NULL, 0); break;
		case 'n': want = strtol(optarg, NULL, 0); break;
		case 'i': idle_ms = strtol(optarg, NULL, 0); break;
		case 'm': max_ms = strtol(optarg, NULL, 0); break;
		case 'r': ready = optarg; break;
		case 'b': rcvbuf = strtol(optarg, NULL, 0); break;
		case 's': size = strtol(optarg, NULL, 0); break;
		default: usage();
		}
	}
	if (port <= 0 || port > 65535 || want < 0 || optind != argc)
		usage();

	fd = socket(AF_INET6, SOCK_DGRAM, 0);
	if (fd < 0) {
		perror("udprecv: socket");
		return 2;
	}
	setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &zero, sizeof(zero));
	rb = (int)rcvbuf;
	if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &rb, sizeof(rb)) &&
	    setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rb, sizeof(rb)))
		perror("udprecv: SO_RCVBUF");
	setsockopt(fd, SOL_SOCKET, SO_RXQ_OVFL, &one, sizeof(one));
	a6.sin6_port = htons((uint16_t)port);
	if (bind(fd, (struct sockaddr *)&a6, sizeof(a6))) {
		perror("udprecv: bind");
		return 2;
	}
	if (ready) {
		int rf = open(ready, O_WRONLY | O_CREAT | O_TRUNC, 0644);

		if (rf < 0) {
			perror("udprecv: ready file");
			return 2;
		}
		close(rf);
	}

	start = now_ms();
	while ((long)received < want) {
		struct pollfd pfd = { .fd = fd, .events = POLLIN };
		struct iovec iov = { .iov_base = buf, .iov_len = sizeof(buf) };
		struct msghdr msg = {
			.msg_iov = &iov, .msg_iovlen = 1,
			.msg_control = ctl.b, .msg_controllen = sizeof(ctl.b),
		};
		struct cmsghdr *cm;
		int64_t t = now_ms(), left;
		uint64_t seq, ts, nowns;
		uint32_t sl;
		ssize_t n;

		left = start + max_ms - t;
		if (last && last + idle_ms - t < left)
			left = last + idle_ms - t;
		if (left <= 0)
			break;
		if (poll(&pfd, 1, (int)left) <= 0)
			continue;
		n = recvmsg(fd, &msg, MSG_DONTWAIT);
		if (n < 0) {
			if (errno == EAGAIN || errno == EINTR)
				continue;
			perror("udprecv: recvmsg");
			return 2;
		}
		last = now_ms();
		received++;
		for (cm = CMSG_FIRSTHDR(&msg); cm; cm = CMSG_NXTHDR(&msg, cm))
			if (cm->cmsg_level == SOL_SOCKET &&
			    cm->cmsg_type == SO_RXQ_OVFL)
				memcpy(&drops, CMSG_DATA(cm), sizeof(drops));
		if (msg.msg_flags & MSG_TRUNC) {
			trunc++;
			content++;
			detail("datagram #%llu truncated (over %zu bytes)",
			       (unsigned long long)received, sizeof(buf));
			expect++;
			continue;
		}
		if (size >= 0 && n != size) {
			content++;
			detail("datagram #%llu: %zd payload bytes, expected %ld",
			       (unsigned long long)received, n, size);
		}
		if (n >= STAMP_SHORT && !have_run) {
			run = be(buf + 4, 4);
			have_run = 1;
		}
		if (n < STAMP_SHORT || be(buf, 4) != MAGIC ||
		    be(buf + 4, 4) != run) {
			content++;
			detail("datagram #%llu (%zd bytes, seq %llu expected): "
			       "no stamp (first bytes %02x%02x%02x%02x "
			       "%02x%02x%02x%02x)", (unsigned long long)received,
			       n, (unsigned long long)expect,
			       n > 0 ? buf[0] : 0, n > 1 ? buf[1] : 0,
			       n > 2 ? buf[2] : 0, n > 3 ? buf[3] : 0,
			       n > 4 ? buf[4] : 0, n > 5 ? buf[5] : 0,
			       n > 6 ? buf[6] : 0, n > 7 ? buf[7] : 0);
			/* Count it as the one expected, so one bad stamp is
			 * not also a gap. */
			expect++;
			continue;
		}
		seq = be(buf + 8, 8);
		sl = n >= STAMP_LEN ? STAMP_LEN : STAMP_SHORT;
		if (sl == STAMP_LEN) {
			ts = be(buf + 16, 8);
			nowns = realtime_ns();
			if (ts > nowns + 1000000000ull ||
			    ts + 600000000000ull < nowns) {
				content++;
				detail("seq %llu: send time %llu ns is not within "
				       "the last 10 minutes (now %llu)",
				       (unsigned long long)seq,
				       (unsigned long long)ts,
				       (unsigned long long)nowns);
			}
		}
		for (uint32_t j = sl; j < (uint32_t)n; j++)
			if (buf[j] != (uint8_t)j) {
				uint32_t k = j;

				while (k < (uint32_t)n && buf[k] != (uint8_t)k)
					k++;
				content++;
				detail("seq %llu (%zd bytes): payload byte %u is "
				       "0x%02x, expected 0x%02x (%u bytes wrong "
				       "from there)", (unsigned long long)seq,
				       n, j, buf[j], (uint8_t)j, k - j);
				break;
			}
		if (seq == expect) {
			expect++;
		} else if (seq > expect) {
			seqerr++;
			missing += seq - expect;
			detail("seq %llu after %llu: %llu missing",
			       (unsigned long long)seq,
			       (unsigned long long)expect - 1,
			       (unsigned long long)(seq - expect));
			expect = seq + 1;
		} else {
			seqerr++;
			dups++;
			detail("seq %llu after %llu: duplicate or out of order",
			       (unsigned long long)seq,
			       (unsigned long long)expect - 1);
		}
	}
	printf("udprecv: received=%llu content_errors=%llu seq_errors=%llu "
	       "missing=%llu dups=%llu drops=%u truncated=%llu want=%ld\n",
	       (unsigned long long)received, (unsigned long long)content,
	       (unsigned long long)seqerr, (unsigned long long)missing,
	       (unsigned long long)dups, drops, (unsigned long long)trunc,
	       want);
	if (content)
		return 1;
	if (seqerr || drops || (long)received != want)
		return 3;
	return 0;
}
