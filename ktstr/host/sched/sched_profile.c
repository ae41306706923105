// SPDX-License-Identifier: GPL-2.0
#include <ctype.h>
#include <errno.h>
#include <libgen.h>
#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ini.h>

#include "common/compiler.h"
#include "host/sched/sched_profile.h"

enum key { K_BINARY, K_ARGS, K_PROFILE, K_TIMEOUT, K_SPREAD, K_GAP, K_FILES,
	   K_STRESS, NR_KEYS };

static const char *const key_names[NR_KEYS] = {
	[K_BINARY] = "binary", [K_ARGS] = "args", [K_PROFILE] = "profile",
	[K_TIMEOUT] = "timeout", [K_SPREAD] = "max_spread_pct",
	[K_GAP] = "max_gap_ms", [K_FILES] = "files", [K_STRESS] = "stress",
};

#define KEY_LIST "binary, args, profile, timeout, max_spread_pct, max_gap_ms, files, stress"

/*
 * The parse. inih's handler gets no line number (that is a build option
 * of the library), so the lines come from our own reader, which inih
 * calls once per line: its count is inih's. The reader also sees the
 * section headers, which inih reports to no one, so that a section
 * without keys is still a section.
 */
struct parse {
	struct ktstr_profile_file *pf;
	FILE *f;
	char *dir;		/* the file's directory, absolute */
	unsigned int line;
	bool had_key;		/* a key since the header: inih's prev_name */
	bool cont;		/* this line continues the previous key */
	bool in_section;
	unsigned int key_line[NR_KEYS];	/* of the section's keys */
	char *files;		/* the section's files value, joined */
	int read_errno;
	int err;
	char *why;
	size_t whylen;
};

static struct ktstr_sched_profile *cur(struct parse *p)
{
	return &p->pf->scheds[p->pf->nr - 1];
}

static __printf(2, 3) int fail(struct parse *p, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	if (p->err)
		return p->err;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	snprintf(p->why, p->whylen, "%s:%u: %s", p->pf->path, p->line, msg);
	p->err = -EINVAL;
	return p->err;
}

static __printf(3, 4) int key_fail(struct parse *p, const char *key,
				   const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return fail(p, "key '%s' in [scheduler %s]: %s", key, cur(p)->name,
		    msg);
}

static int oom(struct parse *p)
{
	if (!p->err) {
		snprintf(p->why, p->whylen, "reading '%s': %s", p->pf->path,
			 strerror(ENOMEM));
		p->err = -ENOMEM;
	}
	return p->err;
}

static bool valid_name(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (!isalnum((unsigned char)*s) && *s != '_' && *s != '-')
			return false;
	return true;
}

/* @s without its leading and trailing white space, in place. */
static char *trim(char *s)
{
	size_t len;

	while (isspace((unsigned char)*s))
		s++;
	len = strlen(s);
	while (len && isspace((unsigned char)s[len - 1]))
		s[--len] = '\0';
	return s;
}

/* *@dst = *@dst + " " + @add (or @add alone when *@dst is empty). */
static int append(struct parse *p, char **dst, const char *add)
{
	char *s;

	if (!*add)
		return 0;
	if (asprintf(&s, "%s%s%s", *dst ? *dst : "", *dst && **dst ? " " : "",
		     add) < 0)
		return oom(p);
	free(*dst);
	*dst = s;
	return 0;
}

/* @v as an absolute path: relative ones are against the file's dir. */
static char *resolve(struct parse *p, const char *v)
{
	char *s;

	if (v[0] == '/')
		return strdup(v);
	while (v[0] == '.' && v[1] == '/') {
		v += 2;
		while (*v == '/')
			v++;
	}
	if (asprintf(&s, "%s/%s", p->dir, v) < 0)
		return NULL;
	return s;
}

static int split_files(struct parse *p, struct ktstr_sched_profile *sp)
{
	char *save, *word, **tmp, *path;

	if (!p->files)
		return 0;
	for (word = strtok_r(p->files, " \t", &save); word;
	     word = strtok_r(NULL, " \t", &save)) {
		path = resolve(p, word);
		tmp = path ? realloc(sp->files, (sp->nr_files + 1) *
				     sizeof(*tmp)) : NULL;
		if (!tmp) {
			free(path);
			return oom(p);
		}
		sp->files = tmp;
		sp->files[sp->nr_files++] = path;
	}
	return 0;
}

static int add_profile(struct parse *p, const char *name, const char *args)
{
	struct ktstr_sched_profile *sp = cur(p);
	struct ktstr_profile *tmp;

	tmp = realloc(sp->profiles, (sp->nr_profiles + 1) * sizeof(*tmp));
	if (!tmp)
		return oom(p);
	sp->profiles = tmp;
	tmp = &sp->profiles[sp->nr_profiles];
	tmp->name = strdup(name);
	tmp->args = strdup(args);
	tmp->line = p->line;
	sp->nr_profiles++;
	return tmp->name && tmp->args ? 0 : oom(p);
}

/* The end of a section: what needs all of it. */
static int end_section(struct parse *p)
{
	struct ktstr_sched_profile *sp;
	unsigned int line = p->line;
	size_t i;
	char *s;
	int err = 0;

	if (!p->in_section || p->err)
		return p->err;
	sp = cur(p);
	p->in_section = false;
	if (!sp->binary) {
		p->line = sp->line;
		err = fail(p, "[scheduler %s] has no 'binary' key", sp->name);
		p->line = line;
		return err;
	}
	if (!sp->args)
		sp->args = strdup("");
	if (!sp->args)
		return oom(p);
	if (!sp->nr_profiles) {
		p->line = sp->line;
		err = add_profile(p, KTSTR_PROFILE_DEFAULT, "");
		p->line = line;
		if (err)
			return err;
	}
	/* base args + profile args */
	for (i = 0; i < sp->nr_profiles; i++) {
		if (!*sp->args)
			continue;
		if (asprintf(&s, "%s%s%s", sp->args,
			     *sp->profiles[i].args ? " " : "",
			     sp->profiles[i].args) < 0)
			return oom(p);
		free(sp->profiles[i].args);
		sp->profiles[i].args = s;
	}
	if (sp->stress && !*sp->stress) {
		free(sp->stress);
		sp->stress = NULL;
	}
	err = split_files(p, sp);
	free(p->files);
	p->files = NULL;
	return err;
}

/* A `[...]` line, seen by the reader: @hdr is what is inside. */
static int begin_section(struct parse *p, char *hdr)
{
	struct ktstr_profile_file *pf = p->pf;
	struct ktstr_sched_profile *tmp;
	char *name;
	size_t i;

	if (end_section(p))
		return p->err;
	if (strncmp(hdr, "scheduler", 9) || !isspace((unsigned char)hdr[9]))
		return fail(p, "section [%s] is not [scheduler NAME]", hdr);
	name = trim(hdr + 9);
	if (!valid_name(name))
		return fail(p, "scheduler name '%s' is not [A-Za-z0-9_-]+",
			    name);
	for (i = 0; i < pf->nr; i++)
		if (!strcmp(pf->scheds[i].name, name))
			return fail(p, "[scheduler %s] is already defined at line %u",
				    name, pf->scheds[i].line);
	tmp = realloc(pf->scheds, (pf->nr + 1) * sizeof(*tmp));
	if (!tmp)
		return oom(p);
	pf->scheds = tmp;
	tmp = &pf->scheds[pf->nr++];
	memset(tmp, 0, sizeof(*tmp));
	tmp->line = p->line;
	tmp->name = strdup(name);
	if (!tmp->name)
		return oom(p);
	p->in_section = true;
	p->had_key = false;
	memset(p->key_line, 0, sizeof(p->key_line));
	return 0;
}

/* What inih makes of a line, as far as sections and continuations go. */
static int classify(struct parse *p, const char *line)
{
	const char *s = line;
	char hdr[256], *end;

	if (p->line == 1 && !strncmp(s, "\xEF\xBB\xBF", 3))
		s += 3;
	while (isspace((unsigned char)*s))
		s++;
	p->cont = false;
	if (!*s || *s == ';' || *s == '#')
		return 0;
	if (p->had_key && s > line) {
		p->cont = true;
		return 0;
	}
	if (*s != '[')
		return 0;
	end = strchr(s, ']');
	if (!end)
		return fail(p, "section header without ']'");
	snprintf(hdr, sizeof(hdr), "%.*s", (int)(end - s - 1), s + 1);
	return begin_section(p, hdr);
}

/* inih's fgets: counts lines, refuses ones its buffer would split. */
static char *reader(char *str, int num, void *user)
{
	struct parse *p = user;
	size_t len;
	int c;

	if (p->err)
		return NULL;
	if (!fgets(str, num, p->f)) {
		if (ferror(p->f))
			p->read_errno = errno ? errno : EIO;
		return NULL;
	}
	p->line++;
	len = strlen(str);
	if (len == (size_t)num - 1 && str[len - 1] != '\n') {
		c = getc(p->f);
		if (c != EOF && c != '\n') {
			fail(p, "line longer than %d characters (continue it on an indented line)",
			     num - 1);
			return NULL;
		}
	}
	return classify(p, str) ? NULL : str;
}

static int int_value(struct parse *p, const char *key, const char *v, long lo,
		  long hi, long *out)
{
	char *end;
	long n;

	errno = 0;
	n = strtol(v, &end, 10);
	if (!*v || *end || errno || n < lo || n > hi)
		return key_fail(p, key, "'%s' is not a number in %ld..%ld", v,
				lo, hi);
	*out = n;
	return 0;
}

static int set_profile(struct parse *p, const char *value)
{
	struct ktstr_sched_profile *sp = cur(p);
	char buf[256], *name, *colon;
	size_t i;

	snprintf(buf, sizeof(buf), "%s", value);
	colon = strchr(buf, ':');
	if (!colon)
		return key_fail(p, "profile", "'%s' is not NAME: ARGS", value);
	*colon = '\0';
	name = trim(buf);
	if (!valid_name(name))
		return key_fail(p, "profile",
				"profile name '%s' is not [A-Za-z0-9_-]+", name);
	for (i = 0; i < sp->nr_profiles; i++)
		if (!strcmp(sp->profiles[i].name, name))
			return key_fail(p, "profile",
					"profile '%s' is already defined at line %u",
					name, sp->profiles[i].line);
	return add_profile(p, name, trim(colon + 1));
}

/* An indented line: more of the previous key's value. */
static int continue_key(struct parse *p, enum key k, const char *value)
{
	struct ktstr_sched_profile *sp = cur(p);

	switch (k) {
	case K_ARGS:
		return append(p, &sp->args, value);
	case K_PROFILE:
		return append(p, &sp->profiles[sp->nr_profiles - 1].args, value);
	case K_FILES:
		return append(p, &p->files, value);
	case K_STRESS:
		return append(p, &sp->stress, value);
	default:
		return key_fail(p, key_names[k],
				"only args, profile, files and stress continue on an indented line");
	}
}

/* A `stress` load names its tool first: the work types that run one. */
static bool stress_tool_ok(const char *value)
{
	static const char *const tools[] = { "stress-ng", "hackbench" };
	size_t len = strcspn(value, " \t");
	const char *base = memrchr(value, '/', len);
	unsigned int i;

	base = base ? base + 1 : value;
	len -= base - value;
	for (i = 0; i < ARRAY_SIZE(tools); i++)
		if (len == strlen(tools[i]) && !memcmp(base, tools[i], len))
			return true;
	return false;
}

static int set_key(struct parse *p, enum key k, const char *value)
{
	struct ktstr_sched_profile *sp = cur(p);
	long n;

	if (k != K_PROFILE && p->key_line[k])
		return key_fail(p, key_names[k], "already set at line %u",
				p->key_line[k]);
	p->key_line[k] = p->line;
	switch (k) {
	case K_BINARY:
		if (!*value)
			return key_fail(p, "binary", "empty value");
		sp->binary = resolve(p, value);
		return sp->binary ? 0 : oom(p);
	case K_ARGS:
		return append(p, &sp->args, value);
	case K_PROFILE:
		return set_profile(p, value);
	case K_TIMEOUT:
		if (int_value(p, "timeout", value, 1, 86400, &n))
			return p->err;
		sp->timeout_s = n;
		return 0;
	case K_SPREAD:
		if (int_value(p, "max_spread_pct", value, 1, 100, &n))
			return p->err;
		sp->max_spread_pct = n;
		return 0;
	case K_GAP:
		if (int_value(p, "max_gap_ms", value, 1, 600000, &n))
			return p->err;
		sp->max_gap_ms = n;
		return 0;
	case K_FILES:
		return append(p, &p->files, value);
	case K_STRESS:
		if (!stress_tool_ok(value))
			return key_fail(p, "stress",
					"'%s' is not stress-ng or hackbench and its arguments",
					value);
		sp->stress = strdup(value);
		return sp->stress ? 0 : oom(p);
	default:
		return -EINVAL;
	}
}

/* inih's handler: nonzero to go on. */
static int handler(void *user, const char *section, const char *name,
		   const char *value)
{
	struct parse *p = user;
	int k;

	(void)section;	/* the reader saw its header: cur(p) */
	if (p->err)
		return 0;
	if (!p->in_section) {
		fail(p, "key '%s' is outside a [scheduler NAME] section", name);
		return 0;
	}
	p->had_key = true;
	for (k = 0; k < NR_KEYS; k++)
		if (!strcmp(name, key_names[k]))
			break;
	if (k == NR_KEYS) {
		key_fail(p, name, "unknown key (expected " KEY_LIST ")");
		return 0;
	}
	if (p->cont)
		return !continue_key(p, k, value);
	return !set_key(p, k, value);
}

static int parse_dir(struct parse *p, const char *path)
{
	char *dup = strdup(path);

	if (!dup)
		return oom(p);
	p->dir = realpath(dirname(dup), NULL);
	free(dup);
	if (!p->dir) {
		snprintf(p->why, p->whylen, "cannot read '%s': %s", path,
			 strerror(errno));
		return p->err = -errno;
	}
	return 0;
}

int ktstr_profile_file_load(const char *path, struct ktstr_profile_file *pf,
			    char *why, size_t whylen)
{
	struct parse p = { .pf = pf, .why = why, .whylen = whylen };
	int ret;

	memset(pf, 0, sizeof(*pf));
	pf->path = strdup(path);
	if (!pf->path) {
		snprintf(why, whylen, "reading '%s': %s", path,
			 strerror(ENOMEM));
		return -ENOMEM;
	}
	p.f = fopen(path, "r");
	if (!p.f) {
		ret = -errno;
		snprintf(why, whylen, "cannot read '%s': %s", path,
			 strerror(errno));
		return ret;
	}
	if (parse_dir(&p, path))
		goto out;
	ret = ini_parse_stream(reader, &p, handler, &p);
	if (!p.err && p.read_errno) {
		snprintf(why, whylen, "cannot read '%s': %s", path,
			 strerror(p.read_errno));
		p.err = -p.read_errno;
	}
	/* inih's own complaint, on an earlier line than any of ours. */
	if (ret > 0 && (!p.err || (unsigned int)ret < p.line)) {
		snprintf(why, whylen,
			 "%s:%d: syntax error: expected [scheduler NAME], KEY = VALUE or a comment",
			 path, ret);
		p.err = -EINVAL;
	}
	if (!p.err)
		end_section(&p);
	if (!p.err && !pf->nr) {
		snprintf(why, whylen, "%s: no [scheduler NAME] section", path);
		p.err = -EINVAL;
	}
out:
	fclose(p.f);
	free(p.dir);
	free(p.files);
	return p.err;
}

const struct ktstr_sched_profile *
ktstr_profile_file_find(const struct ktstr_profile_file *pf, const char *name)
{
	size_t i;

	if (!name)
		return pf->nr == 1 ? &pf->scheds[0] : NULL;
	for (i = 0; i < pf->nr; i++)
		if (!strcmp(pf->scheds[i].name, name))
			return &pf->scheds[i];
	return NULL;
}

const struct ktstr_profile *
ktstr_sched_profile_find(const struct ktstr_sched_profile *sp,
			 const char *name)
{
	size_t i;

	for (i = 0; i < sp->nr_profiles; i++)
		if (!strcmp(sp->profiles[i].name, name))
			return &sp->profiles[i];
	return NULL;
}

void ktstr_profile_file_free(struct ktstr_profile_file *pf)
{
	struct ktstr_sched_profile *sp;
	size_t i, j;

	for (i = 0; i < pf->nr; i++) {
		sp = &pf->scheds[i];
		free(sp->name);
		free(sp->binary);
		free(sp->args);
		for (j = 0; j < sp->nr_profiles; j++) {
			free(sp->profiles[j].name);
			free(sp->profiles[j].args);
		}
		free(sp->profiles);
		for (j = 0; j < sp->nr_files; j++)
			free(sp->files[j]);
		free(sp->files);
		free(sp->stress);
	}
	free(pf->scheds);
	free(pf->path);
	memset(pf, 0, sizeof(*pf));
}
