// SPDX-License-Identifier: GPL-2.0-only
/* demo: the self-contained run; see demo.h. */
#include "demo.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <unistd.h>

#include "cli.h"
#include "iface.h"
#include "priv.h"
#include "recv.h"
#include "send.h"

#define DEMO_DEV "pzc0"
#define DEMO_PEER "pzc1"
#define DEMO_PORT 9000
#define DEMO_FRAMES 2000

/*
 * The receiver: the recv core (recv.h) on the peer's interface, in a
 * thread that lives in the peer's namespace.  The lock hands the counters
 * between it and the demo: the thread holds it while it reads the ring
 * (without waiting in the kernel), the demo while it starts a run or
 * reads the figures of one.
 */
struct rx {
	int ns_fd;
	struct config cfg;
	struct recv r;
	pthread_mutex_t lock;
	atomic_int quit;
	atomic_int ready;
	atomic_ullong unique;	/* frames of the current run, distinct */
	char err[256];
};

static void *rx_main(void *arg)
{
	struct rx *rx = arg;
	char *argv[] = { "pktgen-zc", "recv", "--dev", DEMO_PEER, "--dst-port",
			 "9000", NULL };

	/* setns() moves only this thread: the receiver lives in the peer's
	 * namespace while the sender stays in its own. */
	if (setns(rx->ns_fd, CLONE_NEWNET)) {
		snprintf(rx->err, sizeof(rx->err), "setns: %s", strerror(errno));
		atomic_store(&rx->ready, -1);
		return NULL;
	}
	if (cli_parse(&rx->cfg, 6, argv)) {
		snprintf(rx->err, sizeof(rx->err), "recv options refused");
		atomic_store(&rx->ready, -1);
		return NULL;
	}
	if (recv_open(&rx->r, &rx->cfg, rx->err, sizeof(rx->err))) {
		atomic_store(&rx->ready, -1);
		return NULL;
	}
	/* Capabilities are per thread: the ring is open, this one needs
	 * none of its own any more. */
	if (priv_drop(0, rx->err, sizeof(rx->err))) {
		atomic_store(&rx->ready, -1);
		return NULL;
	}
	atomic_store(&rx->ready, 1);
	while (!atomic_load(&rx->quit)) {
		int n;

		pthread_mutex_lock(&rx->lock);
		n = recv_poll(&rx->r, -1);
		atomic_store(&rx->unique, rx->r.tot.unique);
		pthread_mutex_unlock(&rx->lock);
		if (n <= 0)
			usleep(1000);
	}
	return NULL;
}

static int open_ns(void)
{
	return open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC);
}

static int fail(const char *what, int err)
{
	fprintf(stderr, "pktgen-zc demo: %s: %s\n", what, strerror(err));
	if (err == EPERM)
		fprintf(stderr, "pktgen-zc demo: the demo makes network "
			"namespaces and a veth pair: run it as root\n");
	return EXIT_RUNTIME;
}

/* Two fresh namespaces joined by a veth pair, addressed; the calling
 * thread ends up in the sender's.  Nothing is named or mounted: both
 * vanish with this process. */
static int make_namespaces(int *ns_a, int *ns_b, uint8_t peer_mac[6])
{
	int err;

	if (unshare(CLONE_NEWNET) || (*ns_a = open_ns()) < 0)
		return fail("unshare(CLONE_NEWNET)", errno);
	if (unshare(CLONE_NEWNET) || (*ns_b = open_ns()) < 0)
		return fail("unshare(CLONE_NEWNET)", errno);
	if (setns(*ns_a, CLONE_NEWNET))
		return fail("setns", errno);
	if ((err = iface_veth_create(DEMO_DEV, DEMO_PEER, *ns_b)))
		return fail("creating the veth pair", -err);
	if ((err = iface_set_up("lo")) || (err = iface_set_up(DEMO_DEV)) ||
	    (err = iface_addr_add(DEMO_DEV, "198.18.0.1/24")) ||
	    (err = iface_addr_add(DEMO_DEV, "2001:db8:0:1::1/64")))
		return fail("configuring " DEMO_DEV, -err);
	if (setns(*ns_b, CLONE_NEWNET))
		return fail("setns", errno);
	if ((err = iface_set_up("lo")) || (err = iface_set_up(DEMO_PEER)) ||
	    (err = iface_addr_add(DEMO_PEER, "198.18.0.2/24")) ||
	    (err = iface_addr_add(DEMO_PEER, "2001:db8:0:1::2/64")) ||
	    (err = iface_get_mac(DEMO_PEER, peer_mac)))
		return fail("configuring " DEMO_PEER, -err);
	if (setns(*ns_a, CLONE_NEWNET))
		return fail("setns", errno);
	return 0;
}

struct demo_case {
	enum tx_mode mode;
	const char *dst;
	int vlan;
	const char *size;
};

static void mac_str(char *buf, const uint8_t m[6])
{
	sprintf(buf, "%02x:%02x:%02x:%02x:%02x:%02x", m[0], m[1], m[2], m[3],
		m[4], m[5]);
}

int demo_run(const struct config *base, volatile int *stop, const char *argv0)
{
	static const struct demo_case cases[] = {
		{ MODE_PACKET, "198.18.0.2", -1, "60-1514" },
		{ MODE_PACKET, "2001:db8:0:1::2", 7, "82-1518" },
		{ MODE_PACKET_DGRAM, "198.18.0.2", -1, "60-1514" },
		{ MODE_RAW, "198.18.0.2", -1, "60-1514" },
		{ MODE_RAW, "2001:db8:0:1::2", -1, "82-1514" },
		{ MODE_UDP, "198.18.0.2", -1, "60-1514" },
		{ MODE_UDP, "2001:db8:0:1::2", -1, "82-1514" },
	};
	const size_t ncases = sizeof(cases) / sizeof(cases[0]);
	char lines[sizeof(cases) / sizeof(cases[0])][200] = { { 0 } };
	uint8_t peer_mac[6];
	char mac[20], frames[16];
	struct rx rx;
	pthread_t th;
	int ns_a = -1, ns_b = -1, rc, worst = 0;
	uint32_t run0;

	(void)argv0;
	memset(&rx, 0, sizeof(rx));
	rx.r.fd = -1;
	if (getrandom(&run0, sizeof(run0), GRND_NONBLOCK) != sizeof(run0))
		run0 = (uint32_t)getpid() << 8;
	rc = make_namespaces(&ns_a, &ns_b, peer_mac);
	if (rc)
		return rc;
	mac_str(mac, peer_mac);
	printf("pktgen-zc demo: private namespaces joined by veth %s -> %s "
	       "(198.18.0.1 -> 198.18.0.2, 2001:db8:0:1::1 -> ::2); "
	       "'pktgen-zc recv' on %s checks every frame\n\n",
	       DEMO_DEV, DEMO_PEER, DEMO_PEER);
	rx.ns_fd = ns_b;
	pthread_mutex_init(&rx.lock, NULL);
	if (pthread_create(&th, NULL, rx_main, &rx))
		return fail("starting the receiver", errno);
	while (!atomic_load(&rx.ready))
		usleep(1000);
	if (atomic_load(&rx.ready) < 0) {
		fprintf(stderr, "pktgen-zc demo: receiver: %s\n", rx.err);
		pthread_join(th, NULL);
		recv_close(&rx.r);
		return EXIT_RUNTIME;
	}
	/* The namespaces exist and the receiver runs: what is left is
	 * opening one sender after another (see priv_run_needs()). */
	{
		struct config dc = { .cmd = CMD_DEMO };
		char why[200];

		if (priv_drop(priv_run_needs(&dc, false), why, sizeof(why))) {
			fprintf(stderr, "pktgen-zc demo: dropping privileges "
				"failed: %s\n", why);
			atomic_store(&rx.quit, 1);
			pthread_join(th, NULL);
			recv_close(&rx.r);
			return EXIT_RUNTIME;
		}
	}
	snprintf(frames, sizeof(frames), "%d", DEMO_FRAMES);
	for (size_t i = 0; i < ncases && !*stop; i++) {
		const struct demo_case *dc = &cases[i];
		char vlan[8], port[8], runid[16];
		char *argv[40];
		int argc = 0;
		struct config c;
		struct recv_counts t;
		unsigned long long got, ord, ck, pat, lost, drops;
		/* Its own run id per case: a straggler of the last case is
		 * another run's frame, not a duplicate of this one's. */
		uint32_t run = run0 + (uint32_t)i;

		snprintf(vlan, sizeof(vlan), "%d", dc->vlan);
		snprintf(port, sizeof(port), "%d", DEMO_PORT);
		argv[argc++] = "pktgen-zc";
		argv[argc++] = "--dev";
		argv[argc++] = DEMO_DEV;
		argv[argc++] = "--mode";
		argv[argc++] = (char *)tx_mode_name(dc->mode);
		argv[argc++] = "--dst-ip";
		argv[argc++] = (char *)dc->dst;
		argv[argc++] = "--dst-port";
		argv[argc++] = port;
		argv[argc++] = "--count";
		argv[argc++] = frames;
		argv[argc++] = "--size";
		argv[argc++] = (char *)dc->size;
		/* Paced: a veth peer drops what its backlog cannot hold. */
		argv[argc++] = "--rate";
		argv[argc++] = "20kpps";
		argv[argc++] = "--quiet";
		snprintf(runid, sizeof(runid), "%u", run);
		argv[argc++] = "--run-id";
		argv[argc++] = runid;
		if (dc->mode == MODE_PACKET || dc->mode == MODE_PACKET_DGRAM) {
			argv[argc++] = "--dst-mac";
			argv[argc++] = mac;
		}
		if (dc->vlan >= 0) {
			argv[argc++] = "--vlan";
			argv[argc++] = vlan;
		}
		if (base->zerocopy != ZC_AUTO) {
			argv[argc++] = "--zerocopy";
			argv[argc++] = base->zerocopy == ZC_ON ? "on" : "off";
		}
		argv[argc] = NULL;
		if (cli_parse(&c, argc, argv)) {
			worst = EXIT_RUNTIME;
			break;
		}
		c.cmd = CMD_DEMO;	/* keeps what the next case needs */
		printf("== %s, %s%s, %s bytes, %d frames\n",
		       tx_mode_name(dc->mode),
		       c.family == AF_INET6 ? "IPv6" : "IPv4",
		       dc->vlan >= 0 ? " in VLAN 7" : "", dc->size,
		       DEMO_FRAMES);
		fflush(stdout);
		pthread_mutex_lock(&rx.lock);
		recv_reset(&rx.r, run, false);
		atomic_store(&rx.unique, 0);
		pthread_mutex_unlock(&rx.lock);
		rc = send_run(&c, stop);
		/* Let the receiver see the tail of the run. */
		for (int w = 0; w < 100 &&
		     atomic_load(&rx.unique) < DEMO_FRAMES; w++)
			usleep(10000);
		usleep(50000);
		pthread_mutex_lock(&rx.lock);
		recv_kernel_stats(&rx.r);
		t = rx.r.tot;
		drops = rx.r.k_drops;
		pthread_mutex_unlock(&rx.lock);
		got = t.frames;
		lost = recv_lost(&t, DEMO_FRAMES);
		ord = t.unique - t.reordered;
		/* udp mode: the kernel leaves the UDP checksum partial on a
		 * veth (unverifiable); the IPv4 header checksum is checked. */
		ck = got - t.bad_ip_csum - t.bad_udp_csum;
		pat = got - t.bad_payload;
		snprintf(lines[i], sizeof(lines[i]),
			 "%-13s %-10s %7d %9llu %9llu %9llu %9llu  %s",
			 tx_mode_name(dc->mode),
			 dc->vlan >= 0 ? "IPv6+VLAN" :
			 c.family == AF_INET6 ? "IPv6" : "IPv4",
			 DEMO_FRAMES, got, ord, ck, pat,
			 rc ? "FAILED" : got == DEMO_FRAMES && !lost &&
			 ord == got && ck == got && pat == got ? "ok" :
			 "MISMATCH");
		if (rc && !worst)
			worst = rc;
		if (!rc && !(got == DEMO_FRAMES && !lost && ord == got &&
			     ck == got && pat == got))
			worst = EXIT_RUNTIME;
		printf("   peer received %llu of %d (run %u), %llu lost, %llu "
		       "duplicated, %llu in sequence, %llu with good "
		       "checksums, %llu with intact payload\n",
		       got, DEMO_FRAMES, run, lost,
		       (unsigned long long)t.dups, ord, ck, pat);
		if (t.lat_n)
			printf("   latency %.1f us on average, %.1f us at most "
			       "(one clock: the same host)\n",
			       (double)t.lat_sum / t.lat_n / 1e3,
			       t.lat_max / 1e3);
		if (drops)
			printf("   (the receiver's ring has dropped %llu "
			       "frames so far)\n", drops);
		printf("\n");
	}
	atomic_store(&rx.quit, 1);
	pthread_join(th, NULL);
	recv_close(&rx.r);
	printf("%-13s %-10s %7s %9s %9s %9s %9s  %s\n", "mode", "family",
	       "sent", "received", "in-order", "checksum", "payload",
	       "verdict");
	for (size_t i = 0; i < ncases; i++)
		if (lines[i][0] && !*stop)
			printf("%s\n", lines[i]);
	printf("\nThe namespaces and the veth pair go away with this process.\n");
	close(ns_a);
	close(ns_b);
	if (*stop)
		return 0;
	return worst;
}
