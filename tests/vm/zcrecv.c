// SPDX-License-Identifier: GPL-2.0-only
/* zcrecv - capture what arrives on one interface into a pcap file (VM side).
 *
 *   zcrecv IFACE OUT.pcap READY_FILE IDLE_MS MAX_MS
 *
 * Opens an AF_PACKET socket on IFACE (incoming frames only), creates
 * READY_FILE once it is bound so the sender can start, and writes every frame
 * to OUT.pcap (classic pcap, EN10MB, full length) until IDLE_MS pass without
 * a frame (after the first one), MAX_MS in all, or SIGTERM (the sender is
 * done: what is queued on the socket is still read and written).  The host bench compares the
 * file with the sender's --write-pcap; this program judges nothing itself, it
 * only reports what it saw and what the kernel says it dropped:
 *   "zcrecv frames=N drops=D"
 * It is static and shares no code with pktgen-zc, on purpose.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <net/if.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t stop;

static void on_term(int sig)
{
	(void)sig;
	stop = 1;
}

static int64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void put32(FILE *f, uint32_t v)
{
	fwrite(&v, 4, 1, f); /* host order: the magic tells readers which */
}

static void put16(FILE *f, uint16_t v)
{
	fwrite(&v, 2, 1, f);
}

int main(int argc, char **argv)
{
	static uint8_t buf[65536 + 64];
	struct sockaddr_ll ll = { .sll_family = AF_PACKET,
				  .sll_protocol = htons(ETH_P_ALL) };
	struct tpacket_stats stats;
	socklen_t slen = sizeof(stats);
	int fd, rcvbuf = 64 << 20, ready;
	long frames = 0;
	int64_t start, last, idle_ms, max_ms;
	FILE *out;

	if (argc != 6) {
		fprintf(stderr,
			"usage: zcrecv IFACE OUT.pcap READY_FILE IDLE_MS MAX_MS\n");
		return 2;
	}
	idle_ms = strtol(argv[4], NULL, 0);
	max_ms = strtol(argv[5], NULL, 0);
	ll.sll_ifindex = (int)if_nametoindex(argv[1]);
	if (!ll.sll_ifindex) {
		perror("zcrecv: if_nametoindex");
		return 1;
	}
	fd = socket(AF_PACKET, SOCK_RAW, htons(ETH_P_ALL));
	if (fd < 0) {
		perror("zcrecv: socket");
		return 1;
	}
	/* a big queue so a slow reader under TCG does not drop */
	if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &rcvbuf, sizeof(rcvbuf)))
		setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof(rcvbuf));
	if (bind(fd, (void *)&ll, sizeof(ll))) {
		perror("zcrecv: bind");
		return 1;
	}
	out = fopen(argv[2], "wb");
	if (!out) {
		perror("zcrecv: fopen");
		return 1;
	}
	put32(out, 0xa1b2c3d4);
	put16(out, 2);
	put16(out, 4);
	put32(out, 0);
	put32(out, 0);
	put32(out, 65535);
	put32(out, 1); /* LINKTYPE_ETHERNET */

	signal(SIGTERM, on_term);
	signal(SIGINT, on_term);
	ready = open(argv[3], O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (ready >= 0)
		close(ready);

	start = last = now_ms();
	for (;;) {
		struct pollfd p = { .fd = fd, .events = POLLIN };
		struct sockaddr_ll from;
		socklen_t flen = sizeof(from);
		struct timespec ts;
		int64_t t = now_ms();
		ssize_t n;

		if (t - start >= max_ms || (frames && t - last >= idle_ms))
			break;
		/* after SIGTERM only drain what is queued, without waiting */
		if (!stop && poll(&p, 1, 50) <= 0)
			continue;
		n = recvfrom(fd, buf, sizeof(buf), MSG_TRUNC | MSG_DONTWAIT,
			     (void *)&from, &flen);
		if (n < 0) {
			if (stop)
				break;
			continue;
		}
		if (from.sll_pkttype == PACKET_OUTGOING)
			continue;
		if ((size_t)n > sizeof(buf)) {
			fprintf(stderr, "zcrecv: frame of %zd bytes truncated\n",
				n);
			n = sizeof(buf);
		}
		clock_gettime(CLOCK_REALTIME, &ts);
		put32(out, (uint32_t)ts.tv_sec);
		put32(out, (uint32_t)(ts.tv_nsec / 1000));
		put32(out, (uint32_t)n);
		put32(out, (uint32_t)n);
		fwrite(buf, 1, (size_t)n, out);
		frames++;
		last = now_ms();
	}
	memset(&stats, 0, sizeof(stats));
	getsockopt(fd, SOL_PACKET, PACKET_STATISTICS, &stats, &slen);
	if (fclose(out)) {
		perror("zcrecv: fclose");
		return 1;
	}
	printf("zcrecv frames=%ld drops=%u\n", frames, stats.tp_drops);
	return 0;
}
