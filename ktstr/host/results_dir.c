// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <time.h>

#include "host/results_dir.h"
#include "host/util.h"

/* Absolute, so the paths in TAP and JSON work from any directory. */
static int absolute(char *path, size_t len)
{
	char real[PATH_MAX];

	if (!realpath(path, real))
		return -errno;
	if (snprintf(path, len, "%s", real) >= (int)len)
		return -ENAMETOOLONG;
	return 0;
}

int ktstr_results_dir(const char *requested, char *out, size_t len)
{
	char stamp[32];
	struct tm tm;
	time_t now;
	int i, err;

	if (requested) {
		if (snprintf(out, len, "%s", requested) >= (int)len)
			return -ENAMETOOLONG;
		err = ktstr_mkdir_p(out, 0755);
		return err ?: absolute(out, len);
	}
	err = ktstr_mkdir_p("ktstr-results", 0755);
	if (err)
		return err;
	now = time(NULL);
	localtime_r(&now, &tm);
	strftime(stamp, sizeof(stamp), "%Y%m%d-%H%M%S", &tm);
	/* Two runs in the same second get their own directories. */
	for (i = 1; i < 100; i++) {
		if (i == 1)
			snprintf(out, len, "ktstr-results/%s", stamp);
		else
			snprintf(out, len, "ktstr-results/%s-%d", stamp, i);
		if (!mkdir(out, 0755))
			return absolute(out, len);
		if (errno != EEXIST)
			return -errno;
	}
	return -EEXIST;
}
