// SPDX-License-Identifier: GPL-2.0-only
/*
 * pzc-capture: the receiving end of the namespace tests.  Opens an
 * interface with libpcap (immediate mode, a deep buffer, a BPF filter,
 * inbound only), prints "ready" on stdout once the capture is active, and
 * writes what it sees to a pcap until it has N frames (then a short grace
 * period, so that surplus frames are caught too), a timeout, or SIGTERM /
 * SIGINT.  The last line on stdout says how many frames it wrote and what
 * the kernel dropped (pcap_stats), so a test can tell a lost frame from a
 * frame that was never sent.
 *
 * Exit: 0 capture written, 1 run-time failure, 2 usage error.
 */
#include <errno.h>
#include <getopt.h>
#include <pcap/pcap.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

struct cap {
	pcap_dumper_t *dumper;
	unsigned long long frames;
};

static void on_packet(u_char *user, const struct pcap_pkthdr *h,
		      const u_char *bytes)
{
	struct cap *c = (struct cap *)user;

	pcap_dump((u_char *)c->dumper, h, bytes);
	c->frames++;
}

static void usage(FILE *f)
{
	fprintf(f,
		"usage: pzc-capture -i IFACE -w FILE [-f FILTER] [-c N] "
		"[-t SECONDS] [-g MS] [-s SNAPLEN]\n"
		"  -i IFACE   interface to capture on (inbound frames only)\n"
		"  -w FILE    pcap to write (nanosecond timestamps)\n"
		"  -f FILTER  BPF filter (default: 'udp dst port 9000 or "
		"(vlan and udp dst port 9000)')\n"
		"  -c N       stop GRACE ms after the Nth frame (default: "
		"no limit)\n"
		"  -t SECONDS stop after this long in any case (default 30)\n"
		"  -g MS      grace after the Nth frame (default 300)\n"
		"  -s SNAPLEN bytes kept per frame (default 4096; a longer "
		"frame is truncated,\n"
		"             which pzc-pcapcmp reports)\n"
		"Prints 'ready' when capturing; at the end 'frames F drops D "
		"ifdrops I'.\n");
}

int main(int argc, char **argv)
{
	const char *dev = NULL, *out = NULL;
	const char *filter = "udp dst port 9000 or (vlan and udp dst port 9000)";
	unsigned long long want = 0;
	double timeout = 30, grace = 0.3, deadline, full_at = 0;
	int snaplen = 4096;
	char err[PCAP_ERRBUF_SIZE];
	struct bpf_program prog;
	struct pcap_stat ps;
	struct sigaction sa;
	struct cap cap = { 0 };
	pcap_t *p;
	int opt, rc, fd;

	while ((opt = getopt(argc, argv, "i:w:f:c:t:g:s:h")) != -1) {
		switch (opt) {
		case 'i': dev = optarg; break;
		case 'w': out = optarg; break;
		case 'f': filter = optarg; break;
		case 'c': want = strtoull(optarg, NULL, 0); break;
		case 't': timeout = atof(optarg); break;
		case 'g': grace = atof(optarg) / 1000; break;
		case 's': snaplen = atoi(optarg); break;
		case 'h': usage(stdout); return 0;
		default: usage(stderr); return 2;
		}
	}
	if (!dev || !out || optind != argc) {
		usage(stderr);
		return 2;
	}

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);

	p = pcap_create(dev, err);
	if (!p) {
		fprintf(stderr, "pzc-capture: %s: %s\n", dev, err);
		return 1;
	}
	/* In immediate mode libpcap uses TPACKET_V2, one ring slot per
	 * snaplen: a small snaplen is what makes the 64 MB ring hold tens of
	 * thousands of frames instead of a few hundred. */
	if (pcap_set_snaplen(p, snaplen) || pcap_set_immediate_mode(p, 1) ||
	    pcap_set_buffer_size(p, 64 << 20) || pcap_set_timeout(p, 20) ||
	    pcap_set_tstamp_precision(p, PCAP_TSTAMP_PRECISION_NANO)) {
		fprintf(stderr, "pzc-capture: %s: cannot set options\n", dev);
		return 1;
	}
	rc = pcap_activate(p);
	if (rc < 0) {
		fprintf(stderr, "pzc-capture: activating %s: %s (%s)\n", dev,
			pcap_statustostr(rc), pcap_geterr(p));
		return 1;
	}
	if (rc > 0)
		fprintf(stderr, "pzc-capture: warning: %s: %s\n", dev,
			pcap_statustostr(rc));
	/* Only what arrives: the peer's own ICMP errors must not count. */
	if (pcap_setdirection(p, PCAP_D_IN))
		fprintf(stderr, "pzc-capture: warning: cannot capture inbound "
			"only: %s\n", pcap_geterr(p));
	if (pcap_compile(p, &prog, filter, 1, PCAP_NETMASK_UNKNOWN) ||
	    pcap_setfilter(p, &prog)) {
		fprintf(stderr, "pzc-capture: filter '%s': %s\n", filter,
			pcap_geterr(p));
		return 2;
	}
	pcap_freecode(&prog);
	cap.dumper = pcap_dump_open(p, out);
	if (!cap.dumper) {
		fprintf(stderr, "pzc-capture: %s: %s\n", out, pcap_geterr(p));
		return 1;
	}
	if (pcap_setnonblock(p, 1, err)) {
		fprintf(stderr, "pzc-capture: nonblocking: %s\n", err);
		return 1;
	}
	fd = pcap_get_selectable_fd(p);
	printf("ready\n");
	fflush(stdout);

	deadline = now() + timeout;
	while (!stop) {
		struct pollfd pfd = { .fd = fd, .events = POLLIN };
		double t = now();

		if (t >= deadline)
			break;
		if (want && cap.frames >= want) {
			if (!full_at)
				full_at = t;
			if (t - full_at >= grace)
				break;
		}
		if (fd >= 0)
			poll(&pfd, 1, 10);
		rc = pcap_dispatch(p, -1, on_packet, (u_char *)&cap);
		if (rc < 0) {
			fprintf(stderr, "pzc-capture: %s: %s\n", dev,
				pcap_geterr(p));
			return 1;
		}
	}
	/* Whatever the ring still holds. */
	while (pcap_dispatch(p, -1, on_packet, (u_char *)&cap) > 0)
		;
	memset(&ps, 0, sizeof(ps));
	pcap_stats(p, &ps);
	if (pcap_dump_flush(cap.dumper)) {
		fprintf(stderr, "pzc-capture: writing %s failed\n", out);
		return 1;
	}
	pcap_dump_close(cap.dumper);
	pcap_close(p);
	printf("frames %llu drops %u ifdrops %u\n", cap.frames, ps.ps_drop,
	       ps.ps_ifdrop);
	fflush(stdout);
	return 0;
}
