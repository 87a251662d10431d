// SPDX-License-Identifier: GPL-2.0-only
/* config: the names of its values; see config.h. */
#include "config.h"

const char *tx_path_name(enum tx_path p)
{
	switch (p) {
	case PATH_AUTO: return "auto";
	case PATH_RING: return "ring";
	case PATH_COPY: return "copy";
	case PATH_ZEROCOPY: return "zerocopy";
	}
	return "?";
}

const char *tx_mode_name(enum tx_mode m)
{
	switch (m) {
	case MODE_PACKET: return "packet";
	case MODE_PACKET_DGRAM: return "packet-dgram";
	case MODE_RAW: return "raw";
	case MODE_UDP: return "udp";
	}
	return "?";
}

const char *cmd_name(enum pzc_cmd c)
{
	switch (c) {
	case CMD_SEND: return "send";
	case CMD_REPLAY: return "replay";
	case CMD_PROBE: return "probe";
	case CMD_DEMO: return "demo";
	case CMD_RECV: return "recv";
	}
	return "?";
}
