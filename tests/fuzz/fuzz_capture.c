// SPDX-License-Identifier: GPL-2.0-only
/*
 * fuzz_capture: the capture reader (capture.c over libpcap, from memory)
 * on any bytes: every record read twice (rewound), split into link and
 * L3 parts, and its time turned into a gap.  ASan checks that the split
 * stays inside the record; UBSan the time arithmetic.
 */
#include <stdint.h>
#include <stddef.h>

#include "capture.h"
#include "schedule.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct capture c;
	volatile uint64_t sink = 0;

	if (capture_open_mem(&c, data, size, "fuzz"))
		return 0;
	for (int pass = 0; pass < 2; pass++) {
		struct capture_rec r;
		int64_t prev = 0;
		int n = 0;

		while (n++ < 100000 && capture_next(&c, &r) == 1) {
			struct capture_l3 s;
			uint32_t len = r.caplen < r.len ? r.caplen : r.len;

			if (capture_split(c.dlt, r.data, len, &s) && s.l3len)
				sink += s.l3[0] + s.l3[s.l3len - 1] + s.proto;
			if (n > 1)
				sink += sched_gap(prev, r.ts_ns);
			prev = r.ts_ns;
		}
		if (capture_rewind(&c))
			break;
	}
	capture_close(&c);
	(void)sink;
	return 0;
}
