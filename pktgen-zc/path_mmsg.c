// SPDX-License-Identifier: GPL-2.0-only
/*
 * path_mmsg: the copy and zerocopy paths, sendmmsg() batches over pool
 * slots; see path.h.  The copy path's slots come back when the call
 * returns (the kernel copied them); the zerocopy path's come back when
 * a completion on the error queue covers their id.
 */
#include "path.h"

#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>

#include "worker.h"

static int64_t mmsg_get(struct path *p)
{
	return pool_get(p->pool);
}

static void mmsg_unget(struct path *p, uint32_t slot)
{
	pool_put(p->pool, slot);
}

/* Build the batch's messages; returns how many fit. */
static unsigned int build(struct path *p, const struct tx_item *it,
			  unsigned int n)
{
	if (n > p->cap)
		n = p->cap;
	for (unsigned int i = 0; i < n; i++) {
		struct msghdr *m = &p->mm[i].msg_hdr;
		struct iovec *v = &p->iov[2 * i];

		memset(m, 0, sizeof(*m));
		m->msg_iov = v;
		m->msg_iovlen = 1;
		if (p->tx->vnet_len) {
			/* --gso: the socket's one virtio_net_hdr first; the
			 * kernel copies it whatever the path, so the slot
			 * stays the frame alone. */
			v->iov_base = &p->tx->vnet;
			v->iov_len = p->tx->vnet_len;
			v++;
			m->msg_iovlen = 2;
		}
		v->iov_base = pool_slot(p->pool, it[i].slot) + it[i].off;
		v->iov_len = it[i].len;
		tx_address(p->tx, m, &p->addr[i], it[i].dst_ip, it[i].dport,
			   it[i].l2_proto);
	}
	return n;
}

/* sendmmsg() returns what it sent and drops the error of the message
 * that stopped it; only a call that sent nothing says why, so a short
 * count is followed by the caller's retry of the rest. */
static int send_batch(struct path *p, unsigned int n, int flags, int *err)
{
	int r = sendmmsg(p->tx->fd, p->mm, n, flags);

	*err = 0;
	if (r < 0) {
		*err = -errno;
		return 0;
	}
	if ((unsigned int)r < n)
		*err = -EAGAIN;
	return r;
}

static unsigned int copy_submit(struct path *p, const struct tx_item *it,
				unsigned int n, int *err)
{
	int k;

	n = build(p, it, n);
	k = send_batch(p, n, 0, err);
	for (int i = 0; i < k; i++)
		if (!it[i].resident)
			pool_put(p->pool, it[i].slot);
	return (unsigned int)k;
}

static int copy_reap(struct path *p, int timeout_ms)
{
	(void)p;
	/* Nothing to read: this wait only lets a full queue drain. */
	if (timeout_ms > 0)
		poll(NULL, 0, 1);
	return 0;
}

static uint32_t copy_held(const struct path *p)
{
	(void)p;
	return 0;
}

static uint32_t none_abandoned(struct path *p, uint64_t *bytes)
{
	(void)p;
	(void)bytes;
	return 0;
}

static unsigned int zc_submit(struct path *p, const struct tx_item *it,
			      unsigned int n, int *err)
{
	int k;

	n = build(p, it, n);
	k = send_batch(p, n, MSG_ZEROCOPY, err);
	/* Every accepted message took exactly one id, in order. */
	for (int i = 0; i < k; i++) {
		pool_mark_inflight(p->pool, it[i].slot);
		zc_sent(p->zc, it[i].slot);
	}
	return (unsigned int)k;
}

static int zc_reap(struct path *p, int timeout_ms)
{
	if (timeout_ms > 0)
		return zc_wait(p->zc, p->pool, p->tx->fd, timeout_ms);
	return zc_drain(p->zc, p->pool, p->tx->fd);
}

static uint32_t zc_held(const struct path *p)
{
	return p->zc->outstanding;
}

static const struct path_ops copy_ops = {
	.name = "copy",
	.submit = copy_submit,
	.reap = copy_reap,
	.get = mmsg_get,
	.unget = mmsg_unget,
	.held = copy_held,
	.abandon = none_abandoned,
};

static const struct path_ops zerocopy_ops = {
	.name = "zerocopy",
	.submit = zc_submit,
	.reap = zc_reap,
	.get = mmsg_get,
	.unget = mmsg_unget,
	.held = zc_held,
	.abandon = none_abandoned,
};

int path_mmsg_open(struct path *p, enum tx_path kind, struct tx *tx,
		   struct pool *pool, struct zc *zc, unsigned int batch)
{
	memset(p, 0, sizeof(*p));
	p->kind = kind;
	p->ops = kind == PATH_ZEROCOPY ? &zerocopy_ops : &copy_ops;
	p->tx = tx;
	p->pool = pool;
	p->zc = zc;
	p->cap = batch ? batch : 1;
	p->mm = calloc(p->cap, sizeof(*p->mm));
	p->iov = calloc(2 * (size_t)p->cap, sizeof(*p->iov));
	p->addr = calloc(p->cap, sizeof(*p->addr));
	if (!p->mm || !p->iov || !p->addr) {
		path_close(p);
		return -ENOMEM;
	}
	return 0;
}
