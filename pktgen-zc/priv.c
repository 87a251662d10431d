// SPDX-License-Identifier: GPL-2.0-only
/* priv: drop privileges after set-up; see priv.h. */
#include "priv.h"

#include <errno.h>
#include <linux/capability.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#ifndef PR_CAP_AMBIENT
#define PR_CAP_AMBIENT 47
#define PR_CAP_AMBIENT_CLEAR_ALL 4
#endif

static int caps_get(uint64_t *eff, uint64_t *prm)
{
	struct __user_cap_header_struct h = {
		.version = _LINUX_CAPABILITY_VERSION_3,
	};
	struct __user_cap_data_struct d[_LINUX_CAPABILITY_U32S_3];

	memset(d, 0, sizeof(d));
	if (syscall(SYS_capget, &h, d))
		return -errno;
	*eff = d[0].effective | (uint64_t)d[1].effective << 32;
	*prm = d[0].permitted | (uint64_t)d[1].permitted << 32;
	return 0;
}

static int caps_set(uint64_t keep)
{
	struct __user_cap_header_struct h = {
		.version = _LINUX_CAPABILITY_VERSION_3,
	};
	struct __user_cap_data_struct d[_LINUX_CAPABILITY_U32S_3];

	memset(d, 0, sizeof(d));	/* inheritable: none */
	d[0].effective = d[0].permitted = (uint32_t)keep;
	d[1].effective = d[1].permitted = (uint32_t)(keep >> 32);
	return syscall(SYS_capset, &h, d) ? -errno : 0;
}

bool priv_effective(int cap)
{
	uint64_t eff = 0, prm = 0;

	return !caps_get(&eff, &prm) && (eff & PRIV_CAP(cap));
}

uint64_t priv_run_needs(const struct config *c, bool zerocopy)
{
	uint64_t keep = 0;
	struct rlimit rl;

	if (c->cmd == CMD_DEMO)
		return PRIV_CAP(CAP_NET_RAW) | PRIV_CAP(CAP_NET_BIND_SERVICE) |
		       PRIV_CAP(CAP_IPC_LOCK);
	/* Locking goes on after set-up in two cases: MSG_ZEROCOPY charges
	 * the pages in flight, and replay's pool grows as a capture is
	 * preloaded (without --pool-size). */
	if (((zerocopy && !c->dry_run) ||
	     (c->cmd == CMD_REPLAY && !c->pool_bytes_set)) &&
	    (getrlimit(RLIMIT_MEMLOCK, &rl) || rl.rlim_cur != RLIM_INFINITY))
		keep |= PRIV_CAP(CAP_IPC_LOCK);
	if (c->cmd == CMD_REPLAY)
		keep |= PRIV_CAP(CAP_DAC_READ_SEARCH);
	return keep;
}

int priv_drop(uint64_t keep, char *why, size_t len)
{
	uint64_t eff = 0, prm = 0;
	int err;

	err = caps_get(&eff, &prm);
	if (err) {
		snprintf(why, len, "capget: %s", strerror(-err));
		return err;
	}
	keep &= prm;
	/* Ambient capabilities would survive an execve(); clearing them
	 * needs no privilege (EINVAL: a kernel before 4.3 has none). */
	if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) &&
	    errno != EINVAL) {
		err = -errno;
		snprintf(why, len, "clearing the ambient capabilities: %s",
			 strerror(-err));
		return err;
	}
	/* The bounding set limits what an execve() could grant; dropping
	 * from it needs CAP_SETPCAP, which a run with file capabilities
	 * lacks, and no_new_privs below covers that case. */
	if (eff & PRIV_CAP(CAP_SETPCAP)) {
		for (int cap = 0; prctl(PR_CAPBSET_READ, cap, 0, 0, 0) >= 0;
		     cap++) {
			if ((keep & PRIV_CAP(cap)) ||
			    !prctl(PR_CAPBSET_READ, cap, 0, 0, 0))
				continue;
			if (prctl(PR_CAPBSET_DROP, cap, 0, 0, 0)) {
				err = -errno;
				snprintf(why, len, "dropping capability %d "
					 "from the bounding set: %s", cap,
					 strerror(-err));
				return err;
			}
		}
	}
	err = caps_set(keep);
	if (err) {
		snprintf(why, len, "capset: %s", strerror(-err));
		return err;
	}
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0)) {
		err = -errno;
		snprintf(why, len, "prctl(PR_SET_NO_NEW_PRIVS): %s",
			 strerror(-err));
		return err;
	}
	err = caps_get(&eff, &prm);
	if (!err && (eff != keep || prm != keep))
		err = -EPERM;
	if (err) {
		snprintf(why, len, "the capabilities are still %#llx after "
			 "dropping to %#llx", (unsigned long long)eff,
			 (unsigned long long)keep);
		return err;
	}
	return 0;
}
