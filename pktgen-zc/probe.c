/* probe: SO_ZEROCOPY per socket kind; see probe.h. */
#include "probe.h"

#include <errno.h>
#include <linux/if_ether.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/utsname.h>
#include <unistd.h>

#ifndef SO_ZEROCOPY
#define SO_ZEROCOPY 60
#endif

struct probe_case {
	const char *name;
	int family, type, proto;
};

static int try_zerocopy(const struct probe_case *pc, int *open_err)
{
	int one = 1, r = 0;
	int fd = socket(pc->family, pc->type, pc->proto);

	*open_err = 0;
	if (fd < 0) {
		*open_err = errno;
		return -errno;
	}
	if (setsockopt(fd, SOL_SOCKET, SO_ZEROCOPY, &one, sizeof(one)))
		r = -errno;
	close(fd);
	return r;
}

int probe_run(const struct config *c)
{
	static const struct probe_case cases[] = {
		{ "packet", AF_PACKET, SOCK_RAW, 0 },
		{ "packet-dgram", AF_PACKET, SOCK_DGRAM, 0 },
		{ "raw", AF_INET, SOCK_RAW, IPPROTO_RAW },
		{ "raw6", AF_INET6, SOCK_RAW, IPPROTO_RAW },
		{ "udp", AF_INET, SOCK_DGRAM, 0 },
		{ "udp6", AF_INET6, SOCK_DGRAM, 0 },
	};
	struct utsname u;
	int all_ok = 1;

	uname(&u);
	if (c->json)
		printf("{\"kernel\": \"%s\", \"zerocopy\": {", u.release);
	else
		printf("kernel %s: SO_ZEROCOPY per socket kind\n", u.release);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int oerr, r = try_zerocopy(&cases[i], &oerr);
		const char *verdict = !r ? "yes" : oerr ? "cannot open" : "no";

		if (r)
			all_ok = 0;
		if (c->json)
			printf("%s\"%s\": {\"supported\": %s, \"error\": %s%s%s}",
			       i ? ", " : "", cases[i].name, r ? "false" : "true",
			       r ? "\"" : "", r ? strerror(-r) : "null",
			       r ? "\"" : "");
		else
			printf("  %-13s %-12s%s%s\n", cases[i].name, verdict,
			       r ? strerror(-r) : "",
			       r == -EOPNOTSUPP &&
			       strncmp(cases[i].name, "udp", 3) ?
			       " (the kernel/ series adds it)" : "");
	}
	if (c->json)
		printf("}, \"all\": %s}\n", all_ok ? "true" : "false");
	return 0;
}
