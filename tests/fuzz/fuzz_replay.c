// SPDX-License-Identifier: GPL-2.0-only
/*
 * fuzz_replay: the replay record path.  The input is a header of run
 * options (mode, MTU, --pad, --rewrite-mac, --speed, --max-gap, up to
 * two --map-ip and the port rewrites) and then a capture; every record
 * is read, shaped into a slot of exactly the size replay uses (so ASan
 * catches a write past it), rewritten, and scheduled.  A frame that does
 * not fit what shape_record() promises is a finding (trap).
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "capture.h"
#include "schedule.h"
#include "shape.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The header, FUZZ_HDR bytes:
 *   0      bits 0-1 mode (3: packet), 2 pad, 3 rewrite-mac, 4 raw IPv6,
 *          5-6 number of maps
 *   1-2    MTU (big-endian, taken modulo 9000, at least 68)
 *   3      --max-gap: 0 off, else that many seconds
 *   4-11   --speed, a little-endian double (outside (0, 1e6]: 1)
 *   12-15  --map-sport, --map-dport (big-endian; 0xffff: keep)
 *   16-83  two maps: family (bit 0: IPv6), prefix, from[16], to[16]
 */
#define FUZZ_HDR 84

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ip_map maps[2];
	struct shaper sh;
	struct capture c;
	struct sched sc;
	uint32_t slot_size;
	uint8_t *slot;
	double speed;
	uint16_t sp, dp;

	if (size < FUZZ_HDR)
		return 0;
	memset(&sh, 0, sizeof(sh));
	sh.mode = (data[0] & 3) == 3 ? MODE_PACKET : (enum tx_mode)(data[0] & 3);
	sh.pad = data[0] & 4;
	sh.rewrite_mac = data[0] & 8;
	sh.raw_family = data[0] & 16 ? AF_INET6 : AF_INET;
	sh.mtu = (uint32_t)(data[1] << 8 | data[2]) % 9000;
	if (sh.mtu < 68)
		sh.mtu = 68;
	memcpy(sh.src_mac, "\x02\0\0\0\0\x01", 6);
	memcpy(sh.dst_mac, "\x02\0\0\0\0\x02", 6);
	memcpy(&speed, data + 4, sizeof(speed));
	if (!(speed > 0 && speed <= 1e6))	/* what cli.c allows */
		speed = 1;
	sp = (uint16_t)(data[12] << 8 | data[13]);
	dp = (uint16_t)(data[14] << 8 | data[15]);
	for (int i = 0; i < 2; i++) {
		const uint8_t *m = data + 16 + 34 * i;
		int max;

		maps[i].family = m[0] & 1 ? AF_INET6 : AF_INET;
		max = maps[i].family == AF_INET6 ? 128 : 32;
		maps[i].prefix = m[1] % (max + 1);
		memcpy(maps[i].from, m + 2, 16);
		memcpy(maps[i].to, m + 18, 16);
	}
	sh.rw = (struct rw_rules){
		.maps = maps, .nmaps = (data[0] >> 5) & 3,
		.sport = sp == 0xffff ? -1 : sp,
		.dport = dp == 0xffff ? -1 : dp,
	};
	if (sh.rw.nmaps > 2)
		sh.rw.nmaps = 2;
	sched_init(&sc, speed, data[3]);
	if (capture_open_mem(&c, data + FUZZ_HDR, size - FUZZ_HDR, "fuzz"))
		return 0;
	/* As replay_run(): the largest frame the device takes, a tag too. */
	slot_size = sh.mtu + 14 + 8;
	slot = malloc(slot_size);
	if (slot) {
		struct capture_rec r;
		int64_t prev = 0;
		int n = 0;

		while (n++ < 100000 && capture_next(&c, &r) == 1) {
			struct shaped out;
			int why = shape_record(&sh, c.dlt, &r, slot, slot_size,
					       &out);
			uint64_t gap = n > 1 ? sched_gap(prev, r.ts_ns) : 0;

			prev = r.ts_ns;
			if (why >= SKIP_NREASONS)
				__builtin_trap();
			if (why >= 0)
				continue;
			if (out.flen > slot_size || out.off > out.flen ||
			    out.flen < 14)
				__builtin_trap();
			sched_next(&sc, gap, NULL, NULL);
		}
		free(slot);
	}
	capture_close(&c);
	return 0;
}
