/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Test inputs in tests/unit/data/, found from the test's own source path
 * (__FILE__), so a test binary runs from any directory.
 */
#ifndef KTSTR_UNIT_DATA_H
#define KTSTR_UNIT_DATA_H

#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>

/*
 * The whole of data file @name, NUL terminated, with @spare more bytes of
 * room for a test that edits it in place; NULL if it cannot be read.
 */
static inline char *unit_data_read(const char *src_file, const char *name,
				   size_t spare, size_t *len)
{
	char path[4096], src[4096];
	char *buf = NULL;
	long size;
	FILE *f;

	snprintf(src, sizeof(src), "%s", src_file);
	snprintf(path, sizeof(path), "%s/data/%s", dirname(src), name);
	f = fopen(path, "r");
	if (!f)
		return NULL;
	if (fseek(f, 0, SEEK_END))
		goto out;
	size = ftell(f);
	if (size < 0 || fseek(f, 0, SEEK_SET))
		goto out;
	buf = malloc(size + spare + 1);
	if (!buf || fread(buf, 1, size, f) != (size_t)size) {
		free(buf);
		buf = NULL;
		goto out;
	}
	buf[size] = '\0';
	*len = size;
out:
	fclose(f);
	return buf;
}

#endif /* KTSTR_UNIT_DATA_H */
