// SPDX-License-Identifier: GPL-2.0
#include <stdio.h>
#include <string.h>

#include "guest/probe/probe_data.h"

int ktstr_probe_line_lookup(const unsigned long long *jited, unsigned int n,
			    unsigned long long addr)
{
	int best = -1;
	unsigned int i;

	/*
	 * jited_line_info is in instruction order, and each subprogram is
	 * JITed to its own image: the addresses are sorted within a
	 * subprogram only, so scan them all. Of entries sharing an address
	 * the last one wins: the earlier ones' instructions were optimized
	 * away by the JIT.
	 */
	for (i = 0; i < n; i++) {
		if (jited[i] > addr)
			continue;
		if (best < 0 || jited[i] >= jited[best])
			best = i;
	}
	return best;
}

void ktstr_probe_src_fmt(char *buf, size_t len, const char *file,
			 unsigned int line)
{
	const char *base = file ? strrchr(file, '/') : NULL;

	base = base ? base + 1 : file;
	snprintf(buf, len, "%s:%u", base && *base ? base : "?", line);
}
