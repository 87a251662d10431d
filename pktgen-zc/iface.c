// SPDX-License-Identifier: GPL-2.0-only
/* iface: libnl-3 interface, route and neighbour lookups; see iface.h. */
#include "iface.h"

#include <arpa/inet.h>
#include <errno.h>
#include <linux/if_addr.h>
#include <linux/rtnetlink.h>
#include <netinet/in.h>
#include <netlink/netlink.h>
#include <netlink/route/addr.h>
#include <netlink/route/link.h>
#include <netlink/route/link/veth.h>
#include <netlink/route/neighbour.h>
#include <netlink/route/route.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

/* libnl errors are its own small integers; map the ones we meet. */
static int nl_to_errno(int nlerr)
{
	switch (nlerr < 0 ? -nlerr : nlerr) {
	case NLE_OBJ_NOTFOUND: return -ENODEV;
	case NLE_NOMEM: return -ENOMEM;
	case NLE_PERM: return -EPERM;
	case NLE_EXIST: return -EEXIST;
	case NLE_INVAL: return -EINVAL;
	case NLE_NODEV: return -ENODEV;
	case NLE_AGAIN: return -EAGAIN;
	case NLE_BUSY: return -EBUSY;
	default: return -EIO;
	}
}

static struct nl_sock *nl_open(void)
{
	struct nl_sock *sk = nl_socket_alloc();

	if (!sk)
		return NULL;
	if (nl_connect(sk, NETLINK_ROUTE)) {
		nl_socket_free(sk);
		return NULL;
	}
	return sk;
}

static void first_addrs(struct nl_sock *sk, struct iface_info *out)
{
	struct nl_cache *cache;
	struct nl_object *o;
	int best4 = 256, best6 = 256;

	if (rtnl_addr_alloc_cache(sk, &cache))
		return;
	for (o = nl_cache_get_first(cache); o; o = nl_cache_get_next(o)) {
		struct rtnl_addr *a = (struct rtnl_addr *)o;
		struct nl_addr *local = rtnl_addr_get_local(a);
		int scope = rtnl_addr_get_scope(a);

		if (rtnl_addr_get_ifindex(a) != out->ifindex || !local)
			continue;
		/* Prefer the widest scope: global (0) before link (253). */
		if (rtnl_addr_get_family(a) == AF_INET && scope < best4 &&
		    nl_addr_get_len(local) == 4) {
			memcpy(out->addr4, nl_addr_get_binary_addr(local), 4);
			out->has4 = true;
			best4 = scope;
		} else if (rtnl_addr_get_family(a) == AF_INET6 &&
			   scope < best6 && nl_addr_get_len(local) == 16) {
			memcpy(out->addr6, nl_addr_get_binary_addr(local), 16);
			out->has6 = true;
			best6 = scope;
		}
	}
	nl_cache_free(cache);
}

int iface_lookup(const char *name, struct iface_info *out)
{
	struct nl_sock *sk = nl_open();
	struct rtnl_link *link = NULL;
	struct nl_addr *ll;
	int err;

	memset(out, 0, sizeof(*out));
	if (!sk)
		return -EIO;
	err = rtnl_link_get_kernel(sk, 0, name, &link);
	if (err) {
		nl_socket_free(sk);
		return nl_to_errno(err);
	}
	snprintf(out->name, sizeof(out->name), "%s", name);
	out->ifindex = rtnl_link_get_ifindex(link);
	out->mtu = rtnl_link_get_mtu(link);
	out->flags = rtnl_link_get_flags(link);
	out->carrier = rtnl_link_get_carrier(link);
	out->operstate = rtnl_link_get_operstate(link);
	out->txqueues = rtnl_link_get_num_tx_queues(link);
	out->arptype = rtnl_link_get_arptype(link);
	ll = rtnl_link_get_addr(link);
	if (ll && nl_addr_get_len(ll) == 6)
		memcpy(out->mac, nl_addr_get_binary_addr(ll), 6);
	rtnl_link_put(link);
	first_addrs(sk, out);
	nl_socket_free(sk);
	return 0;
}

bool iface_is_up(const char *name)
{
	struct iface_info ifi;

	if (iface_lookup(name, &ifi))
		return false;
	return (ifi.flags & IFF_UP) &&
	       (ifi.operstate == IFACE_OPER_UP ||
		ifi.operstate == IFACE_OPER_UNKNOWN);
}

static int why_set(char *why, size_t len, int err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, len, fmt, ap);
	va_end(ap);
	return err;
}

/* Longest-prefix match in the main table for routes out of ifindex. */
static int route_next_hop(struct nl_sock *sk, int ifindex, int family,
			  const uint8_t *dst, uint8_t *hop, int *other_dev)
{
	size_t alen = family == AF_INET6 ? 16 : 4;
	struct nl_cache *cache;
	struct nl_object *o;
	int best = -1;

	*other_dev = 0;
	if (rtnl_route_alloc_cache(sk, family, 0, &cache))
		return -EIO;
	for (o = nl_cache_get_first(cache); o; o = nl_cache_get_next(o)) {
		struct rtnl_route *r = (struct rtnl_route *)o;
		struct nl_addr *rd = rtnl_route_get_dst(r);
		struct rtnl_nexthop *nh;
		int plen = rd ? (int)nl_addr_get_prefixlen(rd) : 0;
		const uint8_t *net;
		int bits;

		if (rtnl_route_get_table(r) != RT_TABLE_MAIN ||
		    rtnl_route_get_type(r) != RTN_UNICAST ||
		    rtnl_route_get_nnexthops(r) < 1 || plen <= best)
			continue;
		if (rd && nl_addr_get_len(rd)) {
			net = nl_addr_get_binary_addr(rd);
			for (bits = 0; bits < plen; bits++) {
				uint8_t m = (uint8_t)(0x80 >> (bits % 8));

				if ((net[bits / 8] ^ dst[bits / 8]) & m)
					break;
			}
			if (bits < plen)
				continue;
		}
		nh = rtnl_route_nexthop_n(r, 0);
		if (rtnl_route_nh_get_ifindex(nh) != ifindex) {
			*other_dev = rtnl_route_nh_get_ifindex(nh);
			continue;
		}
		best = plen;
		*other_dev = 0;
		if (rtnl_route_nh_get_gateway(nh) &&
		    nl_addr_get_len(rtnl_route_nh_get_gateway(nh)) == alen)
			memcpy(hop, nl_addr_get_binary_addr(
				       rtnl_route_nh_get_gateway(nh)), alen);
		else
			memcpy(hop, dst, alen);
	}
	nl_cache_free(cache);
	return best >= 0 ? 0 : -EHOSTUNREACH;
}

static int neigh_lookup(struct nl_sock *sk, int ifindex, int family,
			const uint8_t *hop, uint8_t mac[6])
{
	struct nl_cache *cache;
	struct nl_addr *a;
	struct rtnl_neigh *n;
	int err = -ENOENT;

	if (rtnl_neigh_alloc_cache(sk, &cache))
		return -EIO;
	a = nl_addr_build(family, hop, family == AF_INET6 ? 16 : 4);
	n = a ? rtnl_neigh_get(cache, ifindex, a) : NULL;
	if (n) {
		struct nl_addr *ll = rtnl_neigh_get_lladdr(n);
		int st = rtnl_neigh_get_state(n);

		if (ll && nl_addr_get_len(ll) == 6 &&
		    !(st & (NUD_FAILED | NUD_INCOMPLETE | NUD_NONE))) {
			memcpy(mac, nl_addr_get_binary_addr(ll), 6);
			err = 0;
		}
		rtnl_neigh_put(n);
	}
	nl_addr_put(a);
	nl_cache_free(cache);
	return err;
}

/* An empty UDP datagram to the discard port makes the kernel resolve the
 * next hop; the datagram itself goes to the host we are about to load. */
static void poke_neighbour(const struct iface_info *ifi, int family,
			   const uint8_t *hop)
{
	struct sockaddr_storage ss = { 0 };
	socklen_t sl;
	int fd = socket(family, SOCK_DGRAM | SOCK_CLOEXEC, 0);

	if (fd < 0)
		return;
	setsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE, ifi->name,
		   strlen(ifi->name));
	if (family == AF_INET6) {
		struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)&ss;

		s6->sin6_family = AF_INET6;
		s6->sin6_port = htons(9);
		memcpy(&s6->sin6_addr, hop, 16);
		s6->sin6_scope_id = ifi->ifindex;
		sl = sizeof(*s6);
	} else {
		struct sockaddr_in *s4 = (struct sockaddr_in *)&ss;

		s4->sin_family = AF_INET;
		s4->sin_port = htons(9);
		memcpy(&s4->sin_addr, hop, 4);
		sl = sizeof(*s4);
	}
	sendto(fd, "", 0, MSG_DONTWAIT, (struct sockaddr *)&ss, sl);
	close(fd);
}

int iface_resolve(const struct iface_info *ifi, int family, const uint8_t *dst,
		  uint8_t mac[6], int wait_ms, char *why, size_t whylen)
{
	char dstr[64], hstr[64], other[IF_NAMESIZE] = "?";
	struct nl_sock *sk = nl_open();
	uint8_t hop[16] = { 0 };
	int other_dev, err, waited;

	if (!sk)
		return why_set(why, whylen, -EIO, "cannot open a netlink socket");
	inet_ntop(family, dst, dstr, sizeof(dstr));
	err = route_next_hop(sk, ifi->ifindex, family, dst, hop, &other_dev);
	if (err) {
		nl_socket_free(sk);
		if (other_dev && if_indextoname(other_dev, other))
			return why_set(why, whylen, err,
				       "the route to %s leaves via %s, not %s; "
				       "give --dst-mac or add a route via %s",
				       dstr, other, ifi->name, ifi->name);
		return why_set(why, whylen, err,
			       "no route to %s via %s; give --dst-mac or add "
			       "an address/route on %s", dstr, ifi->name,
			       ifi->name);
	}
	inet_ntop(family, hop, hstr, sizeof(hstr));
	for (waited = 0;; waited += 50) {
		err = neigh_lookup(sk, ifi->ifindex, family, hop, mac);
		if (!err || waited >= wait_ms)
			break;
		if (waited % 500 == 0)
			poke_neighbour(ifi, family, hop);
		nanosleep(&(struct timespec){ .tv_nsec = 50 * 1000000 }, NULL);
	}
	nl_socket_free(sk);
	if (err)
		return why_set(why, whylen, -EHOSTUNREACH,
			       "next hop %s for %s on %s did not resolve to a "
			       "MAC address within %d ms; give --dst-mac",
			       hstr, dstr, ifi->name, wait_ms);
	return 0;
}

int iface_veth_create(const char *name, const char *peer, int peer_ns_fd)
{
	struct nl_sock *sk = nl_open();
	struct rtnl_link *link, *p;
	int err;

	if (!sk)
		return -EIO;
	link = rtnl_link_veth_alloc();
	if (!link) {
		nl_socket_free(sk);
		return -ENOMEM;
	}
	rtnl_link_set_name(link, name);
	p = rtnl_link_veth_get_peer(link);
	rtnl_link_set_name(p, peer);
	if (peer_ns_fd >= 0)
		rtnl_link_set_ns_fd(p, peer_ns_fd);
	rtnl_link_put(p);
	err = rtnl_link_add(sk, link, NLM_F_CREATE | NLM_F_EXCL);
	rtnl_link_veth_release(link);
	nl_socket_free(sk);
	return err ? nl_to_errno(err) : 0;
}

int iface_set_up(const char *name)
{
	struct nl_sock *sk = nl_open();
	struct rtnl_link *link = NULL, *chg;
	int err;

	if (!sk)
		return -EIO;
	err = rtnl_link_get_kernel(sk, 0, name, &link);
	if (!err) {
		chg = rtnl_link_alloc();
		rtnl_link_set_flags(chg, IFF_UP);
		err = rtnl_link_change(sk, link, chg, 0);
		rtnl_link_put(chg);
		rtnl_link_put(link);
	}
	nl_socket_free(sk);
	return err ? nl_to_errno(err) : 0;
}

int iface_addr_add(const char *name, const char *cidr)
{
	struct nl_sock *sk = nl_open();
	struct rtnl_addr *a;
	struct nl_addr *local = NULL;
	int err, ifindex;

	if (!sk)
		return -EIO;
	ifindex = (int)if_nametoindex(name);
	err = nl_addr_parse(cidr, AF_UNSPEC, &local);
	if (!ifindex || err) {
		nl_addr_put(local);
		nl_socket_free(sk);
		return ifindex ? -EINVAL : -ENODEV;
	}
	a = rtnl_addr_alloc();
	rtnl_addr_set_ifindex(a, ifindex);
	rtnl_addr_set_local(a, local);
	/* No duplicate address detection: the address is usable at once. */
	rtnl_addr_set_flags(a, IFA_F_NODAD);
	err = rtnl_addr_add(sk, a, 0);
	rtnl_addr_put(a);
	nl_addr_put(local);
	nl_socket_free(sk);
	return err ? nl_to_errno(err) : 0;
}

int iface_get_mac(const char *name, uint8_t mac[6])
{
	struct iface_info ifi;
	int err = iface_lookup(name, &ifi);

	if (!err)
		memcpy(mac, ifi.mac, 6);
	return err;
}
