// SPDX-License-Identifier: GPL-2.0-only
/* zcprobe - an independent witness for the kernel series, run inside the VM.
 *
 * It owns nothing of pktgen-zc and shares no code with it on purpose: when the
 * tool and this probe agree, the agreement means something.  Two commands:
 *
 *   zcprobe so
 *       try SO_ZEROCOPY on every socket kind the series is about (packet
 *       SOCK_RAW, packet SOCK_DGRAM, AF_INET and AF_INET6 SOCK_RAW
 *       IPPROTO_RAW) plus UDP as a control that a stock kernel accepts too.
 *
 *   zcprobe send KIND IFACE COUNT SRC DST DSTMAC PORT EXPECT
 *       KIND is packet | packet_dgram | raw; SRC/DST pick IPv4 or IPv6.
 *       Sends COUNT UDP frames with MSG_ZEROCOPY, never touching a buffer
 *       again, then waits for the completion notifications.  EXPECT is "zc"
 *       (every id completes, none COPIED) or "copied" (every id completes,
 *       all COPIED, as on a veth loop).
 *
 * Every verdict is one line "VMTEST <name> PASS|FAIL <detail>" on stdout, which
 * the host bench parses.  Exit status 0 only if every verdict was PASS.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <linux/errqueue.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <net/if.h>
#include <netinet/in.h>
#include <netinet/ip.h>
#include <netinet/ip6.h>
#include <netinet/udp.h>
#include <poll.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#ifndef SO_ZEROCOPY
#define SO_ZEROCOPY 60
#endif
#ifndef MSG_ZEROCOPY
#define MSG_ZEROCOPY 0x4000000
#endif
#ifndef SO_EE_ORIGIN_ZEROCOPY
#define SO_EE_ORIGIN_ZEROCOPY 5
#endif
#ifndef SO_EE_CODE_ZEROCOPY_COPIED
#define SO_EE_CODE_ZEROCOPY_COPIED 1
#endif

#define SLOT 2048
#define PAYLOAD 200

static int failures;

static void verdict(const char *name, int pass, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void verdict(const char *name, int pass, const char *fmt, ...)
{
	va_list ap;

	printf("VMTEST %s %s ", name, pass ? "PASS" : "FAIL");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	fflush(stdout);
	if (!pass)
		failures++;
}

/* ---- so ------------------------------------------------------------------ */

static void probe_one(const char *name, int domain, int type, int proto)
{
	int one = 1, fd, ret;

	fd = socket(domain, type, proto);
	if (fd < 0) {
		verdict(name, 0, "socket: %s", strerror(errno));
		return;
	}
	ret = setsockopt(fd, SOL_SOCKET, SO_ZEROCOPY, &one, sizeof(one));
	if (ret)
		verdict(name, 0, "setsockopt(SO_ZEROCOPY) refused: %s",
			strerror(errno));
	else
		verdict(name, 1, "setsockopt(SO_ZEROCOPY) accepted");
	close(fd);
}

static int cmd_so(void)
{
	probe_one("so_zerocopy_udp_control", AF_INET, SOCK_DGRAM, 0);
	probe_one("so_zerocopy_packet_raw", AF_PACKET, SOCK_RAW, 0);
	probe_one("so_zerocopy_packet_dgram", AF_PACKET, SOCK_DGRAM, 0);
	probe_one("so_zerocopy_raw4_hdrincl", AF_INET, SOCK_RAW, IPPROTO_RAW);
	probe_one("so_zerocopy_raw6_hdrincl", AF_INET6, SOCK_RAW, IPPROTO_RAW);
	return failures ? 1 : 0;
}

/* ---- send ---------------------------------------------------------------- */

static uint32_t csum_add(uint32_t sum, const void *data, size_t len)
{
	const uint8_t *p = data;

	while (len > 1) {
		sum += (uint32_t)p[0] << 8 | p[1];
		p += 2;
		len -= 2;
	}
	if (len)
		sum += (uint32_t)p[0] << 8;
	return sum;
}

static uint16_t csum_fold(uint32_t sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return htons((uint16_t)~sum);
}

static int parse_mac(const char *s, uint8_t mac[6])
{
	unsigned int m[6];

	if (sscanf(s, "%x:%x:%x:%x:%x:%x", &m[0], &m[1], &m[2], &m[3], &m[4],
		   &m[5]) != 6)
		return -1;
	for (int i = 0; i < 6; i++)
		mac[i] = (uint8_t)m[i];
	return 0;
}

/* Build Ethernet + IP + UDP + payload at buf; return the L2 length. */
static size_t build_frame(uint8_t *buf, int v6, const struct in6_addr *s6,
			  const struct in6_addr *d6, struct in_addr s4,
			  struct in_addr d4, const uint8_t smac[6],
			  const uint8_t dmac[6], uint16_t port, uint32_t seq)
{
	struct ethhdr *eth = (void *)buf;
	uint8_t *l3 = buf + sizeof(*eth);
	size_t l3hdr = v6 ? sizeof(struct ip6_hdr) : sizeof(struct iphdr);
	struct udphdr *udp = (void *)(l3 + l3hdr);
	uint8_t *pl = (uint8_t *)(udp + 1);
	uint16_t ulen = sizeof(*udp) + PAYLOAD;
	uint32_t sum;

	memcpy(eth->h_dest, dmac, 6);
	memcpy(eth->h_source, smac, 6);
	eth->h_proto = htons(v6 ? ETH_P_IPV6 : ETH_P_IP);

	for (int i = 0; i < PAYLOAD; i++)
		pl[i] = (uint8_t)(seq * 7 + i);
	memcpy(pl, &seq, sizeof(seq));

	udp->source = htons(port);
	udp->dest = htons(port);
	udp->len = htons(ulen);
	udp->check = 0;

	if (v6) {
		struct ip6_hdr *ip6 = (void *)l3;

		memset(ip6, 0, sizeof(*ip6));
		ip6->ip6_flow = htonl(6u << 28);
		ip6->ip6_plen = htons(ulen);
		ip6->ip6_nxt = IPPROTO_UDP;
		ip6->ip6_hlim = 64;
		ip6->ip6_src = *s6;
		ip6->ip6_dst = *d6;
		sum = csum_add(0, s6, 16);
		sum = csum_add(sum, d6, 16);
	} else {
		struct iphdr *ip = (void *)l3;

		memset(ip, 0, sizeof(*ip));
		ip->version = 4;
		ip->ihl = 5;
		ip->tot_len = htons(sizeof(*ip) + ulen);
		ip->id = htons((uint16_t)(seq + 1));
		ip->ttl = 64;
		ip->protocol = IPPROTO_UDP;
		ip->saddr = s4.s_addr;
		ip->daddr = d4.s_addr;
		ip->check = csum_fold(csum_add(0, ip, sizeof(*ip)));
		sum = csum_add(0, &s4, 4);
		sum = csum_add(sum, &d4, 4);
	}
	sum += IPPROTO_UDP + ulen;
	sum = csum_add(sum, udp, ulen);
	udp->check = csum_fold(sum);
	if (!udp->check)
		udp->check = 0xffff;
	return sizeof(*eth) + l3hdr + ulen;
}

struct zc_state {
	uint32_t completed;
	uint32_t copied;
	uint32_t notifications;
	uint32_t next_lo;
	int gaps;
};

/* Drain the error queue; return the number of notifications read. */
static int read_notifications(int fd, struct zc_state *st)
{
	int n = 0;

	for (;;) {
		char control[128];
		struct msghdr msg = { .msg_control = control,
				      .msg_controllen = sizeof(control) };
		struct sock_extended_err *serr = NULL;
		struct cmsghdr *cm;
		uint32_t lo, hi;

		if (recvmsg(fd, &msg, MSG_ERRQUEUE | MSG_DONTWAIT) < 0)
			return n;
		for (cm = CMSG_FIRSTHDR(&msg); cm; cm = CMSG_NXTHDR(&msg, cm)) {
			if ((cm->cmsg_level == SOL_IP &&
			     cm->cmsg_type == IP_RECVERR) ||
			    (cm->cmsg_level == SOL_IPV6 &&
			     cm->cmsg_type == IPV6_RECVERR) ||
			    (cm->cmsg_level == SOL_PACKET &&
			     cm->cmsg_type == PACKET_TX_TIMESTAMP))
				serr = (void *)CMSG_DATA(cm);
		}
		if (!serr || serr->ee_origin != SO_EE_ORIGIN_ZEROCOPY ||
		    serr->ee_errno != 0) {
			fprintf(stderr, "zcprobe: unexpected errqueue message\n");
			continue;
		}
		lo = serr->ee_info;
		hi = serr->ee_data;
		if (lo != st->next_lo)
			st->gaps++;
		st->next_lo = hi + 1;
		st->completed += hi - lo + 1;
		if (serr->ee_code & SO_EE_CODE_ZEROCOPY_COPIED)
			st->copied += hi - lo + 1;
		st->notifications++;
		n++;
	}
}

static int64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int cmd_send(char **argv)
{
	const char *kind = argv[0], *ifname = argv[1];
	long count = strtol(argv[2], NULL, 0);
	const char *src = argv[3], *dst = argv[4];
	const char *expect = argv[7];
	uint16_t port = (uint16_t)strtoul(argv[6], NULL, 0);
	uint8_t smac[6] = { 0x02, 0, 0, 0, 0, 0x01 }, dmac[6];
	struct in6_addr s6 = { 0 }, d6 = { 0 };
	struct in_addr s4 = { 0 }, d4 = { 0 };
	struct zc_state st = { 0 };
	int v6 = strchr(dst, ':') != NULL;
	int ifindex, fd, one = 1, domain, type, proto;
	size_t l2off;
	uint8_t *pool;
	char name[128];
	long sent = 0, retries = 0;
	int64_t deadline;

	snprintf(name, sizeof(name), "zcprobe_%s%s_%s", kind, v6 ? "6" : "4",
		 ifname);
	ifindex = (int)if_nametoindex(ifname);
	if (!ifindex || count <= 0 || count > 4096 || parse_mac(argv[5], dmac)) {
		verdict(name, 0, "bad arguments");
		return 1;
	}
	if (v6 ? (inet_pton(AF_INET6, src, &s6) != 1 ||
		  inet_pton(AF_INET6, dst, &d6) != 1) :
		 (inet_pton(AF_INET, src, &s4) != 1 ||
		  inet_pton(AF_INET, dst, &d4) != 1)) {
		verdict(name, 0, "bad address");
		return 1;
	}

	if (!strcmp(kind, "packet")) {
		domain = AF_PACKET, type = SOCK_RAW, proto = 0, l2off = 0;
	} else if (!strcmp(kind, "packet_dgram")) {
		domain = AF_PACKET, type = SOCK_DGRAM, proto = 0;
		l2off = sizeof(struct ethhdr);
	} else if (!strcmp(kind, "raw")) {
		domain = v6 ? AF_INET6 : AF_INET, type = SOCK_RAW;
		proto = IPPROTO_RAW, l2off = sizeof(struct ethhdr);
	} else {
		verdict(name, 0, "unknown kind %s", kind);
		return 1;
	}

	/* one slot per send, never rewritten: a late completion can not be
	 * mistaken for a clean one by a buffer that changed under the kernel */
	pool = mmap(NULL, (size_t)count * SLOT, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
	if (pool == MAP_FAILED) {
		verdict(name, 0, "mmap: %s", strerror(errno));
		return 1;
	}

	fd = socket(domain, type, proto);
	if (fd < 0) {
		verdict(name, 0, "socket: %s", strerror(errno));
		return 1;
	}
	if (setsockopt(fd, SOL_SOCKET, SO_ZEROCOPY, &one, sizeof(one))) {
		verdict(name, 0, "SO_ZEROCOPY refused: %s", strerror(errno));
		return 1;
	}
	if (domain == AF_PACKET) {
		struct sockaddr_ll ll = { .sll_family = AF_PACKET,
					  .sll_ifindex = ifindex };
		if (bind(fd, (void *)&ll, sizeof(ll))) {
			verdict(name, 0, "bind: %s", strerror(errno));
			return 1;
		}
	} else {
		/* raw sockets route by address; pin to the device so a
		 * misconfigured route can not pass for success elsewhere */
		if (setsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE, ifname,
			       (socklen_t)strlen(ifname) + 1)) {
			verdict(name, 0, "SO_BINDTODEVICE: %s", strerror(errno));
			return 1;
		}
	}

	for (long i = 0; i < count; i++) {
		uint8_t *slot = pool + (size_t)i * SLOT;
		size_t len = build_frame(slot, v6, &s6, &d6, s4, d4, smac, dmac,
					 port, (uint32_t)i);
		struct sockaddr_storage ss;
		socklen_t sslen = 0;
		ssize_t ret;

		memset(&ss, 0, sizeof(ss));
		if (domain == AF_PACKET) {
			struct sockaddr_ll *ll = (void *)&ss;

			ll->sll_family = AF_PACKET;
			ll->sll_ifindex = ifindex;
			ll->sll_protocol = htons(v6 ? ETH_P_IPV6 : ETH_P_IP);
			ll->sll_halen = 6;
			memcpy(ll->sll_addr, dmac, 6);
			sslen = sizeof(*ll);
		} else if (v6) {
			struct sockaddr_in6 *sin6 = (void *)&ss;

			sin6->sin6_family = AF_INET6;
			sin6->sin6_addr = d6;
			sslen = sizeof(*sin6);
		} else {
			struct sockaddr_in *sin = (void *)&ss;

			sin->sin_family = AF_INET;
			sin->sin_addr = d4;
			sslen = sizeof(*sin);
		}
		for (;;) {
			ret = sendto(fd, slot + l2off, len - l2off, MSG_ZEROCOPY,
				     (void *)&ss, sslen);
			if (ret >= 0 || errno != ENOBUFS)
				break;
			/* optmem full of notifications: read some, retry */
			retries++;
			if (!read_notifications(fd, &st)) {
				struct pollfd p = { .fd = fd, .events = 0 };

				poll(&p, 1, 10);
			}
			if (retries > 100000)
				break;
		}
		if (ret != (ssize_t)(len - l2off)) {
			verdict(name, 0, "send %ld: %s", i,
				ret < 0 ? strerror(errno) : "short");
			return 1;
		}
		sent++;
		read_notifications(fd, &st);
	}

	deadline = now_ms() + 10000;
	while (st.completed < (uint32_t)sent && now_ms() < deadline) {
		struct pollfd p = { .fd = fd, .events = 0 };

		poll(&p, 1, 100);
		read_notifications(fd, &st);
	}

	{
		/* one device completes in order: the ranges must follow on
		 * from id 0 without a gap and end at the last send
		 */
		int ok = st.completed == (uint32_t)sent && st.gaps == 0 &&
			 st.next_lo == (uint32_t)sent;

		if (!strcmp(expect, "zc"))
			ok = ok && st.copied == 0;
		else
			ok = ok && st.copied == (uint32_t)sent;
		verdict(name, ok,
			"sent=%ld completed=%u copied=%u notifications=%u "
			"gaps=%d enobufs_retries=%ld expect=%s",
			sent, st.completed, st.copied, st.notifications,
			st.gaps, retries, expect);
	}
	close(fd);
	return failures ? 1 : 0;
}

int main(int argc, char **argv)
{
	if (argc == 2 && !strcmp(argv[1], "so"))
		return cmd_so();
	if (argc == 10 && !strcmp(argv[1], "send"))
		return cmd_send(argv + 2);
	fprintf(stderr,
		"usage: zcprobe so\n"
		"       zcprobe send packet|packet_dgram|raw IFACE COUNT SRC DST "
		"DSTMAC PORT zc|copied\n");
	return 2;
}
