/*
 * record: --write-pcap.  Appends each frame, exactly as handed to the
 * kernel (with the link header we computed for L3 modes), to a
 * nanosecond pcap file through libpcap.  Owns the file; never sends.
 */
#ifndef PZC_RECORD_H
#define PZC_RECORD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct record {
	void *pcap;		/* pcap_t * (dead handle) */
	void *dumper;		/* pcap_dumper_t * */
};

/* linktype: a DLT_ value; 0 or -errno (why set). */
int record_open(struct record *r, const char *path, int linktype,
		char *why, size_t len);
void record_frame(struct record *r, const uint8_t *frame, uint32_t caplen,
		  uint32_t origlen, uint64_t realtime_ns);
/* Flushes; 0 or -EIO. */
int record_close(struct record *r);
uint64_t record_realtime_ns(void);

#endif
