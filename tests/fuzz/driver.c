// SPDX-License-Identifier: GPL-2.0-only
/*
 * driver: runs a fuzz target's entry point once on each file named (or
 * on each file in each directory named), for builds without libFuzzer:
 * the regression inputs then run as plain tests, under gcc and its
 * sanitizers as well.  Test code only.
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int run_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf;
	long n;

	if (!f || fseek(f, 0, SEEK_END) || (n = ftell(f)) < 0 ||
	    fseek(f, 0, SEEK_SET)) {
		fprintf(stderr, "driver: cannot read %s\n", path);
		if (f)
			fclose(f);
		return 1;
	}
	/* Exactly n bytes, so that ASan sees a read past the input. */
	buf = malloc(n ? (size_t)n : 1);
	if (!buf || fread(buf, 1, (size_t)n, f) != (size_t)n) {
		fprintf(stderr, "driver: cannot read %s\n", path);
		fclose(f);
		free(buf);
		return 1;
	}
	fclose(f);
	LLVMFuzzerTestOneInput(buf, (size_t)n);
	free(buf);
	printf("ran %s (%ld bytes)\n", path, n);
	return 0;
}

int main(int argc, char **argv)
{
	int bad = 0, runs = 0;

	for (int i = 1; i < argc; i++) {
		struct stat st;
		DIR *d;
		struct dirent *e;

		if (stat(argv[i], &st) || !S_ISDIR(st.st_mode)) {
			bad += run_file(argv[i]);
			runs++;
			continue;
		}
		d = opendir(argv[i]);
		if (!d) {
			fprintf(stderr, "driver: cannot open %s\n", argv[i]);
			bad++;
			continue;
		}
		while ((e = readdir(d))) {
			char p[4096];

			if (e->d_name[0] == '.')
				continue;
			snprintf(p, sizeof(p), "%s/%s", argv[i], e->d_name);
			bad += run_file(p);
			runs++;
		}
		closedir(d);
	}
	printf("%d inputs, %d unreadable\n", runs, bad);
	return bad ? 1 : 0;
}
