/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * tx_mode: the per-mode openers behind tx.c.  Each sets fd, off, to and
 * fixed_dst of a struct tx, or returns -errno naming the failed call in
 * why.  Internal to the tx_*.c files.
 */
#ifndef PZC_TX_MODE_H
#define PZC_TX_MODE_H

#include "tx.h"

int tx_packet_open(struct tx *t, const struct tx_params *p, char *why,
		   size_t len);
int tx_raw_open(struct tx *t, const struct tx_params *p, char *why,
		size_t len);
int tx_udp_open(struct tx *t, const struct tx_params *p, char *why,
		size_t len);
int tx_bind_device(struct tx *t, const struct tx_params *p, char *why,
		   size_t len);
/* Common socket options: the send buffer. */
void tx_common_opts(struct tx *t);
void tx_fill_sockaddr(struct sockaddr_storage *ss, socklen_t *sl, int family,
		      const uint8_t *ip, uint16_t port, int ifindex);

#endif
