// SPDX-License-Identifier: GPL-2.0-only
/* zcstress - the kernel series' harder cases, run inside the VM (tests/vm).
 *
 * Static, IPv4 only, no code shared with pktgen-zc or zcprobe.  Every
 * verdict is one line "VMTEST <name> PASS|FAIL <detail>"; figures are lines
 * "FIGURE <name> key=value ...".  Commands (KIND is packet or raw, which is
 * AF_INET SOCK_RAW IPPROTO_RAW):
 *
 *   zcstress soraw
 *       SO_ZEROCOPY must be refused (EOPNOTSUPP) on AF_INET/AF_INET6
 *       SOCK_RAW sockets without IP_HDRINCL, which can never pin pages,
 *       and accepted once IP_HDRINCL is set.
 *
 *   zcstress mt KIND IFACE THREADS COUNT FAILEVERY SRC DST DMAC PORT OUT_PCAP
 *       THREADS threads send COUNT MSG_ZEROCOPY frames each on ONE socket,
 *       in single sendmsg() and sendmmsg() calls, from 32 buffers a thread
 *       that are reused only after completion; every FAILEVERY-th send has
 *       its pinned part in a PROT_NONE page, so it fails with EFAULT after
 *       it was given an id and has to give the id back.  A reader thread
 *       collects the completions.  Passes when every id in [0, successful
 *       sends) completes exactly once, no other id does, and every failed
 *       send failed with EFAULT, on at least THREADS online CPUs.
 *       OUT_PCAP gets the frames sent, for the host to compare with the
 *       wire (see cmd_mt()).
 *
 *   zcstress memlock KIND IFACE COUNT SRC DST DMAC
 *       As an unprivileged user (no CAP_IPC_LOCK) with RLIMIT_MEMLOCK 0:
 *       frames with a part to pin must fail with ENOBUFS and consume no id;
 *       frames short enough to be copied must succeed (nothing is pinned,
 *       so nothing is charged) and complete as COPIED.
 *
 *   zcstress optmem KIND IFACE1 DST1 IFACE2 DST2 SRC DMAC
 *       With the error queue unread, alternate sends through IFACE1 (a
 *       device that completes later, virtio-net) and IFACE2 (one that
 *       completes at once, dummy), so that no two notifications are
 *       consecutive and none coalesces, until ENOBUFS: the depth reached is
 *       the number of zerocopy states (in flight or queued) one socket can
 *       hold with the current net.core.optmem_max.  Then read everything:
 *       every id of a successful send completes exactly once, nothing is
 *       lost, and sending works again.
 *
 *   zcstress optmemb KIND IFACE1 DST1 IFACE2 DST2 SRC DMAC BATCH
 *       optmem with sendmmsg() batches (a figure, see cmd_optmemb()).
 *
 *   zcstress cost KIND IFACE SIZE COUNT WSET_KB ZC BATCH SRC DST DMAC
 *       COUNT frames of SIZE bytes from a buffer ring of WSET_KB, in
 *       sendmmsg() batches of BATCH, with (ZC=1) or without MSG_ZEROCOPY,
 *       or (ZC=2) through a PACKET_TX_RING; SIZE above 9000 is a UDP GSO
 *       super-frame (packet only, PACKET_VNET_HDR); prints guest CPU
 *       (getrusage) per frame and error-queue messages per send.
 *
 *   zcstress batch KIND IFACE NBATCH BATCH SRC DST DMAC
 *   zcstress batchdrop packet IFACE NBATCH BATCH SRC DST DMAC DROPIFACE
 *       sendmmsg() batches of zerocopy frames sharing one notification;
 *       see cmd_batch_common().
 *
 *   zcstress plugdrop KIND IFACE SRC DST DMAC
 *       a message dropped mid-batch while the frames before it are held
 *       in flight by a plug qdisc; see cmd_plugdrop().
 *
 *   zcstress gso IFACE SRC DST DMAC PORT ROUNDS OUT_PCAP
 *       UDP GSO super-frames up to 64 KB through PACKET_VNET_HDR with
 *       MSG_ZEROCOPY; the segments meant go to OUT_PCAP (see cmd_gso()).
 *
 *   zcstress scribble KIND IFACE COUNT SIZE SRC DST DMAC
 *       Sends COUNT numbered frames with MSG_ZEROCOPY from a ring of 8
 *       buffers and overwrites each buffer with 0xee as soon as its id
 *       completes (and only then).  Reports completions and how many were
 *       COPIED; the receiver below judges the frames.
 *
 *   zcstress rx IFACE COUNT READY_FILE IDLE_MS
 *       Receives on IFACE and checks every numbered frame byte for byte
 *       against its pattern: "rx frames=N intact=I corrupt=C missing=M".
 *
 *   zcstress features IFACE NAME on|off
 *       Sets one ethtool feature (e.g. rx-gro-list) with ETHTOOL_SFEATURES;
 *       there is no ethtool in the guest.
 *
 *   zcstress xdp IFACE on|off
 *       Attaches an XDP program that passes every frame (BPF_PROG_LOAD and
 *       IFLA_XDP over rtnetlink; no libbpf in the guest), or detaches it.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <linux/bpf.h>
#include <linux/errqueue.h>
#include <linux/ethtool.h>
#include <linux/sockios.h>
#include <linux/if_ether.h>
#include <linux/if_link.h>
#include <linux/if_packet.h>
#include <linux/netlink.h>
#include <linux/pkt_sched.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <netinet/in.h>
#include <netinet/ip.h>
#include <netinet/udp.h>
#include <poll.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/syscall.h>
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

#define MAGIC 0x7a637374u	/* "zcst" */
#define MAXFRAME 9000

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

static int64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static int64_t cpu_ns(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return (ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1000000000LL +
	       (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) * 1000LL;
}

/* ---- frames ---------------------------------------------------------------- */

struct target {
	int raw;		/* 0: packet SOCK_RAW (frame from L2), 1: raw IP */
	int ifindex;
	struct in_addr src, dst;
	uint8_t dmac[6], smac[6];
};

static uint16_t csum16(const void *data, size_t len)
{
	const uint8_t *p = data;
	uint32_t sum = 0;

	for (; len > 1; p += 2, len -= 2)
		sum += (p[0] << 8) | p[1];
	if (len)
		sum += p[0] << 8;
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return htons(~sum & 0xffff);
}

static uint8_t pattern(uint32_t seq, size_t i)
{
	return (uint8_t)(seq * 7 + i);
}

/* Ethernet (packet only) + IPv4 + UDP to port 9 + magic, seq, pattern.
 * Returns the length from the first byte the socket is given.
 */
static size_t build(uint8_t *buf, const struct target *t, size_t size,
		    uint32_t seq)
{
	size_t l2 = t->raw ? 0 : ETH_HLEN, i;
	struct iphdr *ip = (void *)(buf + l2);
	struct udphdr *udp = (void *)(ip + 1);
	uint8_t *pl = (uint8_t *)(udp + 1);
	size_t iplen = size - ETH_HLEN;	/* SIZE is the Ethernet frame */

	if (!t->raw) {
		memcpy(buf, t->dmac, 6);
		memcpy(buf + 6, t->smac, 6);
		buf[12] = 0x08;
		buf[13] = 0x00;
	}
	memset(ip, 0, sizeof(*ip));
	ip->version = 4;
	ip->ihl = 5;
	ip->ttl = 64;
	ip->protocol = IPPROTO_UDP;
	ip->id = htons((uint16_t)(seq | 1));
	ip->tot_len = htons(iplen);
	ip->saddr = t->src.s_addr;
	ip->daddr = t->dst.s_addr;
	ip->check = csum16(ip, sizeof(*ip));
	udp->source = htons(4000);
	udp->dest = htons(9);
	udp->len = htons(iplen - sizeof(*ip));
	udp->check = 0;
	((uint32_t *)pl)[0] = htonl(MAGIC);
	((uint32_t *)pl)[1] = htonl(seq);
	for (i = 8; i < iplen - sizeof(*ip) - sizeof(*udp); i++)
		pl[i] = pattern(seq, i);
	return l2 + iplen;
}

/* One record of a pcap file (time stamps zero). */
static void pcap_record(FILE *f, const uint8_t *p, uint32_t len)
{
	uint32_t rec[4] = { 0, 0, len, len };

	fwrite(rec, sizeof(rec), 1, f);
	fwrite(p, len, 1, f);
}

static int parse_mac(const char *s, uint8_t mac[6])
{
	unsigned int m[6];
	int i;

	if (sscanf(s, "%x:%x:%x:%x:%x:%x", &m[0], &m[1], &m[2], &m[3], &m[4],
		   &m[5]) != 6)
		return -1;
	for (i = 0; i < 6; i++)
		mac[i] = m[i];
	return 0;
}

static int target_parse(struct target *t, const char *kind, const char *ifn,
			const char *src, const char *dst, const char *dmac)
{
	memset(t, 0, sizeof(*t));
	if (!strcmp(kind, "raw"))
		t->raw = 1;
	else if (strcmp(kind, "packet"))
		return -1;
	t->ifindex = if_nametoindex(ifn);
	if (!t->ifindex || inet_pton(AF_INET, src, &t->src) != 1 ||
	    inet_pton(AF_INET, dst, &t->dst) != 1 || parse_mac(dmac, t->dmac))
		return -1;
	t->smac[0] = 0x02;
	t->smac[5] = 0x99;
	return 0;
}

static int zc_socket(const struct target *t, int zerocopy)
{
	int one = 1, fd, sndbuf = 4 << 20;

	if (t->raw) {
		fd = socket(AF_INET, SOCK_RAW, IPPROTO_RAW);
		if (fd >= 0)
			setsockopt(fd, SOL_IP, IP_RECVERR, &one, sizeof(one));
	} else {
		struct sockaddr_ll ll = { .sll_family = AF_PACKET,
					  .sll_ifindex = t->ifindex };

		fd = socket(AF_PACKET, SOCK_RAW, 0);
		if (fd >= 0 && bind(fd, (void *)&ll, sizeof(ll))) {
			close(fd);
			return -1;
		}
	}
	if (fd < 0)
		return -1;
	setsockopt(fd, SOL_SOCKET, SO_SNDBUFFORCE, &sndbuf, sizeof(sndbuf));
	if (zerocopy &&
	    setsockopt(fd, SOL_SOCKET, SO_ZEROCOPY, &one, sizeof(one))) {
		close(fd);
		return -1;
	}
	return fd;
}

static void fill_msg(struct msghdr *m, struct sockaddr_in *sin,
		     const struct target *t, struct iovec *iov, int iovlen)
{
	memset(m, 0, sizeof(*m));
	if (t->raw) {
		memset(sin, 0, sizeof(*sin));
		sin->sin_family = AF_INET;
		sin->sin_addr = t->dst;
		m->msg_name = sin;
		m->msg_namelen = sizeof(*sin);
	}
	m->msg_iov = iov;
	m->msg_iovlen = iovlen;
}

/* ---- completions ----------------------------------------------------------- */

struct ids {
	uint32_t size;		/* ids beyond are counted as out_of_range */
	uint8_t *seen;		/* times each id was notified (saturating) */
	uint64_t notified;	/* sum of range lengths */
	uint64_t copied;	/* ids reported COPIED */
	uint64_t msgs;		/* error-queue messages read */
	uint64_t out_of_range;
};

static int ids_init(struct ids *s, uint32_t size)
{
	memset(s, 0, sizeof(*s));
	s->size = size;
	s->seen = calloc(size ? size : 1, 1);
	return s->seen ? 0 : -1;
}

/* One zerocopy notification: each id of its range seen once more. */
static void note_range(struct ids *s, const struct sock_extended_err *e)
{
	for (uint32_t id = e->ee_info;; id++) {
		if (id < s->size) {
			if (s->seen[id] < 255)
				s->seen[id]++;
		} else {
			s->out_of_range++;
		}
		s->notified++;
		if (e->ee_code & SO_EE_CODE_ZEROCOPY_COPIED)
			s->copied++;
		if (id == e->ee_data)
			break;
	}
}

/* Read what is queued; returns the number of messages read. */
static int drain(int fd, struct ids *s)
{
	int n = 0;

	for (;;) {
		char control[256];
		struct msghdr m = { .msg_control = control,
				    .msg_controllen = sizeof(control) };
		struct cmsghdr *cm;

		if (recvmsg(fd, &m, MSG_ERRQUEUE | MSG_DONTWAIT) < 0)
			return n;
		n++;
		s->msgs++;
		for (cm = CMSG_FIRSTHDR(&m); cm; cm = CMSG_NXTHDR(&m, cm)) {
			struct sock_extended_err *e = (void *)CMSG_DATA(cm);

			if (e->ee_errno != 0 ||
			    e->ee_origin != SO_EE_ORIGIN_ZEROCOPY)
				continue;
			note_range(s, e);
		}
	}
}

/* Drain until NOTIFIED reaches WANT or IDLE_MS pass without progress. */
static void drain_until(int fd, struct ids *s, uint64_t want, int idle_ms)
{
	int64_t last = now_ns();

	while (s->notified < want &&
	       now_ns() - last < (int64_t)idle_ms * 1000000) {
		struct pollfd p = { .fd = fd, .events = 0 };

		poll(&p, 1, 50);
		if (drain(fd, s))
			last = now_ns();
	}
}

/* ids [0, ok) each exactly once, nothing else */
static void ids_judge(const struct ids *s, uint64_t ok, uint64_t *dup,
		      uint64_t *missing)
{
	uint64_t i;

	*dup = 0;
	*missing = 0;
	for (i = 0; i < s->size; i++) {
		if (i < ok && !s->seen[i])
			(*missing)++;
		if (s->seen[i] > 1)
			*dup += s->seen[i] - 1;
		if (i >= ok && s->seen[i])
			*dup += s->seen[i];
	}
	*dup += s->out_of_range;
}

/* ---- soraw ------------------------------------------------------------------- */

static int cmd_soraw(char **argv)
{
	int one = 1, fd4 = socket(AF_INET, SOCK_RAW, IPPROTO_UDP);
	int fd6 = socket(AF_INET6, SOCK_RAW, IPPROTO_UDP);
	int r4, e4, r6, e6, rh, eh;

	(void)argv;
	r4 = setsockopt(fd4, SOL_SOCKET, SO_ZEROCOPY, &one, sizeof(one));
	e4 = errno;
	r6 = setsockopt(fd6, SOL_SOCKET, SO_ZEROCOPY, &one, sizeof(one));
	e6 = errno;
	setsockopt(fd4, SOL_IP, IP_HDRINCL, &one, sizeof(one));
	rh = setsockopt(fd4, SOL_SOCKET, SO_ZEROCOPY, &one, sizeof(one));
	eh = errno;
	verdict("so_zerocopy_raw_needs_hdrincl",
		fd4 >= 0 && fd6 >= 0 && r4 && e4 == EOPNOTSUPP && r6 &&
		e6 == EOPNOTSUPP && !rh,
		"raw4 without IP_HDRINCL: %s; raw6 without IPV6_HDRINCL: %s;"
		" raw4 after IP_HDRINCL=1: %s", r4 ? strerror(e4) : "accepted",
		r6 ? strerror(e6) : "accepted", rh ? strerror(eh) : "accepted");
	return failures ? 1 : 0;
}

/* ---- mt ---------------------------------------------------------------------- */

#define MT_SLOTS	32	/* buffers per thread */
#define MT_BATCH	8	/* messages of one sendmmsg() call */
#define MT_SIZE		320	/* Ethernet frame; 14 + 128 copied, the rest pinned */
#define MT_SPLIT	200	/* a faulting send: this much readable, then none */

struct mt_ctx {
	const struct target *t;
	int fd, nthreads, brk, single;
	long count, failevery;
	uint16_t port;
	uint8_t *noaccess;	/* a PROT_NONE page */
	atomic_long ok, efault, other, retries, stalls;
	atomic_long sent;	/* successful sends counted so far */
	atomic_long done;	/* lowest id not yet completed */
	atomic_int senders;
	int other_errno;
	struct ids ids;		/* written by the reader thread only */
};

struct mt_thread {
	struct mt_ctx *c;
	int idx;
	uint8_t *slots;		/* MT_SLOTS x MT_SIZE */
	long bound[MT_SLOTS];	/* highest id the slot's frame can have; -1 free */
	uint8_t *okseq;		/* 1 for every seq sent successfully */
};

/* Frame SEQ of thread IDX: build()'s headers to PORT, the stamp
 * (MAGIC, idx << 24 | seq) and a payload no other frame of the run has.
 */
static size_t mt_build(uint8_t *buf, const struct target *t, uint16_t port,
		       int idx, uint32_t seq)
{
	uint32_t stamp = (uint32_t)idx << 24 | seq, x = stamp * 2654435761u;
	size_t len = build(buf, t, MT_SIZE, stamp), i;
	struct udphdr *udp = (void *)(buf + (t->raw ? 0 : ETH_HLEN) + 20);
	uint8_t *pl = (uint8_t *)(udp + 1);

	udp->source = htons(port);
	udp->dest = htons(port);
	for (i = 8; i < MT_SIZE - ETH_HLEN - 28; i++)
		pl[i] = (uint8_t)((x >> ((i & 3) * 8)) + i);
	return len;
}

static int mt_bad(const struct mt_ctx *c, long seq)
{
	return c->failevery && seq % c->failevery == c->failevery - 1;
}

/* Wait until no id up to the slot's bound is outstanding. */
static int mt_slot_wait(struct mt_thread *th, int s)
{
	int64_t t0 = now_ns();

	if (th->c->brk)		/* the broken sender does not wait */
		th->bound[s] = -1;
	while (th->bound[s] >= 0 && atomic_load(&th->c->done) <= th->bound[s]) {
		if (now_ns() - t0 > 10000000000LL)
			return -1;
		usleep(100);
	}
	th->bound[s] = -1;
	return 0;
}

/*
 * One sender: frames seq 0..count-1 from MT_SLOTS buffers, calls
 * alternating between one sendmsg() and one sendmmsg() of up to
 * MT_BATCH messages (so both the single-send and the MSG_BATCH paths meet
 * the other thread).  Ids are handed out by the kernel in the order it
 * takes the sends of both threads, so a thread cannot know its own; it only
 * knows a bound: when a call of its returns and raises the shared count of
 * successful sends to G, every id it got is below G plus what the other
 * threads' calls in progress can hold, (THREADS - 1) * MT_BATCH.  A slot is
 * rebuilt only once every id up to that bound has completed.
 */
static void *mt_send(void *arg)
{
	struct mt_thread *th = arg;
	struct mt_ctx *c = th->c;
	struct mmsghdr mm[MT_BATCH];
	struct iovec iov[MT_BATCH][2];
	struct sockaddr_in sin;
	long pos = 0, calls = 0;

	while (pos < c->count) {
		int n = (calls++ & 1) && !c->single ? MT_BATCH : 1, i, r;

		if (pos + n > c->count)
			n = (int)(c->count - pos);
		for (i = 0; i < n; i++) {
			long seq = pos + i;
			int s = seq % MT_SLOTS;
			uint8_t *slot = th->slots + s * MT_SIZE;
			size_t len;

			if (mt_slot_wait(th, s)) {
				atomic_fetch_add(&c->stalls, 1);
				goto out;
			}
			len = mt_build(slot, c->t, c->port, th->idx, seq);
			iov[i][0].iov_base = slot;
			iov[i][0].iov_len = len;
			iov[i][1].iov_base = c->noaccess;
			iov[i][1].iov_len = len - MT_SPLIT;
			if (mt_bad(c, seq))	/* headers fine, the pinned part faults */
				iov[i][0].iov_len = MT_SPLIT;
			fill_msg(&mm[i].msg_hdr, &sin, c->t, iov[i],
				 mt_bad(c, seq) ? 2 : 1);
		}
		if (n == 1)
			r = sendmsg(c->fd, &mm[0].msg_hdr, MSG_ZEROCOPY) < 0 ? -1 : 1;
		else
			r = sendmmsg(c->fd, mm, n, MSG_ZEROCOPY);
		if (r > 0) {
			long g = atomic_fetch_add(&c->sent, r) + r;
			long bound = g - 1 + (long)(c->nthreads - 1) * MT_BATCH;

			for (i = 0; i < r; i++) {
				long seq = pos + i;
				int s = seq % MT_SLOTS;

				th->bound[s] = bound;
				th->okseq[seq] = 1;
				if (c->brk)	/* too early: still in flight */
					memset(th->slots + s * MT_SIZE + MT_SPLIT,
					       0xa5, MT_SIZE - MT_SPLIT);
			}
			atomic_fetch_add(&c->ok, r);
			pos += r;
			continue;
		}
		/* the first message failed: it is given up, unless ENOBUFS */
		if (errno == EFAULT && mt_bad(c, pos)) {
			atomic_fetch_add(&c->efault, 1);
			pos++;
		} else if (errno == ENOBUFS &&
			   atomic_fetch_add(&c->retries, 1) < 100000) {
			usleep(1000);
		} else {
			c->other_errno = errno;
			atomic_fetch_add(&c->other, 1);
			pos++;
		}
	}
out:
	atomic_fetch_sub(&c->senders, 1);
	return NULL;
}

static void mt_advance(struct mt_ctx *c)
{
	long d = atomic_load(&c->done);

	while (d < c->ids.size && c->ids.seen[d])
		d++;
	atomic_store(&c->done, d);
}

static void *mt_read(void *arg)
{
	struct mt_ctx *c = arg;

	while (atomic_load(&c->senders) > 0) {
		struct pollfd p = { .fd = c->fd, .events = 0 };

		poll(&p, 1, 5);
		drain(c->fd, &c->ids);
		mt_advance(c);
	}
	return NULL;
}

/* The frames sent, in thread and seq order, as they must leave IFACE. */
static long mt_record(struct mt_ctx *c, struct mt_thread *th, int ifindex,
		      const char *path)
{
	uint32_t hdr[6] = { 0xa1b2c3d4, 0x00040002, 0, 0, 65535, 1 };
	uint8_t frame[MT_SIZE + ETH_HLEN], smac[6];
	struct ifreq ifr = { 0 };
	long n = 0, seq;
	FILE *f = fopen(path, "wb");
	int i, s = socket(AF_INET, SOCK_DGRAM, 0);

	if (!f || s < 0 || !if_indextoname(ifindex, ifr.ifr_name) ||
	    ioctl(s, SIOCGIFHWADDR, &ifr)) {
		if (f)
			fclose(f);
		return -1;
	}
	close(s);
	memcpy(smac, ifr.ifr_hwaddr.sa_data, 6);
	fwrite(hdr, sizeof(hdr), 1, f);
	for (i = 0; i < c->nthreads; i++)
		for (seq = 0; seq < c->count; seq++) {
			size_t off = c->t->raw ? ETH_HLEN : 0, len;

			if (!th[i].okseq[seq])
				continue;
			len = mt_build(frame + off, c->t, c->port, i, seq);
			if (c->t->raw) {	/* the kernel adds Ethernet */
				memcpy(frame, c->t->dmac, 6);
				memcpy(frame + 6, smac, 6);
				frame[12] = 0x08;
				frame[13] = 0x00;
			}
			pcap_record(f, frame, (uint32_t)(len + off));
			n++;
		}
	fclose(f);
	return n;
}

/*
 * zcstress mt KIND IFACE THREADS COUNT FAILEVERY SRC DST DMAC PORT OUT_PCAP
 * (see the top of the file).  OUT_PCAP gets every frame sent; the host
 * compares it with qemu's dump of IFACE as a set, since the threads' frames
 * interleave.  ZCSTRESS_MT_BREAK=1, the deliberately broken sender: each
 * slot's pinned part is overwritten right after its send and the slot is
 * reused at once, so the dump must differ (verdict zcmt_broken_<KIND>).
 */
static int cmd_mt(char **argv)
{
	struct mt_ctx c;
	struct target t;
	struct mt_thread th[16];
	pthread_t tid[16], rd;
	int nthreads = atoi(argv[2]), i;
	uint64_t dup, missing, ok, bad = 0;
	long recorded, seq, cpus = sysconf(_SC_NPROCESSORS_ONLN);
	int64_t t0;
	char name[64];

	memset(&c, 0, sizeof(c));
	c.brk = getenv("ZCSTRESS_MT_BREAK") != NULL;
	/* sendmsg() only: to show what the ids and the wire do on a kernel
	 * without the socket lock, where the MSG_BATCH state itself races
	 */
	c.single = getenv("ZCSTRESS_MT_SINGLE") != NULL;
	snprintf(name, sizeof(name), "zcmt_%s%s", c.brk ? "broken_" : "",
		 argv[0]);
	if (target_parse(&t, argv[0], argv[1], argv[5], argv[6], argv[7]) ||
	    nthreads < 1 || nthreads > 16 || atol(argv[3]) < 1 ||
	    atol(argv[3]) >= 1L << 24 || atoi(argv[8]) < 1 ||
	    atoi(argv[8]) > 65535) {
		verdict(name, 0, "bad arguments");
		return 1;
	}
	c.t = &t;
	c.nthreads = nthreads;
	c.count = atol(argv[3]);
	c.failevery = atol(argv[4]);
	c.port = (uint16_t)atoi(argv[8]);
	c.fd = zc_socket(&t, 1);
	if (c.fd < 0) {
		verdict(name, 0, "socket/SO_ZEROCOPY: %s", strerror(errno));
		return 1;
	}
	c.noaccess = mmap(NULL, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS,
			  -1, 0);
	if (c.noaccess == MAP_FAILED ||
	    ids_init(&c.ids, (uint32_t)(c.count * nthreads + 64))) {
		verdict(name, 0, "out of memory");
		return 1;
	}
	for (i = 0; i < nthreads; i++) {
		th[i].c = &c;
		th[i].idx = i;
		th[i].slots = mmap(NULL, MT_SLOTS * MT_SIZE, PROT_READ | PROT_WRITE,
				   MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE,
				   -1, 0);
		th[i].okseq = calloc(c.count, 1);
		memset(th[i].bound, 0xff, sizeof(th[i].bound));
		if (th[i].slots == MAP_FAILED || !th[i].okseq) {
			verdict(name, 0, "out of memory");
			return 1;
		}
	}
	for (seq = 0; seq < c.count; seq++)
		bad += mt_bad(&c, seq);
	atomic_store(&c.senders, nthreads);
	t0 = now_ns();
	pthread_create(&rd, NULL, mt_read, &c);
	for (i = 0; i < nthreads; i++)
		pthread_create(&tid[i], NULL, mt_send, &th[i]);
	for (i = 0; i < nthreads; i++)
		pthread_join(tid[i], NULL);
	pthread_join(rd, NULL);
	ok = atomic_load(&c.ok);
	drain_until(c.fd, &c.ids, ok, 2000);
	ids_judge(&c.ids, ok, &dup, &missing);
	recorded = mt_record(&c, th, t.ifindex, argv[9]);
	/* the threads must really run at once, or the check is hollow */
	verdict(name, cpus >= nthreads &&
		dup == 0 && missing == 0 && c.ids.notified == ok &&
		atomic_load(&c.other) == 0 && atomic_load(&c.stalls) == 0 &&
		ok == (c.count - bad) * nthreads &&
		(uint64_t)atomic_load(&c.efault) == bad * nthreads &&
		recorded == (long)ok,
		"cpus=%ld threads=%d sends=%ld ok=%lu efault=%ld"
		" enobufs_retries=%ld"
		" other=%ld(errno %d) stalls=%ld notified=%lu duplicate_ids=%lu"
		" missing_ids=%lu copied=%lu msgs=%lu recorded=%ld seconds=%.1f",
		cpus, nthreads, c.count * nthreads, (unsigned long)ok,
		atomic_load(&c.efault), atomic_load(&c.retries),
		atomic_load(&c.other), c.other_errno, atomic_load(&c.stalls),
		(unsigned long)c.ids.notified, (unsigned long)dup,
		(unsigned long)missing, (unsigned long)c.ids.copied,
		(unsigned long)c.ids.msgs, recorded, (now_ns() - t0) / 1e9);
	printf("zcmt frames=%ld port=%u\n", recorded, c.port);
	return failures ? 1 : 0;
}

/* ---- memlock ----------------------------------------------------------------- */

static int cmd_memlock(char **argv)
{
	struct rlimit rl = { 0, 0 };
	struct target t;
	long count = atol(argv[2]), i, big_ok = 0, big_nobufs = 0, big_other = 0;
	long small_ok = 0, small_fail = 0;
	uint8_t *big, *small;
	size_t blen, slen;
	struct ids ids;
	uint64_t dup, missing;
	char name[64];
	int fd, err_small = 0, err_big = 0;

	snprintf(name, sizeof(name), "zcnobufs_memlock_%s", argv[0]);
	if (target_parse(&t, argv[0], argv[1], argv[3], argv[4], argv[5])) {
		verdict(name, 0, "bad arguments");
		return 1;
	}
	fd = zc_socket(&t, 1);
	if (fd < 0) {
		verdict(name, 0, "socket/SO_ZEROCOPY: %s", strerror(errno));
		return 1;
	}
	big = mmap(NULL, 3 * 4096, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
	small = big + 2 * 4096;
	blen = build(big, &t, 1500, 1);
	slen = build(small, &t, 100, 2);	/* fits the copied headers */
	/* no CAP_IPC_LOCK from here on, and nothing may be locked */
	if (setrlimit(RLIMIT_MEMLOCK, &rl) || setresgid(65534, 65534, 65534) ||
	    setresuid(65534, 65534, 65534)) {
		verdict(name, 0, "dropping privileges: %s", strerror(errno));
		return 1;
	}
	ids_init(&ids, (uint32_t)(2 * count + 64));
	for (i = 0; i < count; i++) {
		struct sockaddr_in sin;
		struct iovec iov = { big, blen };
		struct msghdr m;

		fill_msg(&m, &sin, &t, &iov, 1);
		if (sendmsg(fd, &m, MSG_ZEROCOPY) >= 0)
			big_ok++;
		else if (errno == ENOBUFS)
			big_nobufs++;
		else {
			big_other++;
			err_big = errno;
		}
		iov.iov_base = small;
		iov.iov_len = slen;
		if (sendmsg(fd, &m, MSG_ZEROCOPY) >= 0)
			small_ok++;
		else {
			small_fail++;
			err_small = errno;
		}
		drain(fd, &ids);
	}
	drain_until(fd, &ids, big_ok + small_ok, 1000);
	ids_judge(&ids, big_ok + small_ok, &dup, &missing);
	verdict(name, big_ok == 0 && big_nobufs == count && small_ok == count &&
		dup == 0 && missing == 0 && ids.copied == (uint64_t)small_ok,
		"RLIMIT_MEMLOCK=0 uid=65534: pinned sends ok=%ld ENOBUFS=%ld"
		" other=%ld(errno %d); copied sends ok=%ld failed=%ld(errno %d);"
		" notified=%lu copied=%lu duplicate_ids=%lu missing_ids=%lu",
		big_ok, big_nobufs, big_other, err_big, small_ok, small_fail,
		err_small, (unsigned long)ids.notified,
		(unsigned long)ids.copied, (unsigned long)dup,
		(unsigned long)missing);
	return failures ? 1 : 0;
}

/* ---- optmem ------------------------------------------------------------------ */

static int cmd_optmem(char **argv)
{
	struct target t[2];
	uint8_t *frame[2];
	size_t len[2];
	long ok = 0, depth, after = 0, i;
	struct ids ids;
	uint64_t dup, missing;
	char name[64];
	int fd, err = 0;

	snprintf(name, sizeof(name), "zcnobufs_optmem_%s", argv[0]);
	if (target_parse(&t[0], argv[0], argv[1], argv[5], argv[2], argv[6]) ||
	    target_parse(&t[1], argv[0], argv[3], argv[5], argv[4], argv[6])) {
		verdict(name, 0, "bad arguments");
		return 1;
	}
	fd = zc_socket(&t[1], 1);
	if (fd < 0) {
		verdict(name, 0, "socket/SO_ZEROCOPY: %s", strerror(errno));
		return 1;
	}
	frame[0] = mmap(NULL, 4 * 4096, PROT_READ | PROT_WRITE,
			MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
	frame[1] = frame[0] + 2 * 4096;
	for (i = 0; i < 2; i++)
		len[i] = build(frame[i], &t[i], 1500, i);
	ids_init(&ids, 1 << 16);
	for (i = 0; i < 20000; i++) {
		const struct target *ti = &t[i & 1];
		struct sockaddr_ll ll = { .sll_family = AF_PACKET,
					  .sll_protocol = htons(ETH_P_IP),
					  .sll_ifindex = ti->ifindex };
		struct sockaddr_in sin;
		struct iovec iov = { frame[i & 1], len[i & 1] };
		struct msghdr m;

		fill_msg(&m, &sin, ti, &iov, 1);
		if (!ti->raw) {
			m.msg_name = &ll;
			m.msg_namelen = sizeof(ll);
		}
		if (sendmsg(fd, &m, MSG_ZEROCOPY) < 0) {
			err = errno;
			break;
		}
		ok++;
	}
	depth = ok;
	drain_until(fd, &ids, ok, 2000);
	/* and it works again once the queue is read */
	for (i = 0; i < 100; i++) {
		struct sockaddr_in sin;
		struct iovec iov = { frame[1], len[1] };
		struct msghdr m;

		fill_msg(&m, &sin, &t[1], &iov, 1);
		if (sendmsg(fd, &m, MSG_ZEROCOPY) >= 0)
			after++;
		drain(fd, &ids);
	}
	drain_until(fd, &ids, ok + after, 2000);
	ids_judge(&ids, ok + after, &dup, &missing);
	printf("FIGURE optmem_depth_%s sends_before_enobufs=%ld\n", argv[0],
	       depth);
	verdict(name, err == ENOBUFS && depth > 0 && after == 100 && dup == 0 &&
		missing == 0 && ids.notified == (uint64_t)(ok + after),
		"zerocopy states held before the first failure: %ld (errno %d,"
		" want ENOBUFS); after reading: %ld/100 sends ok; notified=%lu"
		" duplicate_ids=%lu missing_ids=%lu msgs=%lu", depth, err, after,
		(unsigned long)ids.notified, (unsigned long)dup,
		(unsigned long)missing, (unsigned long)ids.msgs);
	return failures ? 1 : 0;
}

/* ---- optmemb ----------------------------------------------------------------- */

/*
 * zcstress optmemb KIND IFACE1 DST1 IFACE2 DST2 SRC DMAC BATCH
 *     optmem with sendmmsg() calls of BATCH messages, alternating between
 *     the two devices message by message, the error queue unread, up to
 *     20000 sends: how many sends one socket gets through before ENOBUFS
 *     at the current net.core.optmem_max, and how many error-queue
 *     messages then carry their notifications.  A figure, no verdict.
 */
static int cmd_optmemb(char **argv)
{
	struct target t[2];
	long batch = atol(argv[7]), ok = 0, i;
	struct mmsghdr *mm;
	struct iovec *iov;
	struct sockaddr_in *sin;
	struct sockaddr_ll *ll;
	uint8_t *frame[2];
	size_t len[2];
	struct ids ids;
	uint64_t dup, missing;
	int fd, err = 0, r;

	if (target_parse(&t[0], argv[0], argv[1], argv[5], argv[2], argv[6]) ||
	    target_parse(&t[1], argv[0], argv[3], argv[5], argv[4], argv[6]) ||
	    batch < 1 || batch > 1024) {
		fprintf(stderr, "zcstress optmemb: bad arguments\n");
		return 2;
	}
	fd = zc_socket(&t[1], 1);
	if (fd < 0) {
		perror("zcstress optmemb: socket/SO_ZEROCOPY");
		return 1;
	}
	frame[0] = mmap(NULL, 4 * 4096, PROT_READ | PROT_WRITE,
			MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
	frame[1] = frame[0] + 2 * 4096;
	for (i = 0; i < 2; i++)
		len[i] = build(frame[i], &t[i], 1500, i);
	mm = calloc(batch, sizeof(*mm));
	iov = calloc(batch, sizeof(*iov));
	sin = calloc(batch, sizeof(*sin));
	ll = calloc(batch, sizeof(*ll));
	if (!mm || !iov || !sin || !ll || ids_init(&ids, 1 << 16)) {
		perror("zcstress optmemb");
		return 1;
	}
	while (ok < 20000) {
		for (i = 0; i < batch; i++) {
			const struct target *ti = &t[(ok + i) & 1];

			iov[i].iov_base = frame[(ok + i) & 1];
			iov[i].iov_len = len[(ok + i) & 1];
			fill_msg(&mm[i].msg_hdr, &sin[i], ti, &iov[i], 1);
			if (!ti->raw) {
				ll[i].sll_family = AF_PACKET;
				ll[i].sll_protocol = htons(ETH_P_IP);
				ll[i].sll_ifindex = ti->ifindex;
				mm[i].msg_hdr.msg_name = &ll[i];
				mm[i].msg_hdr.msg_namelen = sizeof(ll[i]);
			}
		}
		r = sendmmsg(fd, mm, batch, MSG_ZEROCOPY);
		if (r > 0)
			ok += r;
		if (r != batch) {
			err = r < 0 ? errno : 0;
			break;
		}
	}
	drain_until(fd, &ids, ok, 2000);
	ids_judge(&ids, ok, &dup, &missing);
	printf("FIGURE optmem_batch_%s batch=%ld sends_before_enobufs=%ld"
	       " capped=%d errno=%d errq_msgs=%lu notified=%lu"
	       " duplicate_ids=%lu missing_ids=%lu\n", argv[0], batch, ok,
	       ok >= 20000, err, (unsigned long)ids.msgs,
	       (unsigned long)ids.notified, (unsigned long)dup,
	       (unsigned long)missing);
	return 0;
}

/* ---- cost -------------------------------------------------------------------- */

static size_t gso_build(uint8_t *buf, const struct target *t, uint16_t port,
			size_t paylen, uint32_t seq, uint16_t ipid);

#define COST_GSO_MSS 1448

/* A PACKET_TX_RING of NSLOTS frames of FRAME_SIZE bytes (TPACKET_V2). */
static uint8_t *cost_ring(int fd, size_t frame_size, unsigned int nslots)
{
	struct tpacket_req req = {
		.tp_block_size = frame_size, .tp_block_nr = nslots,
		.tp_frame_size = frame_size, .tp_frame_nr = nslots,
	};
	int v = TPACKET_V2;
	void *ring;

	if (setsockopt(fd, SOL_PACKET, PACKET_VERSION, &v, sizeof(v)) ||
	    setsockopt(fd, SOL_PACKET, PACKET_TX_RING, &req, sizeof(req)))
		return NULL;
	ring = mmap(NULL, frame_size * nslots, PROT_READ | PROT_WRITE,
		    MAP_SHARED | MAP_POPULATE, fd, 0);
	return ring == MAP_FAILED ? NULL : ring;
}

/*
 * zcstress cost KIND IFACE SIZE COUNT WSET_KB ZC BATCH SRC DST DMAC
 *
 * ZC 0: sendmmsg() copy, 1: sendmmsg() with MSG_ZEROCOPY, 2: packet TX
 * ring (each frame copied from the working set into a ring slot, BATCH
 * slots per send() kick).  SIZE above 9000 (packet only): a UDP GSO
 * super-frame of SIZE bytes through PACKET_VNET_HDR (gso_size 1448; the
 * device, dummy, takes GSO frames whole).
 */
static int cmd_cost(char **argv)
{
	struct target t;
	size_t size = atol(argv[2]), wset = (size_t)atol(argv[4]) << 10;
	long count = atol(argv[3]), batch = atol(argv[6]), sent = 0, nslots, i;
	int zc = atoi(argv[5]), fd, flags, gso, one = 1;
	size_t slot, len = 0, rframe = 0;
	uint8_t *ring, *txring = NULL;
	struct ids ids;
	struct mmsghdr *mm;
	struct iovec *iov;
	struct sockaddr_in sin;
	int64_t c0, w0, c1, w1;
	long errors = 0, ri = 0;
	struct vnet_hdr_cost {
		uint8_t flags, gso_type;
		uint16_t hdr_len, gso_size, csum_start, csum_offset;
	} vh = { 1, 5, ETH_HLEN + 28, COST_GSO_MSS, ETH_HLEN + 20, 6 };

	if (target_parse(&t, argv[0], argv[1], argv[7], argv[8], argv[9]) ||
	    size < 100 || size > 65536 || batch < 1 || batch > 1024 ||
	    zc < 0 || zc > 2 || ((size > MAXFRAME || zc == 2) && t.raw)) {
		fprintf(stderr, "zcstress cost: bad arguments (SIZE 100-9000,"
			" or up to 65536 and ZC 2 for packet only)\n");
		return 2;
	}
	gso = size > MAXFRAME;
	fd = zc_socket(&t, zc == 1);
	if (fd < 0 || (gso && setsockopt(fd, SOL_PACKET, PACKET_VNET_HDR,
					 &one, sizeof(one)))) {
		perror("socket");
		return 1;
	}
	slot = (size + 4095) & ~4095UL;
	nslots = wset / slot;
	if (nslots < 1)
		nslots = 1;
	ring = mmap(NULL, nslots * slot, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
	if (ring == MAP_FAILED) {
		perror("mmap");
		return 1;
	}
	for (i = 0; i < nslots; i++)
		len = gso ? gso_build(ring + i * slot, &t, 9, size - ETH_HLEN - 28,
				      i, 1) :
			    build(ring + i * slot, &t, size, i);
	if (zc == 2) {
		/* tpacket2_hdr, aligned, then the vnet header and the frame */
		rframe = (32 + sizeof(vh) + len + 4095) & ~4095UL;
		txring = cost_ring(fd, rframe, 2 * batch);
		if (!txring) {
			perror("PACKET_TX_RING");
			return 1;
		}
	}
	ids_init(&ids, 1);
	mm = calloc(batch, sizeof(*mm));
	iov = calloc(2 * batch, sizeof(*iov));
	flags = zc == 1 ? MSG_ZEROCOPY : 0;
	c0 = cpu_ns();
	w0 = now_ns();
	while (sent < count) {
		long n = count - sent < batch ? count - sent : batch;
		int r;

		if (zc == 2) {
			for (i = 0; i < n; i++, ri = (ri + 1) % (2 * batch)) {
				struct tpacket2_hdr *h =
					(void *)(txring + ri * rframe);
				uint8_t *d = (uint8_t *)h + 32;

				while (h->tp_status != TP_STATUS_AVAILABLE) {
					if (send(fd, NULL, 0, 0) < 0)
						errors++;
				}
				if (gso) {
					memcpy(d, &vh, sizeof(vh));
					d += sizeof(vh);
				}
				memcpy(d, ring + ((sent + i) % nslots) * slot,
				       len);
				h->tp_len = len + (gso ? sizeof(vh) : 0);
				__atomic_store_n(&h->tp_status,
						 TP_STATUS_SEND_REQUEST,
						 __ATOMIC_RELEASE);
			}
			r = send(fd, NULL, 0, 0);
			if (r < 0) {
				if (++errors > 1000)
					break;
				continue;
			}
			sent += n;
			continue;
		}
		for (i = 0; i < n; i++) {
			struct iovec *v = &iov[2 * i];
			int k = 0;

			if (gso) {
				v[k].iov_base = &vh;
				v[k++].iov_len = sizeof(vh);
			}
			v[k].iov_base = ring + ((sent + i) % nslots) * slot;
			v[k++].iov_len = len;
			fill_msg(&mm[i].msg_hdr, &sin, &t, v, k);
		}
		r = sendmmsg(fd, mm, n, flags);
		if (r <= 0) {
			errors++;
			if (errors > 1000)
				break;
			drain(fd, &ids);
			continue;
		}
		sent += r;
		if (zc == 1)
			drain(fd, &ids);
	}
	if (zc == 1)
		drain_until(fd, &ids, sent, 1000);
	c1 = cpu_ns();
	w1 = now_ns();
	printf("FIGURE cost kind=%s size=%zu wset_kb=%zu zc=%d batch=%ld"
	       " frames=%ld cpu_ns_per_frame=%.0f wall_ns_per_frame=%.0f"
	       " errq_msgs_per_send=%.4f notified=%lu copied=%lu errors=%ld\n",
	       argv[0], size, wset >> 10, zc, batch, sent,
	       sent ? (double)(c1 - c0) / sent : 0.0,
	       sent ? (double)(w1 - w0) / sent : 0.0,
	       sent ? (double)ids.msgs / sent : 0.0,
	       (unsigned long)ids.notified, (unsigned long)ids.copied, errors);
	return 0;
}

/* ---- batch ------------------------------------------------------------------- */

#ifndef MSG_BATCH
#define MSG_BATCH 0x40000
#endif

/* One error-queue read: the ranges of every zerocopy notification queued,
 * into IDS as drain() does, and the first one into *LO / *HI.
 */
static int drain_ranges(int fd, struct ids *s, uint32_t *lo, uint32_t *hi)
{
	uint64_t msgs = s->msgs;

	*lo = *hi = UINT32_MAX;
	for (;;) {
		char control[256];
		struct msghdr m = { .msg_control = control,
				    .msg_controllen = sizeof(control) };
		struct cmsghdr *cm;

		if (recvmsg(fd, &m, MSG_ERRQUEUE | MSG_DONTWAIT) < 0)
			break;
		s->msgs++;
		for (cm = CMSG_FIRSTHDR(&m); cm; cm = CMSG_NXTHDR(&m, cm)) {
			struct sock_extended_err *e = (void *)CMSG_DATA(cm);

			if (e->ee_errno != 0 ||
			    e->ee_origin != SO_EE_ORIGIN_ZEROCOPY)
				continue;
			if (*lo == UINT32_MAX) {
				*lo = e->ee_info;
				*hi = e->ee_data;
			}
			note_range(s, e);
		}
	}
	return (int)(s->msgs - msgs);
}

/* "sockets: used" of /proc/net/sockstat, or -1 */
static long sockets_used(void)
{
	FILE *f = fopen("/proc/net/sockstat", "r");
	long n = -1;

	if (f) {
		if (fscanf(f, "sockets: used %ld", &n) != 1)
			n = -1;
		fclose(f);
	}
	return n;
}

/* Wait up to IDLE_MS for notifications, then read what came. */
static int wait_ranges(int fd, struct ids *s, uint64_t want, int idle_ms,
		       uint32_t *lo, uint32_t *hi)
{
	int64_t t0 = now_ns();
	int n = 0;
	uint32_t l, h;

	*lo = *hi = UINT32_MAX;
	while (s->notified < want &&
	       now_ns() - t0 < (int64_t)idle_ms * 1000000) {
		struct pollfd p = { .fd = fd, .events = 0 };

		poll(&p, 1, 20);
		n += drain_ranges(fd, s, &l, &h);
		if (*lo == UINT32_MAX && l != UINT32_MAX) {
			*lo = l;
			*hi = h;
		}
	}
	return n;
}

/*
 * zcstress batch KIND IFACE NBATCH BATCH SRC DST DMAC [DROPIFACE]
 *
 * IFACE completes every frame at once (dummy0), so per send the
 * notification is queued before sendmsg() returns unless the kernel holds
 * it for a MSG_BATCH run.  Four checks on one socket, ids counted from 0:
 *
 *   zcbatch_sendmmsg_KIND  NBATCH sendmmsg() calls of BATCH frames: one
 *       error-queue message per call, covering exactly the call's BATCH
 *       consecutive ids; every id once.
 *   zcbatch_held_KIND  BATCH sendmsg() calls with MSG_BATCH, the error
 *       queue read after each: nothing may arrive while the run is open
 *       (one state is extended, so it completes when the run ends); then
 *       one send without MSG_BATCH: one message covering the BATCH + 1 ids.
 *       Without the batching patches every send is notified at once.
 *   zcbatch_fail_KIND  a sendmmsg() of BATCH whose message BATCH/2 faults
 *       in its pinned part after it got its id: sendmmsg() returns
 *       BATCH/2, the ids of those arrive without a further send (the run
 *       ended with the failure), and the failed message consumed no id
 *       (the next call's ids follow on directly).
 *   zcbatch_close_KIND  20 sockets each left with an open run (one send
 *       with MSG_BATCH, no follow-up) and closed: the held state holds a
 *       socket reference, so unless close releases it the sockets stay
 *       allocated ("sockets: used" in /proc/net/sockstat counts every
 *       struct sock of the namespace until it is freed).
 *   zcbatch_drop_packet  (packet, with DROPIFACE: a veth whose peer is
 *       down, and PACKET_QDISC_BYPASS, so dev_direct_xmit() drops there
 *       after the hand-off): message BATCH/2 of a sendmmsg() goes to
 *       DROPIFACE and fails with ENOBUFS; as for fail.
 */
static int cmd_batch_common(char **argv, const char *dropifn)
{
	struct target t;
	long nbatch = atol(argv[2]), batch = atol(argv[3]), i, j;
	struct mmsghdr *mm;
	struct iovec *iov;
	struct sockaddr_in *sin;
	struct sockaddr_ll *ll;
	uint8_t *frame, *noaccess;
	size_t len;
	struct ids ids;
	uint64_t next = 0, dup, missing;
	uint32_t lo, hi;
	char name[64];
	long bad_msgs = 0, bad_range = 0, early = 0;
	int fd, r, n, one = 1, dropidx = 0, kind_ok;

	if (target_parse(&t, argv[0], argv[1], argv[4], argv[5], argv[6]) ||
	    nbatch < 1 || nbatch > 1000 || batch < 4 || batch > 1024) {
		fprintf(stderr, "zcstress batch: bad arguments\n");
		return 2;
	}
	if (dropifn) {
		dropidx = if_nametoindex(dropifn);
		if (!dropidx || t.raw) {
			fprintf(stderr, "zcstress batch: bad drop interface\n");
			return 2;
		}
	}
	fd = zc_socket(&t, 1);
	if (fd < 0) {
		snprintf(name, sizeof(name), "zcbatch_sendmmsg_%s", argv[0]);
		verdict(name, 0, "socket/SO_ZEROCOPY: %s", strerror(errno));
		return 1;
	}
	if (dropidx && setsockopt(fd, SOL_PACKET, PACKET_QDISC_BYPASS, &one,
				  sizeof(one))) {
		verdict("zcbatch_drop_packet", 0, "PACKET_QDISC_BYPASS: %s",
			strerror(errno));
		return 1;
	}
	frame = mmap(NULL, 2 * 4096, PROT_READ | PROT_WRITE,
		     MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
	noaccess = mmap(NULL, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS,
			-1, 0);
	mm = calloc(batch, sizeof(*mm));
	iov = calloc(2 * batch, sizeof(*iov));
	sin = calloc(batch, sizeof(*sin));
	ll = calloc(batch, sizeof(*ll));
	if (frame == MAP_FAILED || noaccess == MAP_FAILED || !mm || !iov ||
	    !sin || !ll ||
	    ids_init(&ids, (uint32_t)(nbatch * batch + 4 * batch + 64))) {
		perror("zcstress batch");
		return 1;
	}
	len = build(frame, &t, 1500, 1);

	if (dropidx)
		goto drop;

	/* 1. sendmmsg: one notification per call, the call's ids */
	for (i = 0; i < nbatch; i++) {
		for (j = 0; j < batch; j++) {
			iov[j].iov_base = frame;
			iov[j].iov_len = len;
			fill_msg(&mm[j].msg_hdr, &sin[j], &t, &iov[j], 1);
		}
		r = sendmmsg(fd, mm, batch, MSG_ZEROCOPY);
		if (r != batch) {
			snprintf(name, sizeof(name), "zcbatch_sendmmsg_%s",
				 argv[0]);
			verdict(name, 0, "sendmmsg returned %d (%s), want %ld",
				r, r < 0 ? strerror(errno) : "short", batch);
			return 1;
		}
		n = wait_ranges(fd, &ids, next + batch, 2000, &lo, &hi);
		if (n != 1)
			bad_msgs++;
		if (lo != next || hi != next + batch - 1)
			bad_range++;
		next += batch;
	}
	ids_judge(&ids, next, &dup, &missing);
	snprintf(name, sizeof(name), "zcbatch_sendmmsg_%s", argv[0]);
	verdict(name, !bad_msgs && !bad_range && !dup && !missing &&
		ids.notified == next,
		"%ld calls of %ld: ids=%lu notified=%lu msgs=%lu"
		" calls_not_one_msg=%ld calls_wrong_range=%ld duplicate_ids=%lu"
		" missing_ids=%lu copied=%lu", nbatch, batch,
		(unsigned long)next, (unsigned long)ids.notified,
		(unsigned long)ids.msgs, bad_msgs, bad_range,
		(unsigned long)dup, (unsigned long)missing,
		(unsigned long)ids.copied);

	/* 2. a run held open with MSG_BATCH by hand */
	for (j = 0; j < batch; j++) {
		struct msghdr m;

		iov[0].iov_base = frame;
		iov[0].iov_len = len;
		fill_msg(&m, &sin[0], &t, &iov[0], 1);
		if (sendmsg(fd, &m, MSG_ZEROCOPY | MSG_BATCH) < 0) {
			snprintf(name, sizeof(name), "zcbatch_held_%s",
				 argv[0]);
			verdict(name, 0, "sendmsg: %s", strerror(errno));
			return 1;
		}
		early += drain_ranges(fd, &ids, &lo, &hi);
	}
	{
		struct msghdr m;

		fill_msg(&m, &sin[0], &t, &iov[0], 1);
		r = sendmsg(fd, &m, MSG_ZEROCOPY);
	}
	n = wait_ranges(fd, &ids, next + batch + 1, 2000, &lo, &hi);
	snprintf(name, sizeof(name), "zcbatch_held_%s", argv[0]);
	verdict(name, r >= 0 && early == 0 && n == 1 && lo == next &&
		hi == next + batch,
		"%ld sends with MSG_BATCH: %ld notifications while the run was"
		" open (want 0); after the closing send (rc %d): %d"
		" message(s), range [%u, %u] (want [%lu, %lu])", batch, early,
		r, n, lo, hi, (unsigned long)next,
		(unsigned long)(next + batch));
	next += batch + (r >= 0);

	/* 3. a message that faults in the middle of a sendmmsg() */
	kind_ok = 1;
	for (j = 0; j < batch; j++) {
		iov[2 * j].iov_base = frame;
		if (j == batch / 2) {
			iov[2 * j].iov_len = 200;
			iov[2 * j + 1].iov_base = noaccess;
			iov[2 * j + 1].iov_len = len - 200;
		} else {
			iov[2 * j].iov_len = len;
		}
		fill_msg(&mm[j].msg_hdr, &sin[j], &t, &iov[2 * j],
			 j == batch / 2 ? 2 : 1);
	}
	r = sendmmsg(fd, mm, batch, MSG_ZEROCOPY);
	if (r != batch / 2)
		kind_ok = 0;
	n = wait_ranges(fd, &ids, next + (r > 0 ? r : 0), 2000, &lo, &hi);
	if (r > 0 && (lo != next || ids.notified != next + r))
		kind_ok = 0;
	if (r > 0)
		next += r;
	/* the next call's ids follow on directly */
	for (j = 0; j < batch; j++) {
		iov[j].iov_base = frame;
		iov[j].iov_len = len;
		fill_msg(&mm[j].msg_hdr, &sin[j], &t, &iov[j], 1);
	}
	i = sendmmsg(fd, mm, batch, MSG_ZEROCOPY);
	wait_ranges(fd, &ids, next + (i > 0 ? i : 0), 2000, &lo, &hi);
	if (i != batch || lo != next)
		kind_ok = 0;
	if (i > 0)
		next += i;
	ids_judge(&ids, next, &dup, &missing);
	snprintf(name, sizeof(name), "zcbatch_fail_%s", argv[0]);
	verdict(name, kind_ok && !dup && !missing && ids.notified == next,
		"faulting message %ld of %ld: sendmmsg returned %d (want %ld),"
		" %d message(s) without a further send; next call %ld, its"
		" first id %u; all: ids=%lu notified=%lu duplicate_ids=%lu"
		" missing_ids=%lu", batch / 2, batch, r, batch / 2, n, i, lo,
		(unsigned long)next, (unsigned long)ids.notified,
		(unsigned long)dup, (unsigned long)missing);

	/* 5. open runs on closed sockets must not keep the sockets alive */
	{
		long base = sockets_used(), after = -1;
		int64_t t0;
		int k, bad = 0;

		for (k = 0; k < 20; k++) {
			int s2 = zc_socket(&t, 1);
			struct msghdr m;

			iov[0].iov_base = frame;
			iov[0].iov_len = len;
			fill_msg(&m, &sin[0], &t, &iov[0], 1);
			if (s2 < 0 || sendmsg(s2, &m, MSG_ZEROCOPY | MSG_BATCH) < 0)
				bad++;
			if (s2 >= 0)
				close(s2);
		}
		t0 = now_ns();
		do {
			usleep(20000);
			after = sockets_used();
		} while (after != base && now_ns() - t0 < 3000000000LL);
		snprintf(name, sizeof(name), "zcbatch_close_%s", argv[0]);
		verdict(name, base >= 0 && !bad && after == base,
			"20 sockets closed with a MSG_BATCH run open (%d sends"
			" failed): sockets used %ld before, %ld 3 s after (want"
			" equal)", bad, base, after);
	}
	return failures ? 1 : 0;

drop:
	/* 4. the device layer drops message BATCH/2 after the hand-off */
	kind_ok = 1;
	for (j = 0; j < batch; j++) {
		iov[j].iov_base = frame;
		iov[j].iov_len = len;
		fill_msg(&mm[j].msg_hdr, &sin[j], &t, &iov[j], 1);
		ll[j].sll_family = AF_PACKET;
		ll[j].sll_protocol = htons(ETH_P_IP);
		ll[j].sll_ifindex = j == batch / 2 ? dropidx : t.ifindex;
		mm[j].msg_hdr.msg_name = &ll[j];
		mm[j].msg_hdr.msg_namelen = sizeof(ll[j]);
	}
	for (i = 0; i < nbatch; i++) {
		errno = 0;
		r = sendmmsg(fd, mm, batch, MSG_ZEROCOPY);
		if (r != batch / 2)
			kind_ok = 0;
		n = wait_ranges(fd, &ids, next + (r > 0 ? r : 0), 2000, &lo,
				&hi);
		if (r > 0 && (lo != next || ids.notified != next + r))
			kind_ok = 0;
		if (r > 0)
			next += r;
		/* the dropped message alone: it fails and consumes no id */
		r = sendmmsg(fd, mm + batch / 2, 1, MSG_ZEROCOPY);
		if (r != -1 || errno != ENOBUFS)
			kind_ok = 0;
	}
	/* and the ids go on where they stopped */
	r = sendmmsg(fd, mm, batch / 2, MSG_ZEROCOPY);
	wait_ranges(fd, &ids, next + (r > 0 ? r : 0), 2000, &lo, &hi);
	if (r != batch / 2 || lo != next)
		kind_ok = 0;
	if (r > 0)
		next += r;
	drain_until(fd, &ids, next, 500);
	ids_judge(&ids, next, &dup, &missing);
	verdict("zcbatch_drop_packet", kind_ok && !dup && !missing &&
		ids.notified == next,
		"%ld sendmmsg() of %ld with message %ld dropped by %s after"
		" the hand-off: last call's first id %u; all: ids=%lu"
		" notified=%lu msgs=%lu duplicate_ids=%lu missing_ids=%lu",
		nbatch, batch, batch / 2, dropifn, lo, (unsigned long)next,
		(unsigned long)ids.notified, (unsigned long)ids.msgs,
		(unsigned long)dup, (unsigned long)missing);
	return failures ? 1 : 0;
}

static int cmd_batch(char **argv)
{
	return cmd_batch_common(argv, NULL);
}

static int cmd_batchdrop(char **argv)
{
	return cmd_batch_common(argv, argv[7]);
}

/* A plug qdisc as root of IFINDEX (RTM_NEWQDISC, created once), or an
 * ACTION for the one there: it holds every frame until released.
 */
static int qdisc_plug(int ifindex, int create, int action, uint32_t limit)
{
	struct {
		struct nlmsghdr nh;
		struct tcmsg tc;
		char attrs[64];
	} req;
	struct tc_plug_qopt opt = { .action = action, .limit = limit };
	struct rtattr *kind, *opts;
	char ack[512];
	struct nlmsgerr *ne;
	ssize_t n;
	int nl, err;

	memset(&req, 0, sizeof(req));
	req.nh.nlmsg_type = RTM_NEWQDISC;
	req.nh.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK |
			     (create ? NLM_F_CREATE | NLM_F_EXCL : 0);
	req.tc.tcm_family = AF_UNSPEC;
	req.tc.tcm_ifindex = ifindex;
	req.tc.tcm_handle = 0x10000;		/* 1: */
	req.tc.tcm_parent = TC_H_ROOT;
	kind = (void *)req.attrs;
	kind->rta_type = TCA_KIND;
	kind->rta_len = RTA_LENGTH(sizeof("plug"));
	memcpy(RTA_DATA(kind), "plug", sizeof("plug"));
	opts = (void *)(req.attrs + RTA_ALIGN(kind->rta_len));
	opts->rta_type = TCA_OPTIONS;
	opts->rta_len = RTA_LENGTH(sizeof(opt));
	memcpy(RTA_DATA(opts), &opt, sizeof(opt));
	req.nh.nlmsg_len = NLMSG_LENGTH(sizeof(req.tc)) +
			   RTA_ALIGN(kind->rta_len) + RTA_ALIGN(opts->rta_len);
	nl = socket(AF_NETLINK, SOCK_RAW, NETLINK_ROUTE);
	if (nl < 0 || send(nl, &req, req.nh.nlmsg_len, 0) < 0) {
		err = errno;
		if (nl >= 0)
			close(nl);
		return -err;
	}
	n = recv(nl, ack, sizeof(ack), 0);
	close(nl);
	ne = NLMSG_DATA((struct nlmsghdr *)ack);
	if (n < (ssize_t)NLMSG_LENGTH(sizeof(*ne)))
		return -EIO;
	return ne->error;
}

/*
 * zcstress plugdrop KIND IFACE SRC DST DMAC
 *
 * A message dropped in the middle of a sendmmsg() while the frames before
 * it are still in flight.  IFACE (a dummy device of its own) gets a plug
 * qdisc that holds frames until released, limited to 8 frames of 1500
 * bytes.  One sendmmsg() of 16 zerocopy frames from 16 buffers: frames
 * 0-7 wait in the qdisc sharing one zerocopy state, frame 8 is dropped by
 * the qdisc after the hand-off (ENOBUFS), so the call returns 8.  Then:
 * no notification may arrive while the 8 are held (their buffers are
 * still the kernel's; the sender overwrites the 8 it got back); frame 8
 * alone fails again with ENOBUFS; after the release, one notification
 * covers exactly ids 0-7, not COPIED; a last sendmmsg() of frames 8-15
 * gets ids 8-15 (the drops consumed none).  Verdict
 * zcbatch_inflight_drop_KIND.
 */
static int cmd_plugdrop(char **argv)
{
	enum { N = 16, HELD = 8, SIZE = 1500 };
	struct target t;
	struct mmsghdr mm[N];
	struct iovec iov[N];
	struct sockaddr_in sin[N];
	uint8_t *buf;
	size_t len = 0;
	struct ids ids;
	uint64_t dup, missing;
	uint32_t lo = UINT32_MAX, hi = UINT32_MAX, lo2 = UINT32_MAX, hi2;
	int fd, r1, r2 = 0, r3 = 0, e2 = 0, n_held, n_rel, qerr, j;
	int64_t t0;
	char name[64];

	snprintf(name, sizeof(name), "zcbatch_inflight_drop_%s", argv[0]);
	if (target_parse(&t, argv[0], argv[1], argv[2], argv[3], argv[4])) {
		fprintf(stderr, "zcstress plugdrop: bad arguments\n");
		return 2;
	}
	qerr = qdisc_plug(t.ifindex, 1, TCQ_PLUG_BUFFER, HELD * SIZE);
	if (qerr) {
		verdict(name, 0, "plug qdisc on %s: %s", argv[1],
			strerror(-qerr));
		return 1;
	}
	fd = zc_socket(&t, 1);
	buf = mmap(NULL, N * 4096, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
	if (fd < 0 || buf == MAP_FAILED || ids_init(&ids, 64)) {
		verdict(name, 0, "socket/SO_ZEROCOPY: %s", strerror(errno));
		return 1;
	}
	for (j = 0; j < N; j++) {
		len = build(buf + j * 4096, &t, SIZE, 100 + j);
		iov[j].iov_base = buf + j * 4096;
		iov[j].iov_len = len;
		fill_msg(&mm[j].msg_hdr, &sin[j], &t, &iov[j], 1);
	}
	r1 = sendmmsg(fd, mm, N, MSG_ZEROCOPY);
	/* held: nothing may complete, however long we wait */
	t0 = now_ns();
	while (now_ns() - t0 < 500000000LL) {
		struct pollfd p = { .fd = fd, .events = 0 };

		poll(&p, 1, 50);
		drain(fd, &ids);
	}
	n_held = (int)ids.notified;
	/* what did not go out is the sender's again */
	for (j = r1 > 0 ? r1 : 0; j < N; j++)
		memset(buf + j * 4096, 0xa5, 4096);
	if (r1 == HELD) {
		build(buf + HELD * 4096, &t, SIZE, 100 + HELD);
		errno = 0;
		r2 = sendmmsg(fd, mm + HELD, 1, MSG_ZEROCOPY);
		e2 = errno;
		memset(buf + HELD * 4096, 0xa5, 4096);
	}
	qerr = qdisc_plug(t.ifindex, 0, TCQ_PLUG_RELEASE_INDEFINITE,
			  HELD * SIZE);
	n_rel = wait_ranges(fd, &ids, HELD, 3000, &lo, &hi);
	if (r1 == HELD && r2 == -1) {
		for (j = HELD; j < N; j++)
			build(buf + j * 4096, &t, SIZE, 100 + j);
		r3 = sendmmsg(fd, mm + HELD, N - HELD, MSG_ZEROCOPY);
		wait_ranges(fd, &ids, N, 3000, &lo2, &hi2);
	}
	drain_until(fd, &ids, r1 > 0 ? r1 + (r3 > 0 ? r3 : 0) : 0, 500);
	ids_judge(&ids, r1 == HELD ? HELD + (r3 > 0 ? r3 : 0) : 0, &dup,
		  &missing);
	verdict(name, r1 == HELD && n_held == 0 && r2 == -1 && e2 == ENOBUFS &&
		!qerr && n_rel == 1 && lo == 0 && hi == HELD - 1 &&
		r3 == N - HELD && lo2 == HELD && !dup && !missing &&
		ids.notified == N && ids.copied == 0,
		"sendmmsg of %d into a plug holding %d: returned %d (want %d);"
		" %d ids notified while held (want 0); the dropped frame alone:"
		" %d (%s, want ENOBUFS); after the release (%s): %d message(s),"
		" range [%u, %u] (want [0, %d]); then %d more (want %d), first"
		" id %u (want %d); notified=%lu copied=%lu duplicate_ids=%lu"
		" missing_ids=%lu", N, HELD, r1, HELD, n_held, r2,
		strerror(e2), qerr ? strerror(-qerr) : "ok", n_rel, lo, hi,
		HELD - 1, r3, N - HELD, lo2, HELD,
		(unsigned long)ids.notified, (unsigned long)ids.copied,
		(unsigned long)dup, (unsigned long)missing);
	return failures ? 1 : 0;
}

/* ---- gso --------------------------------------------------------------------- */

#ifndef PACKET_VNET_HDR
#define PACKET_VNET_HDR 15
#endif

struct vnet_hdr {		/* struct virtio_net_hdr, little endian */
	uint8_t flags, gso_type;
	uint16_t hdr_len, gso_size, csum_start, csum_offset;
};

static uint32_t sum16(uint32_t sum, const void *data, size_t len)
{
	const uint8_t *p = data;

	for (; len > 1; p += 2, len -= 2)
		sum += (p[0] << 8) | p[1];
	if (len)
		sum += p[0] << 8;
	return sum;
}

static uint16_t fold16(uint32_t sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)sum;
}

static uint32_t pseudo4(const struct iphdr *ip, uint16_t udplen)
{
	uint32_t sum = sum16(0, &ip->saddr, 8);

	return sum + IPPROTO_UDP + udplen;
}

/* Ethernet + IPv4 + UDP + payload of PAYLEN bytes stamped with MAGIC,
 * super-frame number SEQ and a pattern; checksum fields as for a
 * CHECKSUM_PARTIAL send (pseudo header only).
 */
static size_t gso_build(uint8_t *buf, const struct target *t, uint16_t port,
			size_t paylen, uint32_t seq, uint16_t ipid)
{
	struct iphdr *ip = (void *)(buf + ETH_HLEN);
	struct udphdr *udp = (void *)(ip + 1);
	uint8_t *pl = (uint8_t *)(udp + 1);
	size_t i;

	memcpy(buf, t->dmac, 6);
	memcpy(buf + 6, t->smac, 6);
	buf[12] = 0x08;
	buf[13] = 0x00;
	memset(ip, 0, sizeof(*ip));
	ip->version = 4;
	ip->ihl = 5;
	ip->ttl = 64;
	ip->frag_off = htons(IP_DF);
	ip->protocol = IPPROTO_UDP;
	ip->id = htons(ipid);
	ip->tot_len = htons(sizeof(*ip) + sizeof(*udp) + paylen);
	ip->saddr = t->src.s_addr;
	ip->daddr = t->dst.s_addr;
	ip->check = csum16(ip, sizeof(*ip));
	udp->source = htons(port);
	udp->dest = htons(port);
	udp->len = htons(sizeof(*udp) + paylen);
	udp->check = htons(fold16(pseudo4(ip, sizeof(*udp) + paylen)));
	for (i = 0; i < paylen; i++)
		pl[i] = (uint8_t)(seq * 13 + i * 7 + (i >> 8));
	for (i = 0; i + 8 <= paylen; i += 1000) {
		((uint32_t *)(pl + i))[0] = htonl(MAGIC);
		((uint32_t *)(pl + i))[1] = htonl(seq);
	}
	return ETH_HLEN + sizeof(*ip) + sizeof(*udp) + paylen;
}

/* The segments UDP GSO makes of a super-frame of the given layout, as they
 * must leave the device: IPv4 ids counting up from the super-frame's,
 * lengths and both checksums complete.
 */
static long gso_expect(FILE *f, const uint8_t *super, size_t paylen,
		       size_t mss)
{
	const struct iphdr *sip = (const void *)(super + ETH_HLEN);
	size_t hl = ETH_HLEN + sizeof(struct iphdr) + sizeof(struct udphdr);
	uint8_t seg[ETH_HLEN + 60 + 8 + 2048];
	size_t off;
	long n = 0;

	for (off = 0; off < paylen; off += mss, n++) {
		size_t l = paylen - off < mss ? paylen - off : mss;
		struct iphdr *ip = (void *)(seg + ETH_HLEN);
		struct udphdr *udp = (void *)(ip + 1);
		uint32_t sum;

		memcpy(seg, super, hl);
		memcpy(seg + hl, super + hl + off, l);
		ip->id = htons(ntohs(sip->id) + n);
		ip->tot_len = htons(sizeof(*ip) + sizeof(*udp) + l);
		ip->check = 0;
		ip->check = csum16(ip, sizeof(*ip));
		udp->len = htons(sizeof(*udp) + l);
		udp->check = 0;
		sum = pseudo4(ip, sizeof(*udp) + l);
		sum = sum16(sum, udp, sizeof(*udp) + l);
		udp->check = htons((uint16_t)~fold16(sum));
		if (!udp->check)
			udp->check = 0xffff;
		pcap_record(f, seg, hl + l);
	}
	return n;
}

/*
 * zcstress gso IFACE SRC DST DMAC PORT ROUNDS OUT_PCAP
 *
 * Packet SOCK_RAW with PACKET_VNET_HDR on IFACE (virtio-net with
 * scatter-gather; its UDP segmentation offload is off, so the guest's GSO
 * segments): ROUNDS rounds of three UDP GSO super-frames sent with
 * MSG_ZEROCOPY from two page-aligned slots: 46 x 1400 bytes (a 64 KB frame),
 * 3 segments with a short last one, and 20 x 1000 + 7.  A slot is
 * overwritten with 0xee as soon as its id completes, then rebuilt for its
 * next frame.  OUT_PCAP gets the segments that must leave the device; the
 * host compares them with qemu's dump.  Verdict zcgso_send: every send
 * succeeds and its id completes, none COPIED.  ZCSTRESS_GSO_BREAK=1, the
 * deliberately broken sender: every slot is overwritten with 0xa5 right
 * after its send, before its id completes, so the dump must differ
 * (verdict zcgso_broken_send).
 */
static int cmd_gso(char **argv)
{
	static const struct { size_t paylen, mss; } plan[] = {
		{ 46 * 1400, 1400 }, { 2 * 1400 + 500, 1400 },
		{ 20 * 1000 + 7, 1000 },
	};
	struct target t;
	uint16_t port = (uint16_t)atoi(argv[4]);
	long rounds = atol(argv[5]), sent = 0, segs = 0, i;
	size_t slotsz = 17 * 4096;
	uint8_t *slots;
	struct ids ids;
	uint64_t dup, missing;
	int fd, one = 1, one_zc = 1, err = 0, brk = 0;
	const char *vname = "zcgso_send";
	FILE *f;
	uint32_t hdr[6] = { 0xa1b2c3d4, 0x00040002, 0, 0, 65535, 1 };
	struct sockaddr_ll ll = { .sll_family = AF_PACKET };

	if (target_parse(&t, "packet", argv[0], argv[1], argv[2], argv[3]) ||
	    !port || rounds < 1 || rounds > 1000) {
		fprintf(stderr, "zcstress gso: bad arguments\n");
		return 2;
	}
	ll.sll_ifindex = t.ifindex;
	fd = socket(AF_PACKET, SOCK_RAW, 0);
	/* ZCSTRESS_GSO_COPY=1: without SO_ZEROCOPY, to check the expected
	 * segments against a stock kernel's GSO
	 */
	if (getenv("ZCSTRESS_GSO_COPY"))
		one_zc = 0;
	if (getenv("ZCSTRESS_GSO_BREAK")) {
		brk = 1;
		vname = "zcgso_broken_send";
	}
	if (fd < 0 || bind(fd, (void *)&ll, sizeof(ll)) ||
	    setsockopt(fd, SOL_PACKET, PACKET_VNET_HDR, &one, sizeof(one)) ||
	    (one_zc && setsockopt(fd, SOL_SOCKET, SO_ZEROCOPY, &one,
				  sizeof(one)))) {
		verdict(vname, 0, "socket/PACKET_VNET_HDR/SO_ZEROCOPY: %s",
			strerror(errno));
		return 1;
	}
	slots = mmap(NULL, 2 * slotsz, PROT_READ | PROT_WRITE,
		     MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
	f = fopen(argv[6], "wb");
	if (slots == MAP_FAILED || !f ||
	    ids_init(&ids, (uint32_t)(rounds * 3 + 16))) {
		perror("zcstress gso");
		return 1;
	}
	fwrite(hdr, sizeof(hdr), 1, f);
	for (i = 0; i < rounds * 3 && !err; i++) {
		uint8_t *slot = slots + (i & 1) * slotsz;
		size_t paylen = plan[i % 3].paylen, mss = plan[i % 3].mss, len;
		struct vnet_hdr vh = {
			.flags = 1,		/* VIRTIO_NET_HDR_F_NEEDS_CSUM */
			.gso_type = 5,		/* VIRTIO_NET_HDR_GSO_UDP_L4 */
			.hdr_len = ETH_HLEN + 28,
			.gso_size = mss,
			.csum_start = ETH_HLEN + 20,
			.csum_offset = 6,
		};
		struct iovec iov[2];
		struct msghdr m = { .msg_iov = iov, .msg_iovlen = 2 };

		/* the slot's previous frame must have completed */
		if (i >= 2 && one_zc)
			drain_until(fd, &ids, i - 1, 5000);
		if (i >= 2 && one_zc && !ids.seen[i - 2]) {
			err = -1;
			break;
		}
		len = gso_build(slot, &t, port, paylen, i,
				(uint16_t)(i * 64 + 1));
		segs += gso_expect(f, slot, paylen, mss);
		iov[0].iov_base = &vh;
		iov[0].iov_len = sizeof(vh);
		iov[1].iov_base = slot;
		iov[1].iov_len = len;
		if (sendmsg(fd, &m, one_zc ? MSG_ZEROCOPY : 0) < 0) {
			err = errno;
			break;
		}
		sent++;
		if (brk)	/* the broken sender: too early */
			memset(slot, 0xa5, slotsz);
		drain(fd, &ids);
		/* scribble on every slot whose id completed */
		if (i >= 1 && ids.seen[i - 1])
			memset(slots + ((i - 1) & 1) * slotsz, 0xee, slotsz);
	}
	fclose(f);
	drain_until(fd, &ids, sent, 5000);
	ids_judge(&ids, sent, &dup, &missing);
	verdict(vname, !err && sent == rounds * 3 && !dup && !missing &&
		ids.notified == (uint64_t)sent && ids.copied == 0,
		"%ld UDP GSO super-frames (up to %zu bytes) sent, %ld segments"
		" expected, error %d; notified=%lu copied=%lu duplicate_ids=%lu"
		" missing_ids=%lu", sent, ETH_HLEN + 28 + plan[0].paylen, segs,
		err, (unsigned long)ids.notified, (unsigned long)ids.copied,
		(unsigned long)dup, (unsigned long)missing);
	printf("zcgso segments=%ld port=%u\n", segs, port);
	return failures ? 1 : 0;
}

/* ---- scribble / rx ------------------------------------------------------------- */

static int cmd_scribble(char **argv)
{
	struct target t;
	long count = atol(argv[2]), sent = 0, i;
	size_t size = atol(argv[3]), len = 0;
	enum { NBUF = 8 };
	uint8_t *buf[NBUF];
	long owner[NBUF];	/* seq in flight in each buffer, -1 free */
	struct ids ids;
	int fd, err = 0;

	if (target_parse(&t, argv[0], argv[1], argv[4], argv[5], argv[6]) ||
	    size < 200 || size > MAXFRAME) {
		fprintf(stderr, "zcstress scribble: bad arguments\n");
		return 2;
	}
	fd = zc_socket(&t, 1);
	if (fd < 0) {
		perror("socket/SO_ZEROCOPY");
		return 1;
	}
	for (i = 0; i < NBUF; i++) {
		buf[i] = mmap(NULL, 3 * 4096, PROT_READ | PROT_WRITE,
			      MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
		owner[i] = -1;
	}
	ids_init(&ids, (uint32_t)count + 64);
	while (sent < count) {
		long b = sent % NBUF;
		struct sockaddr_in sin;
		struct iovec iov;
		struct msghdr m;

		/* wait until the buffer's last id completed, then scribble */
		while (owner[b] >= 0 && !ids.seen[owner[b]]) {
			struct pollfd p = { .fd = fd, .events = 0 };

			if (poll(&p, 1, 2000) == 0)
				break;
			drain(fd, &ids);
		}
		if (owner[b] >= 0 && !ids.seen[owner[b]]) {
			err = ETIMEDOUT;
			break;
		}
		memset(buf[b], 0xee, 3 * 4096);
		len = build(buf[b], &t, size, sent);
		iov.iov_base = buf[b];
		iov.iov_len = len;
		fill_msg(&m, &sin, &t, &iov, 1);
		if (sendmsg(fd, &m, MSG_ZEROCOPY) < 0) {
			err = errno;
			break;
		}
		owner[b] = sent;	/* ids count sends, as seq does */
		sent++;
		drain(fd, &ids);
	}
	drain_until(fd, &ids, sent, 2000);
	for (i = 0; i < NBUF; i++)
		memset(buf[i], 0xee, 3 * 4096);
	printf("scribble sent=%ld notified=%lu copied=%lu error=%d\n", sent,
	       (unsigned long)ids.notified, (unsigned long)ids.copied, err);
	return err ? 1 : 0;
}

static int cmd_rx(char **argv)
{
	int ifindex = if_nametoindex(argv[0]), fd, idle = atoi(argv[3]);
	long count = atol(argv[1]), frames = 0, intact = 0, corrupt = 0, i;
	struct sockaddr_ll ll = { .sll_family = AF_PACKET,
				  .sll_protocol = htons(ETH_P_ALL) };
	uint8_t *got, *buf;
	FILE *f;

	if (!ifindex || count < 1) {
		fprintf(stderr, "zcstress rx: bad arguments\n");
		return 2;
	}
	got = calloc(count, 1);
	buf = malloc(65536);
	fd = socket(AF_PACKET, SOCK_RAW, htons(ETH_P_ALL));
	ll.sll_ifindex = ifindex;
	if (fd < 0 || bind(fd, (void *)&ll, sizeof(ll))) {
		perror("rx socket");
		return 1;
	}
	i = 8 << 20;
	setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &i, sizeof(int));
	f = fopen(argv[2], "w");
	if (f)
		fclose(f);
	for (;;) {
		struct pollfd p = { .fd = fd, .events = POLLIN };
		struct sockaddr_ll from;
		socklen_t fl = sizeof(from);
		ssize_t n;
		struct iphdr *ip;
		uint8_t *pl;
		uint32_t seq;
		size_t plen, j;
		int bad = 0;

		if (poll(&p, 1, idle) <= 0)
			break;
		n = recvfrom(fd, buf, 65536, 0, (void *)&from, &fl);
		if (n < ETH_HLEN + 20 + 8 + 8 || from.sll_pkttype == PACKET_OUTGOING)
			continue;
		ip = (void *)(buf + ETH_HLEN);
		if (buf[12] != 0x08 || buf[13] != 0 || ip->protocol != IPPROTO_UDP)
			continue;
		pl = buf + ETH_HLEN + 20 + 8;
		if (ntohl(((uint32_t *)pl)[0]) != MAGIC)
			continue;
		seq = ntohl(((uint32_t *)pl)[1]);
		plen = ntohs(ip->tot_len) - 28;
		if ((size_t)n < ETH_HLEN + 28 + plen)
			bad = 1;
		for (j = 8; !bad && j < plen; j++)
			if (pl[j] != pattern(seq, j))
				bad = 1;
		frames++;
		if (bad || seq >= (uint32_t)count)
			corrupt++;
		else if (!got[seq]++)
			intact++;
		if (intact == count)
			break;
	}
	printf("rx frames=%ld intact=%ld corrupt=%ld missing=%ld\n", frames,
	       intact, corrupt, count - intact);
	return 0;
}

/* ---- xdp --------------------------------------------------------------------- */

static int cmd_xdp(char **argv)
{
	struct bpf_insn prog[] = {
		{ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = BPF_REG_0,
		  .imm = XDP_PASS },
		{ .code = BPF_JMP | BPF_EXIT },
	};
	union bpf_attr attr;
	struct {
		struct nlmsghdr nh;
		struct ifinfomsg ifi;
		char attrs[64];
	} req;
	struct rtattr *xdp, *fda;
	int ifindex = if_nametoindex(argv[0]), pfd = -1, nl;
	char log[4096], ack[512];
	struct nlmsgerr *ne;
	ssize_t n;

	memset(&attr, 0, sizeof(attr));
	attr.prog_type = BPF_PROG_TYPE_XDP;
	attr.insns = (uintptr_t)prog;
	attr.insn_cnt = 2;
	attr.license = (uintptr_t)"GPL";
	attr.log_buf = (uintptr_t)log;
	attr.log_size = sizeof(log);
	attr.log_level = 1;
	if (!strcmp(argv[1], "on"))
		pfd = syscall(SYS_bpf, BPF_PROG_LOAD, &attr, sizeof(attr));
	if (!ifindex || (pfd < 0 && strcmp(argv[1], "off"))) {
		fprintf(stderr, "xdp: BPF_PROG_LOAD: %s\n%s\n", strerror(errno),
			log);
		return 1;
	}
	memset(&req, 0, sizeof(req));
	req.nh.nlmsg_type = RTM_SETLINK;
	req.nh.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	req.ifi.ifi_family = AF_UNSPEC;
	req.ifi.ifi_index = ifindex;
	xdp = (void *)req.attrs;
	xdp->rta_type = IFLA_XDP | NLA_F_NESTED;
	fda = RTA_DATA(xdp);
	fda->rta_type = IFLA_XDP_FD;
	fda->rta_len = RTA_LENGTH(sizeof(int));
	memcpy(RTA_DATA(fda), &pfd, sizeof(int));
	xdp->rta_len = RTA_LENGTH(RTA_ALIGN(fda->rta_len));
	req.nh.nlmsg_len = NLMSG_LENGTH(sizeof(req.ifi)) + RTA_ALIGN(xdp->rta_len);
	nl = socket(AF_NETLINK, SOCK_RAW, NETLINK_ROUTE);
	if (nl < 0 || send(nl, &req, req.nh.nlmsg_len, 0) < 0) {
		perror("xdp: netlink");
		return 1;
	}
	n = recv(nl, ack, sizeof(ack), 0);
	ne = NLMSG_DATA((struct nlmsghdr *)ack);
	if (n < (ssize_t)NLMSG_LENGTH(sizeof(*ne)) || ne->error) {
		fprintf(stderr, "xdp: attach: %s\n",
			n > 0 ? strerror(-ne->error) : "no answer");
		return 1;
	}
	printf("xdp: XDP_PASS %s on %s\n", pfd < 0 ? "detached" : "attached",
	       argv[0]);
	return 0;
}

/* ---- features ---------------------------------------------------------------- */

static int cmd_features(char **argv)
{
	struct {
		struct ethtool_sset_info hdr;
		uint32_t len;
	} sset = { .hdr = { .cmd = ETHTOOL_GSSET_INFO,
			    .sset_mask = 1ULL << ETH_SS_FEATURES } };
	struct ethtool_gstrings *gs;
	struct ethtool_sfeatures *sf;
	struct ifreq ifr;
	uint32_t n, i, words;
	int fd = socket(AF_INET, SOCK_DGRAM, 0);

	memset(&ifr, 0, sizeof(ifr));
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", argv[0]);
	ifr.ifr_data = (void *)&sset;
	if (fd < 0 || ioctl(fd, SIOCETHTOOL, &ifr)) {
		perror("ETHTOOL_GSSET_INFO");
		return 1;
	}
	n = sset.len;
	gs = calloc(1, sizeof(*gs) + n * ETH_GSTRING_LEN);
	gs->cmd = ETHTOOL_GSTRINGS;
	gs->string_set = ETH_SS_FEATURES;
	gs->len = n;
	ifr.ifr_data = (void *)gs;
	if (ioctl(fd, SIOCETHTOOL, &ifr)) {
		perror("ETHTOOL_GSTRINGS");
		return 1;
	}
	for (i = 0; i < n; i++)
		if (!strncmp((char *)gs->data + i * ETH_GSTRING_LEN, argv[1],
			     ETH_GSTRING_LEN))
			break;
	if (i == n) {
		fprintf(stderr, "features: no feature %s\n", argv[1]);
		return 1;
	}
	words = (n + 31) / 32;
	sf = calloc(1, sizeof(*sf) + words * sizeof(sf->features[0]));
	sf->cmd = ETHTOOL_SFEATURES;
	sf->size = words;
	sf->features[i / 32].valid = 1U << (i % 32);
	if (!strcmp(argv[2], "on"))
		sf->features[i / 32].requested = 1U << (i % 32);
	ifr.ifr_data = (void *)sf;
	if (ioctl(fd, SIOCETHTOOL, &ifr) < 0) {
		perror("ETHTOOL_SFEATURES");
		return 1;
	}
	printf("features: %s %s %s\n", argv[0], argv[1], argv[2]);
	return 0;
}

int main(int argc, char **argv)
{
	static const struct {
		const char *name;
		int nargs;
		int (*fn)(char **argv);
	} cmds[] = {
		{ "soraw", 0, cmd_soraw },
		{ "mt", 10, cmd_mt },
		{ "memlock", 6, cmd_memlock },
		{ "optmem", 7, cmd_optmem },
		{ "optmemb", 8, cmd_optmemb },
		{ "cost", 10, cmd_cost },
		{ "batch", 7, cmd_batch },
		{ "batchdrop", 8, cmd_batchdrop },
		{ "plugdrop", 5, cmd_plugdrop },
		{ "gso", 7, cmd_gso },
		{ "scribble", 7, cmd_scribble },
		{ "rx", 4, cmd_rx },
		{ "features", 3, cmd_features },
		{ "xdp", 2, cmd_xdp },
	};
	size_t i;

	setvbuf(stdout, NULL, _IOLBF, 0);
	for (i = 0; argc >= 2 && i < sizeof(cmds) / sizeof(cmds[0]); i++)
		if (!strcmp(argv[1], cmds[i].name)) {
			if (argc - 2 != cmds[i].nargs) {
				fprintf(stderr, "zcstress %s: %d arguments\n",
					cmds[i].name, cmds[i].nargs);
				return 2;
			}
			return cmds[i].fn(argv + 2);
		}
	fprintf(stderr, "usage: see the comment at the top of zcstress.c\n");
	return 2;
}
