// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/protocol.h"
#include "host/channel.h"

/* A growable text buffer for multi-line records. */
struct text {
	char *s;
	size_t len, cap;
};

static int text_add(struct text *t, const char *s, size_t n)
{
	if (t->len + n + 2 > t->cap) {
		size_t cap = (t->len + n + 2) * 2;
		char *p = realloc(t->s, cap);

		if (!p)
			return -ENOMEM;
		t->s = p;
		t->cap = cap;
	}
	memcpy(t->s + t->len, s, n);
	t->len += n;
	t->s[t->len++] = '\n';
	t->s[t->len] = '\0';
	return 0;
}

/*
 * Copy one raw line into @out without NUL bytes and trailing CRs (the
 * guest's tty may turn "\n" into "\r\n"); other control bytes become '?'
 * so a diagnostic can never inject terminal escapes or break TAP.
 */
static size_t clean_line(const char *raw, size_t n, char *out)
{
	size_t i, j = 0;

	for (i = 0; i < n; i++) {
		unsigned char ch = raw[i];

		if (ch == '\0')
			continue;
		if ((ch < 0x20 && ch != '\t' && ch != '\r') || ch == 0x7f)
			ch = '?';
		out[j++] = ch;
	}
	while (j && out[j - 1] == '\r')
		j--;
	/* A CR left inside the line (e.g. "\r\r\n") is noise too. */
	for (i = 0; i < j; i++)
		if (out[i] == '\r')
			out[i] = '?';
	out[j] = '\0';
	return j;
}

static bool starts(const char *line, const char *prefix)
{
	return !strncmp(line, prefix, strlen(prefix));
}

static int add_diag(struct ktstr_channel *ch, const char *text)
{
	char **v = realloc(ch->diags, (ch->nr_diags + 1) * sizeof(*v));

	if (!v)
		return -ENOMEM;
	ch->diags = v;
	v[ch->nr_diags] = strdup(text);
	if (!v[ch->nr_diags])
		return -ENOMEM;
	ch->nr_diags++;
	return 0;
}

static void end_result(struct ktstr_channel *ch, struct text *t)
{
	struct json_object *obj;

	obj = t->s ? json_tokener_parse(t->s) : NULL;
	if (obj && json_object_is_type(obj, json_type_object)) {
		/* The guest's last complete result wins. */
		if (ch->result)
			json_object_put(ch->result);
		ch->result = obj;
		ch->result_state = KTSTR_CHAN_RESULT_OK;
	} else {
		if (obj)
			json_object_put(obj);
		if (ch->result_state != KTSTR_CHAN_RESULT_OK)
			ch->result_state = KTSTR_CHAN_RESULT_INVALID;
	}
	t->len = 0;
	if (t->s)
		t->s[0] = '\0';
}

enum mode { M_LINES, M_RESULT, M_PROBE };

/* A probe section from @off to @end: complete ones replace any before. */
static void end_probe(struct ktstr_channel *ch, size_t off, size_t end,
		      bool complete)
{
	if (!complete && ch->probe.complete)
		return;
	ch->probe = (struct ktstr_chan_probe){
		.found = true, .complete = complete,
		.off = off, .len = end - off,
	};
}

int ktstr_channel_parse(const char *buf, size_t len, struct ktstr_channel *ch)
{
	struct text result = { 0 };
	enum mode mode = M_LINES;
	size_t pos = 0, start, probe_off = 0;
	char *line;
	int err = 0;

	memset(ch, 0, sizeof(*ch));
	line = malloc(len + 1);
	if (!line)
		return -ENOMEM;

	while (pos < len && !err) {
		const char *nl = memchr(buf + pos, '\n', len - pos);
		size_t raw = nl ? (size_t)(nl - (buf + pos)) : len - pos;
		size_t n = clean_line(buf + pos, raw, line);

		start = pos;
		pos += raw + (nl ? 1 : 0);
		/*
		 * A last line without its newline was cut off mid-write:
		 * only a record in progress may use it (and will then be
		 * reported as truncated for lack of its END marker).
		 */
		if (!nl && mode == M_LINES)
			break;

		if (mode == M_RESULT) {
			if (!strcmp(line, KTSTR_RESULT_END)) {
				end_result(ch, &result);
				mode = M_LINES;
				continue;
			}
			/* A marker here means the record was cut short. */
			if (!starts(line, KTSTR_STAGE_PREFIX) &&
			    strcmp(line, KTSTR_RESULT_BEGIN)) {
				err = text_add(&result, line, n);
				continue;
			}
			if (ch->result_state != KTSTR_CHAN_RESULT_OK)
				ch->result_state = KTSTR_CHAN_RESULT_INVALID;
			mode = M_LINES;
		} else if (mode == M_PROBE) {
			if (!strcmp(line, KTSTR_PROBE_END)) {
				end_probe(ch, probe_off, pos, true);
				mode = M_LINES;
			}
			continue;
		}

		if (starts(line, KTSTR_STAGE_PREFIX)) {
			const char *stage = line + strlen(KTSTR_STAGE_PREFIX);

			snprintf(ch->stage, sizeof(ch->stage), "%s", stage);
			if (!strcmp(stage, KTSTR_STAGE_INIT))
				ch->reached_init = true;
		} else if (!strcmp(line, KTSTR_RESULT_BEGIN)) {
			mode = M_RESULT;
			result.len = 0;
			if (result.s)
				result.s[0] = '\0';
		} else if (!strcmp(line, KTSTR_PROBE_BEGIN)) {
			mode = M_PROBE;
			probe_off = start;
		} else if (line[0] == '#' && (line[1] == ' ' || !line[1])) {
			err = add_diag(ch, line[1] ? line + 2 : "");
		} else if (n) {
			ch->garbage_lines++;
		}
	}
	if (mode == M_RESULT && ch->result_state != KTSTR_CHAN_RESULT_OK)
		ch->result_state = KTSTR_CHAN_RESULT_TRUNCATED;
	if (mode == M_PROBE)
		end_probe(ch, probe_off, len, false);
	free(result.s);
	free(line);
	return err;
}

void ktstr_channel_free(struct ktstr_channel *ch)
{
	size_t i;

	for (i = 0; i < ch->nr_diags; i++)
		free(ch->diags[i]);
	free(ch->diags);
	if (ch->result)
		json_object_put(ch->result);
	memset(ch, 0, sizeof(*ch));
}
