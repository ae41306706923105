// SPDX-License-Identifier: GPL-2.0
#include <ctype.h>

#include "common/text.h"

bool ktstr_text_next_line(struct ktstr_text *rest, struct ktstr_text *line)
{
	const char *nl;
	size_t n;

	if (!rest->len)
		return false;
	nl = memchr(rest->s, '\n', rest->len);
	n = nl ? (size_t)(nl - rest->s) : rest->len;
	line->s = rest->s;
	line->len = n;
	while (line->len && line->s[line->len - 1] == '\r')
		line->len--;
	n += nl ? 1 : 0;
	rest->s += n;
	rest->len -= n;
	return true;
}

struct ktstr_text ktstr_text_trim(struct ktstr_text t)
{
	while (t.len && isspace((unsigned char)t.s[0])) {
		t.s++;
		t.len--;
	}
	while (t.len && isspace((unsigned char)t.s[t.len - 1]))
		t.len--;
	return t;
}

bool ktstr_text_is(struct ktstr_text line, const char *what)
{
	struct ktstr_text t = ktstr_text_trim(line);

	return t.len == strlen(what) && !memcmp(t.s, what, t.len);
}

bool ktstr_text_starts(struct ktstr_text t, const char *prefix)
{
	size_t n = strlen(prefix);

	return t.len >= n && !memcmp(t.s, prefix, n);
}

const char *ktstr_text_find(struct ktstr_text t, const char *needle)
{
	return t.s ? memmem(t.s, t.len, needle, strlen(needle)) : NULL;
}

struct ktstr_text ktstr_text_skip_printk_time(struct ktstr_text line)
{
	size_t i = 1;

	if (!line.len || line.s[0] != '[')
		return line;
	while (i < line.len && (line.s[i] == ' ' || line.s[i] == '.' ||
				isdigit((unsigned char)line.s[i])))
		i++;
	if (i >= line.len || line.s[i] != ']')
		return line;
	i++;
	if (i < line.len && line.s[i] == ' ')
		i++;
	return (struct ktstr_text){ line.s + i, line.len - i };
}

bool ktstr_name_ok(const char *name, size_t max)
{
	const char *p;

	if (!name || !*name || strlen(name) > max)
		return false;
	for (p = name; *p; p++)
		if (!isalnum((unsigned char)*p) && *p != '_' && *p != '-')
			return false;
	return true;
}

bool ktstr_text_is_ruler(struct ktstr_text line)
{
	size_t i;

	if (line.len < 8)
		return false;
	for (i = 0; i < line.len; i++)
		if (line.s[i] != '=')
			return false;
	return true;
}
