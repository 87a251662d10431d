/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * parse: the values of the command line, one function per syntax.  Each
 * returns 0 or -EINVAL (-ERANGE, -EDOM where said) and prints nothing:
 * the caller knows which option it was and tells the person once.
 */
#ifndef PZC_PARSE_H
#define PZC_PARSE_H

#include <stdint.h>

#include "config.h"

int parse_mac(const char *s, uint8_t mac[6]);
/* A, A-B or A/P; -ERANGE when the range spans more than 2^64. */
int parse_ip_range(const char *s, struct ip_range *r);
/* N or N-M within [min, max]; -ERANGE when out of it. */
int parse_u32_range(const char *s, uint32_t min, uint32_t max,
		    struct u32_range *r);
/* A whole number, decimal or 0x hex, nothing after it. */
int parse_u64(const char *s, uint64_t *out);
/* A non-negative finite number; *end points after it. */
int parse_double(const char *s, double *out, char **end);
/* "64:7,570:4,1518:1" or "imix" (60:7,590:4,1514:1: 64, 594 and 1518
 * bytes with the FCS); sizes within [min, max]. */
int parse_size_mix(const char *s, uint32_t min, uint32_t max,
		   struct size_mix *m);
/*
 * A rate into packets or bits per second (the other is 0): a plain
 * number or k/M/G plus "pps" is packets; k/M/G plus "bit" or "bps" is
 * bits.  -EDOM for a prefix without a unit ("1G"), which one reader
 * takes for bits and another for packets.
 */
int parse_rate(const char *s, double *pps, double *bps);
/* 4096, 64k, 4M, 1G (powers of 1024; "KiB", "MB" spellings too). */
int parse_bytes(const char *s, uint64_t *out);
/* 30, 1.5s, 500ms, 10m, 2h into seconds. */
int parse_duration(const char *s, double *sec);
/* "0,2-3" into cpus (at most max); returns how many, or -EINVAL. */
int parse_cpus(const char *s, int *cpus, uint32_t max);
/* RFC 3339 (2026-12-03T17:00:00.25Z, or with +hh:mm) or Unix seconds
 * with a fraction, into Unix seconds. */
int parse_wall_time(const char *s, double *t);
/* --map-ip FROM=TO; on -EINVAL *why says what is wrong. */
int parse_ip_map(const char *s, struct ip_map *m, const char **why);

#endif
