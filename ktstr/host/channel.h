/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Parse what the guest wrote to the test channel (COM2), protocol v1 in
 * common/protocol.h. A pure function over the captured bytes: the guest may
 * have died mid-line or mid-result, and a serial line can carry NUL bytes
 * or noise, so everything here tolerates truncation and garbage and keeps
 * whatever complete records it finds.
 */
#ifndef KTSTR_HOST_CHANNEL_H
#define KTSTR_HOST_CHANNEL_H

#include <stdbool.h>
#include <stddef.h>

struct json_object;

/* What became of the guest's result record. */
enum ktstr_chan_result {
	KTSTR_CHAN_NO_RESULT = 0,	/* no KTSTR-RESULT-BEGIN */
	KTSTR_CHAN_RESULT_OK,		/* complete and a JSON object */
	KTSTR_CHAN_RESULT_TRUNCATED,	/* BEGIN without END */
	KTSTR_CHAN_RESULT_INVALID,	/* END reached, not a JSON object */
};

/*
 * Where the auto-repro probe payload is in the parsed bytes, from its
 * KTSTR-PROBE-BEGIN line: the last complete one (a guest may send one on
 * the exit and another at the end), else the last that was cut off.
 */
struct ktstr_chan_probe {
	bool found;
	bool complete;			/* through its KTSTR-PROBE-END line */
	size_t off, len;
};

struct ktstr_channel {
	bool reached_init;		/* saw "KTSTR-STAGE init" */
	char stage[32];			/* last stage seen, "" if none */
	char **diags;			/* "# " lines, prefix stripped */
	size_t nr_diags;
	enum ktstr_chan_result result_state;
	struct json_object *result;	/* set when KTSTR_CHAN_RESULT_OK */
	struct ktstr_chan_probe probe;
	size_t garbage_lines;		/* lines that were none of the above */
};

/* Returns 0 or -ENOMEM; free with ktstr_channel_free() either way. */
int ktstr_channel_parse(const char *buf, size_t len, struct ktstr_channel *ch);

void ktstr_channel_free(struct ktstr_channel *ch);

#endif /* KTSTR_HOST_CHANNEL_H */
