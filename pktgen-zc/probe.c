// SPDX-License-Identifier: GPL-2.0-only
/* probe: SO_ZEROCOPY per socket kind, the TX ring, PACKET_VNET_HDR and
 * UDP GSO through it (--gso in packet modes); see probe.h. */
#include "probe.h"

#include <linux/if_packet.h>

#include <endian.h>
#include <errno.h>
#include <linux/ethtool.h>
#include <linux/if_ether.h>
#include <linux/sockios.h>
#include <linux/virtio_net.h>
#include <net/if.h>
#include <sys/ioctl.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "frame.h"
#include "iface.h"
#include "log.h"
#include "out.h"
#include "path.h"
#include "rig.h"

#ifndef SO_ZEROCOPY
#define SO_ZEROCOPY 60
#endif
#ifndef VIRTIO_NET_HDR_GSO_UDP_L4
#define VIRTIO_NET_HDR_GSO_UDP_L4 5
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

/* Can a packet socket get a TPACKET_V2 TX ring (and bypass the qdisc)? */
static int try_ring(bool *bypass, int ifindex)
{
	struct tpacket_req req = {
		.tp_block_size = 4096, .tp_block_nr = 1,
		.tp_frame_size = 2048, .tp_frame_nr = 2,
	};
	int v2 = TPACKET_V2, one = 1, r = 0;
	int fd = socket(AF_PACKET, SOCK_RAW, 0);

	*bypass = false;
	if (fd < 0)
		return -errno;
	if (setsockopt(fd, SOL_PACKET, PACKET_VERSION, &v2, sizeof(v2)) ||
	    setsockopt(fd, SOL_PACKET, PACKET_TX_RING, &req, sizeof(req)))
		r = -errno;
	if (!r && ifindex > 0) {
		struct sockaddr_ll ll = {
			.sll_family = AF_PACKET, .sll_ifindex = ifindex,
		};

		if (bind(fd, (struct sockaddr *)&ll, sizeof(ll)))
			r = -errno;
	}
	*bypass = !setsockopt(fd, SOL_PACKET, PACKET_QDISC_BYPASS, &one,
			      sizeof(one));
	close(fd);
	return r;
}

/* One legacy ethtool flag (ETHTOOL_GSG, _GTXCSUM, _GGSO): 1, 0, or -1
 * when the driver does not say. */
static int ethtool_flag(const char *dev, uint32_t cmd)
{
	struct ethtool_value ev = { .cmd = cmd };
	struct ifreq ifr;
	int fd = socket(AF_INET, SOCK_DGRAM, 0), r;

	if (fd < 0)
		return -1;
	memset(&ifr, 0, sizeof(ifr));
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", dev);
	ifr.ifr_data = (void *)&ev;
	r = ioctl(fd, SIOCETHTOOL, &ifr) ? -1 : !!ev.data;
	close(fd);
	return r;
}

/* An ethtool flag: JSON true, false or null (the driver does not say);
 * text "LABEL on", "off" (with why it matters) or "unknown". */
static void out_flag(struct out *o, const char *key, const char *label,
		     int v, const char *off_note)
{
	if (v < 0)
		out_null(o, key);
	else
		out_bool(o, key, NULL, v);
	out_text(o, "%s %s%s", label, v < 0 ? "unknown" : v ? "on" : "off",
		 v == 0 && off_note ? off_note : "");
}

/*
 * --dev: the interface as a sender sees it.  Zerocopy pays only where
 * the device takes scatter-gather frames (else the kernel copies and
 * says so per id); the MTU bounds --size.
 */
static int probe_dev(struct out *o, const struct config *c,
		     struct iface_info *ifi)
{
	int err = iface_lookup(c->dev, ifi);
	bool up;

	if (err == -ENODEV) {
		pr_err("--dev '%s': no such interface (see 'ip link')",
		       c->dev);
		return EXIT_USAGE;
	}
	if (err) {
		pr_err("cannot read interface '%s' over netlink: %s", c->dev,
		       strerror(-err));
		return EXIT_RUNTIME;
	}
	up = ifi->flags & IFF_UP;
	out_obj(o, "device");
	out_str(o, "name", "device %s: ", ifi->name);
	out_int(o, "ifindex", "index %lld, ", ifi->ifindex);
	out_u64(o, "mtu", "MTU %llu, ", ifi->mtu);
	out_bool(o, "up", NULL, up);
	out_bool(o, "carrier", NULL, ifi->carrier);
	out_text(o, "%s%s, ", up ? "up" : "down",
		 ifi->carrier ? "" : " (no carrier)");
	out_u64(o, "tx_queues", "%llu TX queue", ifi->txqueues);
	out_text(o, "%s, ", ifi->txqueues == 1 ? "" : "s");
	out_bool(o, "ethernet", NULL, ifi->arptype == 1);
	out_flag(o, "scatter_gather", "scatter-gather",
		 ethtool_flag(c->dev, ETHTOOL_GSG),
		 " (zerocopy sends are copied)");
	out_text(o, ", ");
	out_flag(o, "tx_checksum", "TX checksum",
		 ethtool_flag(c->dev, ETHTOOL_GTXCSUM), NULL);
	out_text(o, ", ");
	out_flag(o, "gso", "GSO", ethtool_flag(c->dev, ETHTOOL_GGSO), NULL);
	out_text(o, "\n");
	out_obj_end(o);
	return 0;
}

/* What --gso in packet modes needs: PACKET_VNET_HDR, also under a TX
 * ring, and a kernel that takes UDP_L4 GSO from a virtio_net_hdr. */
struct vnet_probe {
	int hdr;		/* setsockopt(PACKET_VNET_HDR) on SOCK_RAW */
	int ring;		/* a TX ring on such a socket */
	int gso;		/* one super-frame on lo; 1: not tried */
};

/*
 * Two 8-byte segments to 127.0.0.1 port 9 (discard) on the loopback
 * device, which the kernel takes or refuses (EINVAL before Linux 6.2)
 * while it builds the skb: nothing leaves the machine.
 */
static int try_gso_lo(int fd)
{
	struct frame_spec s = { .vlan_id = -1, .family = AF_INET, .ttl = 1 };
	struct frame_vars v = { .sport = 9, .dport = 9, .len = 42 + 16 };
	struct virtio_net_hdr h = {
		.flags = VIRTIO_NET_HDR_F_NEEDS_CSUM,
		.gso_type = VIRTIO_NET_HDR_GSO_UDP_L4,
		.gso_size = htole16(8),
		.hdr_len = htole16(42),
		.csum_start = htole16(34),
		.csum_offset = htole16(6),
	};
	struct sockaddr_ll sll = { .sll_family = AF_PACKET,
				   .sll_protocol = htons(ETH_P_IP) };
	uint8_t f[42 + 16] = { 0 };
	struct iovec iov[2] = { { &h, sizeof(h) }, { f, sizeof(f) } };
	struct msghdr m = { .msg_name = &sll, .msg_namelen = sizeof(sll),
			    .msg_iov = iov, .msg_iovlen = 2 };

	sll.sll_ifindex = (int)if_nametoindex("lo");
	if (!sll.sll_ifindex)
		return 1;
	memcpy(v.src_ip, "\x7f\0\0\1", 4);
	memcpy(v.dst_ip, "\x7f\0\0\1", 4);
	frame_write_gso(&s, &v, f);
	if (sendmsg(fd, &m, MSG_DONTWAIT) < 0)
		return errno == ENETDOWN || errno == ENXIO ? 1 : -errno;
	return 0;
}

static void try_vnet(struct vnet_probe *vp)
{
	struct tpacket_req req = {
		.tp_block_size = 4096, .tp_block_nr = 1,
		.tp_frame_size = 2048, .tp_frame_nr = 2,
	};
	int one = 1, v2 = TPACKET_V2;
	int fd = socket(AF_PACKET, SOCK_RAW, 0);

	vp->ring = vp->gso = 1;
	if (fd < 0) {
		vp->hdr = -errno;
		return;
	}
	vp->hdr = setsockopt(fd, SOL_PACKET, PACKET_VNET_HDR, &one,
			     sizeof(one)) ? -errno : 0;
	if (!vp->hdr)
		vp->gso = try_gso_lo(fd);
	if (!vp->hdr)
		vp->ring = setsockopt(fd, SOL_PACKET, PACKET_VERSION, &v2,
				      sizeof(v2)) ||
			   setsockopt(fd, SOL_PACKET, PACKET_TX_RING, &req,
				      sizeof(req)) ? -errno : 0;
	close(fd);
}

static const char *yes_no(int r)
{
	return !r ? "yes" : r > 0 ? "not tried" : "no";
}

static void out_vnet(struct out *o)
{
	struct vnet_probe vp;

	try_vnet(&vp);
	out_obj(o, "vnet_hdr");
	out_bool(o, "supported", NULL, !vp.hdr);
	out_bool(o, "tx_ring", NULL, !vp.ring);
	if (vp.gso > 0)
		out_null(o, "gso_udp_l4");
	else
		out_bool(o, "gso_udp_l4", NULL, !vp.gso);
	out_str(o, "error", NULL, vp.hdr < 0 ? strerror(-vp.hdr) :
		vp.gso < 0 ? strerror(-vp.gso) : NULL);
	out_obj_end(o);
	out_text(o, "  %-13s %-12s%s\n", "vnet-hdr", yes_no(vp.hdr),
		 vp.hdr < 0 ? strerror(-vp.hdr) : "");
	out_text(o, "  %-13s %-12s\n", "vnet-tx-ring", yes_no(vp.ring));
	out_text(o, "  %-13s %-12s%s\n", "gso-udp-l4", yes_no(vp.gso),
		 vp.gso < 0 ? strerror(-vp.gso) : vp.gso > 0 ?
		 "(lo is down)" : "");
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
	struct iface_info ifi;
	struct utsname u;
	bool all_ok = true, bypass;
	struct out o;
	int r;

	uname(&u);
	out_begin(&o, stdout, c->json);
	out_str(&o, "kernel", NULL, u.release);
	if (c->dev[0]) {
		int rc = probe_dev(&o, c, &ifi);

		if (rc) {
			out_str(&o, "error", NULL, log_first_error());
			out_end(&o);
			return rc;
		}
	}
	out_text(&o, "kernel %s: SO_ZEROCOPY per socket kind\n", u.release);
	out_obj(&o, "zerocopy");
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int oerr;

		r = try_zerocopy(&cases[i], &oerr);
		all_ok = all_ok && !r;
		out_obj(&o, cases[i].name);
		out_bool(&o, "supported", NULL, !r);
		out_str(&o, "error", NULL, r ? strerror(-r) : NULL);
		out_obj_end(&o);
		out_text(&o, "  %-13s %-12s%s%s\n", cases[i].name,
			 !r ? "yes" : oerr ? "cannot open" : "no",
			 r ? strerror(-r) : "",
			 r == -EOPNOTSUPP && strncmp(cases[i].name, "udp", 3) ?
			 " (the kernel/ series adds it)" : "");
	}
	out_obj_end(&o);
	out_bool(&o, "all", NULL, all_ok);

	r = try_ring(&bypass, c->dev[0] ? ifi.ifindex : 0);
	out_obj(&o, "tx_ring");
	out_bool(&o, "supported", NULL, !r);
	out_str(&o, "error", NULL, r ? strerror(-r) : NULL);
	out_bool(&o, "qdisc_bypass", NULL, bypass);
	out_obj_end(&o);
	out_text(&o, "  %-13s %-12s%s\n", "tx-ring", r ? "no" : "yes",
		 r ? strerror(-r) : "");
	out_text(&o, "  %-13s %-12s\n", "qdisc-bypass", bypass ? "yes" : "no");
	out_vnet(&o);
	/* What --path auto takes for 'send' (see path_auto()). */
	out_obj(&o, "auto_path");
	out_str(&o, "packet", NULL, r ? "copy" : "ring");
	out_str(&o, "packet-dgram", NULL, r ? "copy" : "ring");
	{
		char below[64];

		snprintf(below, sizeof(below), "copy below %u bytes a send",
			 PATH_ZC_MIN_BYTES);
		out_str(&o, "raw", NULL, below);
		out_str(&o, "udp", NULL, below);
	}
	out_obj_end(&o);
	out_text(&o, "--path auto: the TX ring in packet modes%s; zerocopy for "
		 "sends of %u bytes or more where SO_ZEROCOPY is yes, else "
		 "copy\n", r ? " (not here: copy)" : "", PATH_ZC_MIN_BYTES);
	out_end(&o);
	return 0;
}
