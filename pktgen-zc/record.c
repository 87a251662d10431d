/* record: --write-pcap via libpcap; see record.h. */
#include "record.h"

#include <errno.h>
#include <pcap/pcap.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

uint64_t record_realtime_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

int record_open(struct record *r, const char *path, int linktype, char *why,
		size_t len)
{
	pcap_t *p;
	pcap_dumper_t *d;

	memset(r, 0, sizeof(*r));
	p = pcap_open_dead_with_tstamp_precision(linktype, 262144,
						 PCAP_TSTAMP_PRECISION_NANO);
	if (!p) {
		snprintf(why, len, "pcap_open_dead failed");
		return -ENOMEM;
	}
	d = pcap_dump_open(p, path);
	if (!d) {
		snprintf(why, len, "%s", pcap_geterr(p));
		pcap_close(p);
		return -EIO;
	}
	r->pcap = p;
	r->dumper = d;
	return 0;
}

void record_frame(struct record *r, const uint8_t *frame, uint32_t caplen,
		  uint32_t origlen, uint64_t realtime_ns)
{
	struct pcap_pkthdr h;

	if (!r->dumper)
		return;
	h.ts.tv_sec = (time_t)(realtime_ns / 1000000000ull);
	/* With nanosecond precision libpcap stores tv_usec as ns. */
	h.ts.tv_usec = (suseconds_t)(realtime_ns % 1000000000ull);
	h.caplen = caplen;
	h.len = origlen;
	pcap_dump(r->dumper, &h, frame);
}

int record_close(struct record *r)
{
	int err = 0;

	if (r->dumper) {
		if (pcap_dump_flush(r->dumper))
			err = -EIO;
		pcap_dump_close(r->dumper);
	}
	if (r->pcap)
		pcap_close(r->pcap);
	r->dumper = NULL;
	r->pcap = NULL;
	return err;
}
