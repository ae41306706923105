// SPDX-License-Identifier: GPL-2.0
#include <string.h>

#include "common/protocol.h"
#include "host/log_tail.h"

static bool channel_line_shown(const char *line)
{
	return line[0] == '#' ||
	       !strncmp(line, KTSTR_STAGE_PREFIX, strlen(KTSTR_STAGE_PREFIX));
}

void ktstr_log_tail(struct ktstr_log_tail *t, const char *path,
		    const char *tag, bool channel, FILE *out)
{
	char line[1024];
	FILE *f = fopen(path, "r");

	if (!f)
		return;
	if (fseeko(f, t->off, SEEK_SET)) {
		fclose(f);
		return;
	}
	while (fgets(line, sizeof(line), f)) {
		size_t n = strlen(line);
		bool whole = n && line[n - 1] == '\n';

		/* A line still being written: show it when it is whole. */
		if (!whole && n < sizeof(line) - 1)
			break;
		t->off += n;
		line[strcspn(line, "\r\n")] = '\0';
		if (!channel || channel_line_shown(line))
			fprintf(out, "ktstr: %s: %s%s\n", tag, line,
				whole ? "" : " [...]");
	}
	fclose(f);
}
