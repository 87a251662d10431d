// SPDX-License-Identifier: GPL-2.0-only
/*
 * test_cli: option parsing.  Every bad value must be rejected with
 * -EINVAL and exactly ONE line on stderr that names the value and says
 * what is allowed; the same command line given to the real binary must
 * print the same line and exit 2.  Good values: rate units, durations,
 * byte sizes, ranges, whole command lines.
 *
 *   test-cli PATH/TO/pktgen-zc
 *
 * About 400 assertions: ~8 per error case (in-process and via the binary)
 * and the value checks of the good parses.
 */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli.h"
#include "opts.h"
#include "parse.h"
#include "unit.h"

static const char *tool_path;

#define MAXARGS 40

static int make_argv(const char *const *args, char **argv)
{
	int argc = 0;

	argv[argc++] = (char *)"pktgen-zc";
	for (; *args && argc < MAXARGS - 1; args++)
		argv[argc++] = (char *)*args;
	argv[argc] = NULL;
	return argc;
}

/* cli_parse() with stderr (and stdout) captured into err. */
static int parse_capture(struct config *c, const char *const *args,
			 char *err, size_t cap)
{
	char *argv[MAXARGS];
	int argc = make_argv(args, argv);
	FILE *tmp = tmpfile(), *nul = fopen("/dev/null", "w");
	int saved_err, saved_out, rc;
	size_t n;

	CU_ASSERT_FATAL(tmp && nul);
	fflush(stderr);
	fflush(stdout);
	saved_err = dup(2);
	saved_out = dup(1);
	dup2(fileno(tmp), 2);
	dup2(fileno(nul), 1);
	rc = cli_parse(c, argc, argv);
	fflush(stderr);
	fflush(stdout);
	dup2(saved_err, 2);
	dup2(saved_out, 1);
	close(saved_err);
	close(saved_out);
	rewind(tmp);
	n = fread(err, 1, cap - 1, tmp);
	err[n] = '\0';
	fclose(tmp);
	fclose(nul);
	return rc;
}

/* Run the real binary; returns its exit status, stderr into err. */
static int run_tool(const char *const *args, char *err, size_t cap)
{
	char *argv[MAXARGS];
	char *envp[] = { (char *)"PATH=/usr/sbin:/usr/bin:/sbin:/bin", NULL };
	posix_spawn_file_actions_t fa;
	char path[] = "/tmp/pzc-unit-cli-XXXXXX";
	int fd = mkstemp(path), st = -1;
	pid_t pid;
	ssize_t n;

	make_argv(args, argv);
	argv[0] = (char *)tool_path;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, fd, 2);
	posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	if (posix_spawn(&pid, tool_path, &fa, NULL, argv, envp)) {
		posix_spawn_file_actions_destroy(&fa);
		close(fd);
		unlink(path);
		return -1;
	}
	posix_spawn_file_actions_destroy(&fa);
	waitpid(pid, &st, 0);
	n = pread(fd, err, cap - 1, 0);
	err[n > 0 ? n : 0] = '\0';
	close(fd);
	unlink(path);
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

struct bad_case {
	const char *args[MAXARGS];
	const char *says[4];	/* each must appear in the message */
};

#define DEV "--dev", "lo"
#define DST "--dst-ip", "10.0.0.1"

static const struct bad_case bad_cases[] = {
	{ { "replay", "a.pcap", DEV, "--map-ip", "2001:db8::/48=10.0.0.0/8" },
	  { "--map-ip '2001:db8::/48=10.0.0.0/8'", "FROM is IPv6 and TO IPv4",
	    "one family" } },
	{ { "replay", "a.pcap", DEV, "--map-ip", "2001:db8::/48=2001:db9::/56" },
	  { "FROM is a /48 and TO a /56", "one length" } },
	{ { "replay", "a.pcap", DEV, "--map-ip", "2001:db8::/129=2001:db9::/129" },
	  { "'2001:db8::/129=2001:db9::/129'", "0 to 128" } },
	{ { "replay", "a.pcap", DEV, "--map-ip", "10.0.0.0/33=10.1.0.0/33" },
	  { "'10.0.0.0/33=10.1.0.0/33'", "0 to 32" } },
	{ { "replay", "a.pcap", DEV, "--map-ip", "10.0.0.1" },
	  { "--map-ip '10.0.0.1'", "expected FROM=TO" } },
	{ { "replay", "a.pcap", DEV, "--map-ip", "10.0.0.x=10.0.0.1" },
	  { "--map-ip '10.0.0.x=10.0.0.1'", "two IPv4 or IPv6 addresses" } },
	{ { "replay", "a.pcap", DEV, "--max-gap", "0" },
	  { "--max-gap '0'", "positive time", "or off" } },
	{ { "replay", "a.pcap", DEV, "--max-gap", "-1s" },
	  { "--max-gap '-1s'", "positive time" } },
	{ { "replay", "a.pcap", DEV, "--max-gap", "10 days" },
	  { "--max-gap '10 days'", "10s, 500ms or 1h" } },
	{ { DEV, DST, "--dst-mac", "00:11:22:33:44" },
	  { "--dst-mac '00:11:22:33:44'", "six hex bytes" } },
	{ { DEV, DST, "--src-mac", "00:11:22:33:44:zz" },
	  { "--src-mac '00:11:22:33:44:zz'", "six hex bytes" } },
	{ { DEV, "--dst-ip", "10.0.0.256" },
	  { "--dst-ip '10.0.0.256'", "IPv4 or IPv6 address" } },
	{ { DEV, DST, "--src-ip", "fe80::1::2" },
	  { "--src-ip 'fe80::1::2'", "IPv4 or IPv6 address" } },
	{ { DEV, "--dst-ip", "10.0.0.9-10.0.0.1" },
	  { "'10.0.0.9-10.0.0.1'", "A <= B" } },
	{ { DEV, "--dst-ip", "10.0.0.1/33" },
	  { "'10.0.0.1/33'", "A/prefix" } },
	{ { DEV, "--dst-ip", "2001:db8::/63" },
	  { "--dst-ip '2001:db8::/63'", "at most 2^64" } },
	{ { DEV, "--dst-ip", "2001:db8::1-2001:db8:0:1::1" },
	  { "'2001:db8::1-2001:db8:0:1::1'", "at most 2^64" } },
	{ { DEV, DST, "--dst-port", "http" },
	  { "--dst-port 'http'", "1 <= N <= M <= 65535" } },
	{ { DEV, DST, "--src-port", "0-10" },
	  { "--src-port '0-10'", "1 <= N <= M <= 65535" } },
	{ { DEV, DST, "--dst-port", "1-65536" },
	  { "--dst-port '1-65536'", "1 <= N <= M <= 65535" } },
	{ { DEV, DST, "--dst-port", "2000-1000" },
	  { "--dst-port '2000-1000'", "N <= M" } },
	{ { DEV, DST, "--size", "59" },
	  { "--size '59'", "60 <= N" } },
	{ { DEV, DST, "--size", "60-59" },
	  { "--size '60-59'", "60 <= N <= M" } },
	{ { DEV, DST, "--rate", "fast" },
	  { "--rate 'fast'", "packets per second", "bits per second" } },
	{ { DEV, DST, "--rate", "0" },
	  { "--rate '0'", "greater than 0" } },
	{ { DEV, DST, "--rate", "10kbit/s" },
	  { "--rate '10kbit/s'", "800Mbit" } },
	{ { DEV, DST, "--vlan", "5000" },
	  { "--vlan '5000'", "from 0 to 4095" } },
	{ { DEV, DST, "--vlan-prio", "8" },
	  { "--vlan-prio '8'", "from 0 to 7" } },
	{ { DEV, DST, "--ttl", "0" },
	  { "--ttl '0'", "from 1 to 255" } },
	{ { DEV, DST, "--vlan", "10", "--mode", "raw" },
	  { "--vlan", "--mode packet", "raw mode" } },
	{ { DEV, "--dst-ip", "2001:db8::1", "--src-ip", "10.0.0.1" },
	  { "--src-ip", "--dst-ip", "one family" } },
	{ { DEV, "--dst-ip", "2001:db8::1", "--df" },
	  { "--df", "IPv4" } },
	{ { DEV, DST, "--gso", "1400", "--payload-size", "1400", "--mode",
	    "raw" },
	  { "--gso 1400", "--mode udp", "packet-dgram" } },
	{ { DEV, DST, "--gso", "1401", "--payload-size", "1400" },
	  { "--gso 1401", "larger than --payload-size 1400" } },
	{ { DEV, DST, "--gso", "100", "--payload-size", "6401" },
	  { "--payload-size 6401", "65 segments", "at most 6400" } },
	{ { DEV, DST, "--bogus" },
	  { "unknown option '--bogus'", "--help" } },
	{ { DEV, DST, "-X" },
	  { "unknown option '-X'", "--help" } },
	{ { DEV, "--dst-ip" },
	  { "'--dst-ip' needs a value" } },
	{ { DST },
	  { "--dev is required", "interface" } },
	{ { DEV },
	  { "--dst-ip is required", "IPv4 or IPv6" } },
	{ { DEV, DST, "--dry-run", "--count", "5" },
	  { "--dry-run", "--write-pcap" } },
	{ { DEV, DST, "--mode", "xdp" },
	  { "--mode 'xdp'", "packet, packet-dgram, raw or udp" } },
	{ { "frobnicate", DEV, DST },
	  { "unknown command 'frobnicate'", "send, replay, recv, probe or demo" } },
	{ { DEV, DST, "--test-break-reuse" },
	  { "--test-break-reuse", "PKTGEN_ZC_TEST_BREAK=reuse" } },
	{ { DEV, DST, "--count", "0" },
	  { "--count '0'", "from 1 to" } },
	{ { DEV, DST, "--duration", "-1s" },
	  { "--duration '-1s'", "positive time" } },
	{ { DEV, DST, "--pool-size", "4X" },
	  { "--pool-size '4X'", "64k to 64G" } },
	{ { DEV, DST, "--zerocopy", "maybe" },
	  { "--zerocopy 'maybe'", "auto, on or off" } },
	{ { DEV, DST, "--random", "src-ip,ttl" },
	  { "--random 'src-ip,ttl'", "src-port" } },
	{ { DEV, DST, "stray" },
	  { "unexpected argument 'stray'" } },
	{ { DEV, DST, "--path", "xdp" },
	  { "--path 'xdp'", "auto, ring, copy or zerocopy" } },
	{ { DEV, DST, "--path", "ring", "--mode", "udp" },
	  { "--path ring", "packet or packet-dgram", "udp" } },
	{ { DEV, DST, "--path", "copy", "--zerocopy", "on" },
	  { "--zerocopy on", "--path copy" } },
	{ { DEV, DST, "--path", "zerocopy", "--zerocopy", "off" },
	  { "--zerocopy off", "--path zerocopy" } },
	{ { "replay", DEV, "x.pcap", "--path", "ring" },
	  { "--path ring", "replay" } },
	{ { DEV, DST, "--path", "ring", "--dry-run", "-w", "x", "-n", "1" },
	  { "--path ring", "--dry-run" } },
	{ { DEV, DST, "--batch", "0" },
	  { "--batch '0'", "from 1 to 1024" } },
	{ { DEV, DST, "--batch", "1025" },
	  { "--batch '1025'", "from 1 to 1024" } },
	{ { DEV, DST, "--qdisc-bypass", "--no-qdisc-bypass" },
	  { "--qdisc-bypass", "--no-qdisc-bypass" } },
	{ { DEV, DST, "--threads", "0" },
	  { "--threads '0'", "from 1 to 64" } },
	{ { DEV, DST, "--cpus", "3-1" },
	  { "--cpus '3-1'", "0,2-3" } },
	{ { DEV, DST, "--cpus", "1,1" },
	  { "--cpus '1,1'", "each once" } },
	{ { DEV, DST, "--cpus", "0,1", "--threads", "3" },
	  { "--threads 3", "names 2 CPUs" } },
	{ { DEV, DST, "--cpus", "0", "--cpu", "0" },
	  { "--cpu", "--cpus" } },
	{ { DEV, DST, "--threads", "2", "--cpu", "1" },
	  { "--threads 2", "--cpus" } },
	{ { DEV, DST, "--threads", "2", "-w", "x.pcap" },
	  { "--threads 2", "--write-pcap" } },
	{ { "replay", DEV, "x.pcap", "--threads", "2" },
	  { "--threads does not apply to replay", "option of send" } },
	{ { DEV, DST, "--size", "64:7,570" },
	  { "--size '64:7,570'", "imix", "SIZE:WEIGHT" } },
	{ { DEV, DST, "--size", "imix", "--random", "size" },
	  { "--random size", "weighted --size" } },
	{ { DEV, DST, "--start-at", "2026-12-03T17:00:00" },
	  { "--start-at '2026-12-03T17:00:00'", "RFC 3339", "Unix seconds" } },
	{ { DEV, DST, "--start-at", "soon" },
	  { "--start-at 'soon'", "RFC 3339" } },
	{ { DEV, DST, "--flows", "0" },
	  { "--flows '0'", "from 1 to" } },
	{ { DEV, DST, "--flows", "4", "--random", "dst-port" },
	  { "--flows 4", "--random" } },
	/* Inapplicable and conflicting options are refused, naming both. */
	{ { DEV, DST, "--rate", "1G" },
	  { "--rate '1G'", "1Gbit", "1Gpps" } },
	{ { DEV, DST, "--size", "100", "--payload-size", "50" },
	  { "--size and --payload-size exclude each other" } },
	{ { DEV, DST, "--payload-size", "50", "--size", "100" },
	  { "--payload-size and --size exclude each other" } },
	{ { "replay", "a.pcap", DEV, "--speed", "2", "--topspeed" },
	  { "--speed and --topspeed" } },
	{ { DEV, DST, "--vlan-prio", "3" },
	  { "--vlan-prio needs --vlan" } },
	{ { DEV, DST, "--burst", "8" },
	  { "--burst needs --rate" } },
	{ { DEV, DST, "--rate-layer", "l2" },
	  { "--rate-layer needs --rate" } },
	{ { DEV, DST, "--rate", "1Mbit", "--rate-layer", "l3" },
	  { "--rate-layer 'l3'", "expected l2 or l1" } },
	{ { DEV, DST, "--mode", "packet-dgram", "--src-mac",
	    "02:00:00:00:00:01" },
	  { "--src-mac needs --mode packet", "packet-dgram" } },
	{ { DEV, DST, "--mode", "raw", "--dst-mac", "02:00:00:00:00:01" },
	  { "--dst-mac needs --mode packet" } },
	{ { DEV, DST, "--loop", "5" },
	  { "--loop does not apply to send", "option of replay" } },
	{ { DEV, DST, "--map-ip", "10.0.0.1=10.0.0.2" },
	  { "--map-ip does not apply to send" } },
	{ { "replay", "a.pcap", DEV, "--vlan", "7" },
	  { "--vlan does not apply to replay", "option of send" } },
	{ { "replay", "a.pcap", DEV, "--gso", "100" },
	  { "--gso does not apply to replay" } },
	{ { "probe", "--rate", "10" },
	  { "--rate does not apply to probe" } },
	{ { "demo", "--dev", "eth0" },
	  { "--dev does not apply to demo" } },
	{ { DEV, DST, "-x", "2" },
	  { "unknown option '-x' for send", "--speed of replay" } },
	{ { DEV, DST, "--path", "copy", "--zc-batch", "8" },
	  { "--zc-batch applies to zerocopy sends", "--path copy" } },
	{ { DEV, DST, "--quiet", "--interval", "2" },
	  { "--interval and --quiet" } },
};

static void one_line(const char *err)
{
	const char *nl = strchr(err, '\n');

	CU_ASSERT_PTR_NOT_NULL(nl);
	CU_ASSERT(nl && nl[1] == '\0');		/* exactly one line */
	CU_ASSERT_EQUAL(strncmp(err, "pktgen-zc: ", 11), 0);
}

static void test_bad_values(void)
{
	unsigned ncase = sizeof(bad_cases) / sizeof(bad_cases[0]);

	unsetenv("PKTGEN_ZC_TEST_BREAK");
	for (unsigned i = 0; i < ncase; i++) {
		const struct bad_case *b = &bad_cases[i];
		char err[1024], err2[1024];
		struct config c;
		int rc = parse_capture(&c, b->args, err, sizeof(err));
		bool ok = rc == -EINVAL;

		CU_ASSERT_EQUAL(rc, -EINVAL);
		one_line(err);
		for (int k = 0; k < 4 && b->says[k]; k++) {
			CU_ASSERT_PTR_NOT_NULL(strstr(err, b->says[k]));
			ok = ok && strstr(err, b->says[k]);
		}
		/* main() turns it into exit status 2, same text. */
		rc = run_tool(b->args, err2, sizeof(err2));
		CU_ASSERT_EQUAL(rc, 2);
		CU_ASSERT_STRING_EQUAL(err, err2);
		ok = ok && rc == 2 && !strcmp(err, err2);
		if (!ok)
			fprintf(stderr, "\n  case %u (%s %s ...): rc %d, "
				"stderr: %s  binary: %s", i, b->args[0],
				b->args[1] ? b->args[1] : "", rc, err, err2);
	}
}

static void test_break_reuse_with_env(void)
{
	const char *args[] = { DEV, DST, "--test-break-reuse", NULL };
	struct config c;
	char err[512];

	setenv("PKTGEN_ZC_TEST_BREAK", "reuse", 1);
	CU_ASSERT_EQUAL(parse_capture(&c, args, err, sizeof(err)), 0);
	CU_ASSERT_TRUE(c.test_reuse_early);
	CU_ASSERT_STRING_EQUAL(err, "");
	setenv("PKTGEN_ZC_TEST_BREAK", "other", 1);
	CU_ASSERT_EQUAL(parse_capture(&c, args, err, sizeof(err)), -EINVAL);
	unsetenv("PKTGEN_ZC_TEST_BREAK");
}

static void test_rates(void)
{
	static const struct {
		const char *s;
		double pps, bps;
	} good[] = {
		{ "10000", 1e4, 0 }, { "10kpps", 1e4, 0 }, { "10Kpps", 1e4, 0 },
		{ "100kpps", 1e5, 0 }, { "1.5Mpps", 1.5e6, 0 },
		{ "1.5mpps", 1.5e6, 0 }, { "2Gpps", 2e9, 0 }, { "0.5", 0.5, 0 },
		{ "800Mbit", 0, 8e8 }, { "10Gbps", 0, 1e10 },
		{ "10gbps", 0, 1e10 }, { "1e9bit", 0, 1e9 },
		{ "2.5Gbit", 0, 2.5e9 }, { "64kbit", 0, 64e3 },
		{ "1Tbit", 0, 1e12 }, { "100bps", 0, 100 },
	};
	static const char *const bad[] = {
		"fast", "0", "0kpps", "-5", "10x", "10kbit/s", "Mpps", "10 k",
		"inf", "nan", "1kkpps", "", "10Mpp", "10Mbits", "1e400",
	};

	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		double pps = -1, bps = -1;

		CU_ASSERT_EQUAL(parse_rate(good[i].s, &pps, &bps), 0);
		CU_ASSERT_DOUBLE_EQUAL(pps, good[i].pps, 1e-9 * good[i].pps);
		CU_ASSERT_DOUBLE_EQUAL(bps, good[i].bps, 1e-9 * good[i].bps);
		if (pps != good[i].pps || bps != good[i].bps)
			fprintf(stderr, "\n  rate '%s': %g pps %g bps\n",
				good[i].s, pps, bps);
	}
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		double pps, bps;
		int rc = parse_rate(bad[i], &pps, &bps);

		CU_ASSERT_EQUAL(rc, -EINVAL);
		if (rc != -EINVAL)
			fprintf(stderr, "\n  rate '%s' accepted\n", bad[i]);
	}
	/* A prefix without a unit is bits to one reader, packets to the
	 * next: refused with its own code, so the message can suggest. */
	for (size_t i = 0; i < 4; i++) {
		static const char *const bare[] = { "1G", "10k", "2.5M", "1T" };
		double pps, bps;

		CU_ASSERT_EQUAL(parse_rate(bare[i], &pps, &bps), -EDOM);
	}
}

static void test_durations(void)
{
	static const struct {
		const char *s;
		double sec;
	} good[] = {
		{ "500ms", 0.5 }, { "2m", 120 }, { "30", 30 }, { "1.5s", 1.5 },
		{ "2h", 7200 }, { "1min", 60 }, { "0", 0 }, { "0.25ms", 0.00025 },
	};
	static const char *const bad[] = {
		"5x", "", "-1", "1d", "ms", "5 s", "10sec", "nan",
	};

	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		double d = -1;

		CU_ASSERT_EQUAL(parse_duration(good[i].s, &d), 0);
		CU_ASSERT_DOUBLE_EQUAL(d, good[i].sec, 1e-12);
	}
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		double d;

		CU_ASSERT_EQUAL(parse_duration(bad[i], &d), -EINVAL);
	}
}

static void test_bytes(void)
{
	static const struct {
		const char *s;
		uint64_t v;
	} good[] = {
		{ "4M", 4194304 }, { "64k", 65536 }, { "64K", 65536 },
		{ "1G", 1073741824 }, { "4MiB", 4194304 }, { "4MB", 4194304 },
		{ "1.5k", 1536 }, { "100", 100 }, { "2g", 2147483648ull },
		{ "64KiB", 65536 },
	};
	static const char *const bad[] = {
		"4X", "4Mx", "", "-1", "4MiBB", "k", "4 M", "4T",
	};

	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		uint64_t v = 0;

		CU_ASSERT_EQUAL(parse_bytes(good[i].s, &v), 0);
		CU_ASSERT_EQUAL(v, good[i].v);
	}
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		uint64_t v;

		CU_ASSERT_NOT_EQUAL(parse_bytes(bad[i], &v), 0);
	}
	{
		uint64_t v;

		CU_ASSERT_EQUAL(parse_bytes("2000T", &v), -EINVAL);
		CU_ASSERT_EQUAL(parse_bytes("1000000G", &v), -ERANGE);
	}
}

static void test_u32_ranges(void)
{
	struct u32_range r = { 0 };

	CU_ASSERT_EQUAL(parse_u32_range("1000-1010", 1, 65535, &r), 0);
	CU_ASSERT(r.lo == 1000 && r.hi == 1010);
	CU_ASSERT_EQUAL(parse_u32_range("80", 1, 65535, &r), 0);
	CU_ASSERT(r.lo == 80 && r.hi == 80);
	CU_ASSERT_EQUAL(parse_u32_range("1-65535", 1, 65535, &r), 0);
	CU_ASSERT(r.lo == 1 && r.hi == 65535);
	CU_ASSERT_EQUAL(parse_u32_range("60-90", 60, 65535, &r), 0);
	CU_ASSERT(r.lo == 60 && r.hi == 90);
	CU_ASSERT_EQUAL(parse_u32_range("0", 1, 65535, &r), -ERANGE);
	CU_ASSERT_EQUAL(parse_u32_range("10-5", 1, 65535, &r), -ERANGE);
	CU_ASSERT_EQUAL(parse_u32_range("1-65536", 1, 65535, &r), -ERANGE);
	CU_ASSERT_EQUAL(parse_u32_range("a-b", 1, 65535, &r), -EINVAL);
	CU_ASSERT_EQUAL(parse_u32_range("5-", 1, 65535, &r), -EINVAL);
	CU_ASSERT_EQUAL(parse_u32_range("-5", 1, 65535, &r), -EINVAL);
	CU_ASSERT_EQUAL(parse_u32_range("", 1, 65535, &r), -EINVAL);
	CU_ASSERT_EQUAL(parse_u32_range("99999999999999999999", 1, 65535,
					    &r), -EINVAL);
	CU_ASSERT_EQUAL(parse_u32_range("4294967296", 0, UINT32_MAX, &r),
			-ERANGE);
}

static void test_macs(void)
{
	uint8_t m[6];
	static const uint8_t want[6] = { 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff };

	CU_ASSERT_EQUAL(parse_mac("AA:bb:CC:dd:EE:ff", m), 0);
	CU_ASSERT_EQUAL(memcmp(m, want, 6), 0);
	CU_ASSERT_EQUAL(parse_mac("00:11:22:33:44", m), -EINVAL);
	CU_ASSERT_EQUAL(parse_mac("00:11:22:33:44:55:66", m), -EINVAL);
	CU_ASSERT_EQUAL(parse_mac("00-11-22-33-44-55", m), -EINVAL);
	CU_ASSERT_EQUAL(parse_mac("0:1:2:3:4:5", m), -EINVAL);
	CU_ASSERT_EQUAL(parse_mac("gg:11:22:33:44:55", m), -EINVAL);
	CU_ASSERT_EQUAL(parse_mac("", m), -EINVAL);
}

/* The table: one short letter per command, headings apart, every
 * documented option with a help text and a command. */
static void test_table(void)
{
	for (size_t i = 0; i < opt_table_len; i++) {
		const struct opt_def *o = &opt_table[i];

		if (!o->name)
			continue;
		CU_ASSERT(o->cmds != 0);
		CU_ASSERT_PTR_EQUAL(opt_get(o->id), o);
		for (size_t j = i + 1; j < opt_table_len; j++) {
			const struct opt_def *p = &opt_table[j];

			if (!p->name)
				continue;
			CU_ASSERT(strcmp(o->name, p->name) != 0);
			CU_ASSERT(!o->shrt || o->shrt != p->shrt ||
				  !(o->cmds & p->cmds));
		}
	}
	for (size_t i = 0; i < opt_rules_len; i++)
		CU_ASSERT(opt_get(opt_rules[i].a) && opt_get(opt_rules[i].b));
}

static void test_good_lines(void)
{
	struct config c;
	char err[512];

	{
		const char *a[] = { "--dev", "eth0", "--dst-ip",
			"2001:db8::/64", "--src-ip", "2001:db8::1", "--size",
			"60-90", "--rate", "1.5Mpps", "--count", "31",
			"--burst", "8", "--tos", "184", "--ttl", "1", "--vlan",
			"100", "--vlan-prio", "5", "--random", "dst-ip,size",
			"--seed", "42", "--dry-run", "-w", "x.pcap", NULL };

		CU_ASSERT_EQUAL(parse_capture(&c, a, err, sizeof(err)), 0);
		CU_ASSERT_STRING_EQUAL(err, "");
		CU_ASSERT_EQUAL(c.cmd, CMD_SEND);
		CU_ASSERT_EQUAL(c.mode, MODE_PACKET);
		CU_ASSERT_STRING_EQUAL(c.dev, "eth0");
		CU_ASSERT_EQUAL(c.family, AF_INET6);
		CU_ASSERT_EQUAL(c.dst_ip.span, 0);	/* 2^64 */
		CU_ASSERT_TRUE(c.dst_ip.random);
		CU_ASSERT_FALSE(c.src_ip.random);
		CU_ASSERT(c.size.lo == 60 && c.size.hi == 90 && c.size.random);
		CU_ASSERT_FALSE(c.size_is_payload);
		CU_ASSERT_DOUBLE_EQUAL(c.rate_pps, 1.5e6, 1e-6);
		CU_ASSERT_EQUAL(c.rate_bps, 0);
		CU_ASSERT_EQUAL(c.count, 31);
		CU_ASSERT_EQUAL(c.burst, 8);
		CU_ASSERT(c.tos == 184 && c.ttl == 1);
		CU_ASSERT(c.vlan_id == 100 && c.vlan_prio == 5);
		CU_ASSERT(c.sport.lo == 9 && c.dport.hi == 9);
		CU_ASSERT_EQUAL(c.seed, 42);
		CU_ASSERT_TRUE(c.dry_run);
		CU_ASSERT_STRING_EQUAL(c.write_pcap, "x.pcap");
	}
	{
		/* replay takes tcpreplay's short options: -l is the loop,
		 * -x the speed; a bit rate counts frame bytes there (L2),
		 * the wire (L1) in send unless --rate-layer says. */
		const char *a[] = { "replay", "-i", "lo", "-l", "200", "-x",
			"2.5", "f.pcap", NULL };
		const char *b[] = { "replay", "-i", "lo", "--rate", "1Mbit",
			"f.pcap", NULL };
		const char *d[] = { "-i", "lo", "-d", "10.0.0.1", "--rate",
			"1Mbit", NULL };
		const char *e[] = { "-i", "lo", "-d", "10.0.0.1", "--rate",
			"1Mbit", "--rate-layer", "l2", NULL };

		CU_ASSERT_EQUAL(parse_capture(&c, a, err, sizeof(err)), 0);
		CU_ASSERT(c.loop == 200 && c.speed == 2.5 && c.nfiles == 1);
		CU_ASSERT_EQUAL(parse_capture(&c, b, err, sizeof(err)), 0);
		CU_ASSERT(c.rate_bps == 1e6 && !c.rate_l1);
		CU_ASSERT_EQUAL(parse_capture(&c, d, err, sizeof(err)), 0);
		CU_ASSERT(c.rate_bps == 1e6 && c.rate_l1);
		CU_ASSERT_EQUAL(parse_capture(&c, e, err, sizeof(err)), 0);
		CU_ASSERT(c.rate_bps == 1e6 && !c.rate_l1);
	}
	{
		const char *a[] = { "send", "-i", "lo", "-m", "udp", "-d",
			"10.0.0.1", "--dst-port", "1000-1010", "-r", "10Gbps",
			"-t", "2m", "--pool-size", "4M", "--payload-size",
			"1400", "--gso", "1400", "-Z", "on", "-q", NULL };

		CU_ASSERT_EQUAL(parse_capture(&c, a, err, sizeof(err)), 0);
		CU_ASSERT_STRING_EQUAL(err, "");
		CU_ASSERT_EQUAL(c.mode, MODE_UDP);
		CU_ASSERT_EQUAL(c.family, AF_INET);
		CU_ASSERT(c.dport.lo == 1000 && c.dport.hi == 1010);
		CU_ASSERT_EQUAL(c.rate_pps, 0);
		CU_ASSERT_DOUBLE_EQUAL(c.rate_bps, 1e10, 1e-3);
		CU_ASSERT_DOUBLE_EQUAL(c.duration, 120, 1e-9);
		CU_ASSERT_EQUAL(c.pool_bytes, 4u << 20);
		CU_ASSERT(c.size_is_payload && c.size.lo == 1400);
		CU_ASSERT_EQUAL(c.gso, 1400);
		CU_ASSERT_EQUAL(c.zerocopy, ZC_ON);
		CU_ASSERT_TRUE(c.quiet);
	}
	{
		const char *a[] = { "replay", "a.pcap", "--dev", "lo", "b.pcapng",
			"--loop", "0", "--topspeed", NULL };

		CU_ASSERT_EQUAL(parse_capture(&c, a, err, sizeof(err)), 0);
		CU_ASSERT_EQUAL(c.cmd, CMD_REPLAY);
		CU_ASSERT_EQUAL(c.nfiles, 2);
		CU_ASSERT(c.nfiles == 2 && !strcmp(c.files[0], "a.pcap") &&
			  !strcmp(c.files[1], "b.pcapng"));
		CU_ASSERT_EQUAL(c.loop, 0);
		CU_ASSERT_TRUE(c.topspeed);
		CU_ASSERT_DOUBLE_EQUAL(c.max_gap, 3600, 1e-9);
	}
	{
		const char *a[] = { "replay", "a.pcap", "--dev", "lo",
			"--max-gap", "500ms", NULL };
		const char *b[] = { "replay", "a.pcap", "--dev", "lo",
			"--max-gap", "off", NULL };

		CU_ASSERT_EQUAL(parse_capture(&c, a, err, sizeof(err)), 0);
		CU_ASSERT_DOUBLE_EQUAL(c.max_gap, 0.5, 1e-12);
		CU_ASSERT_EQUAL(parse_capture(&c, b, err, sizeof(err)), 0);
		CU_ASSERT_DOUBLE_EQUAL(c.max_gap, 0, 0);
	}
	{
		/* IPv6 maps shorter than /64 (a --dst-ip range could not
		 * span them; a map keeps the host bits, so it can). */
		const char *a[] = { "replay", "a.pcap", "--dev", "lo",
			"--map-ip", "2001:db8:a::/48=2001:db8:77::/48",
			"--map-ip", "2001:db8::/0=fd00::/0",
			"--map-ip", "10.1.2.3:192.0.2.3", NULL };

		CU_ASSERT_EQUAL(parse_capture(&c, a, err, sizeof(err)), 0);
		CU_ASSERT_EQUAL(c.nmaps, 3);
		CU_ASSERT(c.maps[0].family == AF_INET6 && c.maps[0].prefix == 48);
		CU_ASSERT(c.maps[0].from[4] == 0 && c.maps[0].from[5] == 0x0a);
		CU_ASSERT(c.maps[0].to[4] == 0 && c.maps[0].to[5] == 0x77);
		CU_ASSERT(c.maps[1].prefix == 0);
		CU_ASSERT(c.maps[2].family == AF_INET && c.maps[2].prefix == 32);
		CU_ASSERT(c.maps[2].to[0] == 192 && c.maps[2].to[3] == 3);
	}
	{
		const char *a[] = { "--help", NULL };
		const char *b[] = { "--version", NULL };
		const char *p[] = { "probe", NULL };

		CU_ASSERT_EQUAL(parse_capture(&c, a, err, sizeof(err)), 1);
		CU_ASSERT_EQUAL(parse_capture(&c, b, err, sizeof(err)), 1);
		CU_ASSERT_EQUAL(parse_capture(&c, p, err, sizeof(err)), 0);
		CU_ASSERT_EQUAL(c.cmd, CMD_PROBE);
		CU_ASSERT_EQUAL(run_tool(a, err, sizeof(err)), 0);
	}
}

/*
 * cli_parse() is called many times in one process (by these tests; the
 * header exports it for them).  An error inside a cluster of short
 * options ("-Xq") must not leak the rest of the cluster into the next
 * call.
 */
static void test_reparse_after_cluster(void)
{
	const char *a[] = { DEV, DST, "-Xq", NULL };
	const char *b[] = { DEV, DST, NULL };
	struct config c;
	char err[512];

	CU_ASSERT_EQUAL(parse_capture(&c, a, err, sizeof(err)), -EINVAL);
	CU_ASSERT_EQUAL(parse_capture(&c, b, err, sizeof(err)), 0);
	CU_ASSERT_FALSE(c.quiet);	/* -q was in the previous argv */
}

static void test_paths_and_workers(void)
{
	struct config c;
	char err[512];
	const char *a[] = { "--dev", "eth0", "--dst-ip", "10.0.0.1",
		"--path", "zerocopy", "--batch", "256", "--cpus", "0,2-3",
		"--no-qdisc-bypass", NULL };
	const char *b[] = { "--dev", "eth0", "--dst-ip", "10.0.0.1",
		"--zerocopy", "on", "--threads", "2", NULL };
	int cpus[4];

	CU_ASSERT_EQUAL(parse_capture(&c, a, err, sizeof(err)), 0);
	CU_ASSERT_STRING_EQUAL(err, "");
	CU_ASSERT_EQUAL(c.path, PATH_ZEROCOPY);
	CU_ASSERT_EQUAL(c.batch, 256);
	CU_ASSERT_TRUE(c.no_qdisc_bypass);
	CU_ASSERT_EQUAL(c.threads, 3);		/* one per listed CPU */
	CU_ASSERT(c.ncpus == 3 && c.cpus[0] == 0 && c.cpus[1] == 2 &&
		  c.cpus[2] == 3);
	CU_ASSERT_EQUAL(parse_capture(&c, b, err, sizeof(err)), 0);
	CU_ASSERT_EQUAL(c.zerocopy, ZC_ON);
	CU_ASSERT_EQUAL(c.path, PATH_AUTO);
	CU_ASSERT_EQUAL(c.threads, 2);
	CU_ASSERT_EQUAL(c.ncpus, 0);
	CU_ASSERT_EQUAL(parse_cpus("7", cpus, 4), 1);
	CU_ASSERT_EQUAL(cpus[0], 7);
	CU_ASSERT_EQUAL(parse_cpus("0-4", cpus, 4), -EINVAL); /* > max */
	CU_ASSERT_EQUAL(parse_cpus("1,", cpus, 4), -EINVAL);
	CU_ASSERT_EQUAL(parse_cpus("", cpus, 4), -EINVAL);
	CU_ASSERT_EQUAL(parse_cpus("4096", cpus, 4), -EINVAL);
	CU_ASSERT_STRING_EQUAL(tx_path_name(PATH_RING), "ring");
	{
		double t;

		CU_ASSERT_EQUAL(parse_wall_time("2026-12-03T16:00:00.5Z",
						    &t), 0);
		CU_ASSERT_DOUBLE_EQUAL(t, 1796313600.5, 1e-6);
		CU_ASSERT_EQUAL(parse_wall_time("2026-12-03T17:00:00.5+01:00",
						    &t), 0);
		CU_ASSERT_DOUBLE_EQUAL(t, 1796313600.5, 1e-6);
		CU_ASSERT_EQUAL(parse_wall_time("2026-12-03T11:00:00-05:00",
						    &t), 0);
		CU_ASSERT_DOUBLE_EQUAL(t, 1796313600.0, 1e-6);
		CU_ASSERT_EQUAL(parse_wall_time("1796313600.25", &t), 0);
		CU_ASSERT_DOUBLE_EQUAL(t, 1796313600.25, 1e-6);
		CU_ASSERT_EQUAL(parse_wall_time("2026-12-03T16:00:00Zx",
						    &t), -EINVAL);
	}
}

static const struct unit_test tests[] = {
	{ "--path, --batch, --threads, --cpus", test_paths_and_workers },
	{ "bad values: one line, -EINVAL, exit 2", test_bad_values },
	{ "--test-break-reuse with PKTGEN_ZC_TEST_BREAK=reuse", test_break_reuse_with_env },
	{ "rates: pps and L1 bit/s units", test_rates },
	{ "durations", test_durations },
	{ "byte sizes", test_bytes },
	{ "number ranges", test_u32_ranges },
	{ "MAC addresses", test_macs },
	{ "whole command lines", test_good_lines },
	{ "the option table", test_table },
	{ "re-parse after an error in an option cluster", test_reparse_after_cluster },
	{ NULL, NULL },
};

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: %s PATH/TO/pktgen-zc\n", argv[0]);
		return 2;
	}
	tool_path = argv[1];
	return unit_run("cli", tests);
}
