// SPDX-License-Identifier: GPL-2.0
#include <ctype.h>
#include <errno.h>
#include <glob.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "host/sched/libpath.h"
#include "host/util.h"

/* ldconfig has no limit; a loop of includes would never end. */
#define CONF_MAX_DEPTH	16

const char *const ktstr_libpath_default_dirs[] = {
	"/lib/x86_64-linux-gnu", "/usr/lib/x86_64-linux-gnu",
	"/lib64", "/usr/lib64", "/lib", "/usr/lib", NULL,
};

const char *const ktstr_ldso_system_dirs[] = {
	"/lib/x86_64-linux-gnu", "/usr/lib/x86_64-linux-gnu",
	"/lib", "/usr/lib", NULL,
};

static int push(char ***v, size_t *n, const char *s, size_t len)
{
	char **tmp, *dup;

	dup = strndup(s, len);
	tmp = dup ? realloc(*v, (*n + 1) * sizeof(**v)) : NULL;
	if (!tmp) {
		free(dup);
		return -ENOMEM;
	}
	*v = tmp;
	(*v)[(*n)++] = dup;
	return 0;
}

static void free_strv(char **v, size_t n)
{
	while (n)
		free(v[--n]);
	free(v);
}

static int parse_conf(struct ktstr_libpath *lp, const char *path, int depth,
		      bool top, char *why, size_t whylen);

/* `include PATTERN...`: relative patterns are relative to @conf's dir. */
static int conf_include(struct ktstr_libpath *lp, const char *conf,
			char *pattern, int depth, char *why, size_t whylen)
{
	char dir[4096], full[4096];
	glob_t g;
	size_t i;
	int err = 0;

	if (pattern[0] != '/') {
		snprintf(dir, sizeof(dir), "%s", conf);
		if (ktstr_path_join(full, sizeof(full), dirname(dir), pattern))
			return -ENAMETOOLONG;
		pattern = full;
	}
	if (glob(pattern, 0, NULL, &g))
		return 0;	/* no match: nothing to include */
	for (i = 0; i < g.gl_pathc && !err; i++)
		err = parse_conf(lp, g.gl_pathv[i], depth + 1, false, why,
				 whylen);
	globfree(&g);
	return err;
}

static int conf_line(struct ktstr_libpath *lp, const char *conf, char *line,
		     int depth, char *why, size_t whylen)
{
	char *end, *word, *save;
	size_t len;
	int err = 0;

	end = strchr(line, '#');
	if (end)
		*end = '\0';
	while (isspace((unsigned char)*line))
		line++;
	len = strlen(line);
	while (len && isspace((unsigned char)line[len - 1]))
		line[--len] = '\0';
	if (!len)
		return 0;
	if (!strncmp(line, "include", 7) && isspace((unsigned char)line[7])) {
		for (word = strtok_r(line + 8, " \t", &save); word && !err;
		     word = strtok_r(NULL, " \t", &save))
			err = conf_include(lp, conf, word, depth, why, whylen);
		return err;
	}
	/* "hwcap N NAME" lines are obsolete; ldconfig ignores them too. */
	if (!strncmp(line, "hwcap", 5) && isspace((unsigned char)line[5]))
		return 0;
	while (len > 1 && line[len - 1] == '/')
		len--;
	return push(&lp->conf_dirs, &lp->nr_conf, line, len);
}

static int parse_conf(struct ktstr_libpath *lp, const char *path, int depth,
		      bool top, char *why, size_t whylen)
{
	char *buf, *line, *next;
	int err;

	if (depth > CONF_MAX_DEPTH) {
		snprintf(why, whylen,
			 "'%s': include nesting deeper than %d (a loop?)",
			 path, CONF_MAX_DEPTH);
		return -ELOOP;
	}
	err = ktstr_read_file(path, &buf, NULL);
	/* ldconfig reads a missing ld.so.conf as an empty one. */
	if (err == -ENOENT && top)
		return 0;
	if (err) {
		snprintf(why, whylen, "cannot read '%s': %s", path,
			 strerror(-err));
		return err;
	}
	for (line = buf; line && !err; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		err = conf_line(lp, path, line, depth, why, whylen);
	}
	free(buf);
	if (err == -ENOMEM || err == -ENAMETOOLONG)
		snprintf(why, whylen, "reading '%s': %s", path, strerror(-err));
	return err;
}

static int split_env(struct ktstr_libpath *lp, const char *env)
{
	size_t len;
	int err;

	while (*env) {
		len = strcspn(env, ":;");
		if (len) {
			err = push(&lp->env_dirs, &lp->nr_env, env, len);
			if (err)
				return err;
		}
		env += len;
		if (*env)
			env++;
	}
	return 0;
}

int ktstr_libpath_init(struct ktstr_libpath *lp, const char *ld_so_conf,
		       const char *ld_library_path,
		       const char *const *default_dirs,
		       char *why, size_t whylen)
{
	int err = 0;

	memset(lp, 0, sizeof(*lp));
	if (!default_dirs)
		default_dirs = ktstr_libpath_default_dirs;
	for (; *default_dirs && !err; default_dirs++)
		err = push(&lp->default_dirs, &lp->nr_default, *default_dirs,
			   strlen(*default_dirs));
	if (!err && ld_library_path) {
		lp->env = strdup(ld_library_path);
		err = lp->env ? split_env(lp, ld_library_path) : -ENOMEM;
	}
	if (err) {
		snprintf(why, whylen, "library search path: %s",
			 strerror(-err));
		return err;
	}
	if (!ld_so_conf)
		return 0;
	lp->conf_path = strdup(ld_so_conf);
	if (!lp->conf_path) {
		snprintf(why, whylen, "library search path: %s",
			 strerror(ENOMEM));
		return -ENOMEM;
	}
	return parse_conf(lp, ld_so_conf, 0, true, why, whylen);
}

int ktstr_libpath_host(struct ktstr_libpath *lp, char *why, size_t whylen)
{
	return ktstr_libpath_init(lp, KTSTR_LD_SO_CONF,
				  getenv("LD_LIBRARY_PATH"), NULL, why, whylen);
}

void ktstr_libpath_free(struct ktstr_libpath *lp)
{
	free_strv(lp->env_dirs, lp->nr_env);
	free_strv(lp->conf_dirs, lp->nr_conf);
	free_strv(lp->default_dirs, lp->nr_default);
	free(lp->conf_path);
	free(lp->env);
	memset(lp, 0, sizeof(*lp));
}

bool ktstr_libpath_is_default(const struct ktstr_libpath *lp,
			      const char *dir)
{
	size_t i;

	for (i = 0; i < lp->nr_default; i++)
		if (!strcmp(lp->default_dirs[i], dir))
			return true;
	return false;
}

/* The token at @s ("$NAME" or "${NAME}") if it is @name; its length. */
static size_t dst_len(const char *s, const char *name)
{
	size_t n = strlen(name);

	if (s[1] == '{')
		return !strncmp(s + 2, name, n) && s[2 + n] == '}' ? n + 3 : 0;
	if (strncmp(s + 1, name, n))
		return 0;
	/* $ORIGINX is not $ORIGIN: a name ends at a non-identifier byte. */
	return isalnum((unsigned char)s[1 + n]) || s[1 + n] == '_' ? 0 : n + 1;
}

char *ktstr_libpath_expand(const char *dir, const char *origin)
{
	static const struct {
		const char *name, *value;
	} dst[] = {
		{ "ORIGIN", NULL },
		{ "LIB", "lib/x86_64-linux-gnu" },
		{ "PLATFORM", "x86_64" },
	};
	char *out;
	size_t len;
	FILE *f;
	size_t i, n;

	f = open_memstream(&out, &len);
	if (!f)
		return NULL;
	while (*dir) {
		for (i = 0, n = 0; *dir == '$' && i < 3 && !n; i++)
			n = dst_len(dir, dst[i].name);
		if (n) {
			fputs(dst[i - 1].value ? dst[i - 1].value : origin, f);
			dir += n;
		} else {
			fputc(*dir++, f);
		}
	}
	if (fclose(f))
		return NULL;
	return out;
}

char *ktstr_path_normalize(const char *path)
{
	size_t len = 0, n;
	char *out;

	if (path[0] != '/')
		return NULL;
	out = malloc(strlen(path) + 2);
	if (!out)
		return NULL;
	while (*path) {
		while (*path == '/')
			path++;
		n = strcspn(path, "/");
		if (!n || (n == 1 && path[0] == '.')) {
			/* "" or ".": nothing to add */
		} else if (n == 2 && path[0] == '.' && path[1] == '.') {
			while (len && out[len] != '/')
				len--;
			/* out[len] is now the '/' before the last name */
		} else {
			out[len++] = '/';
			memcpy(out + len, path, n);
			len += n;
		}
		out[len] = '\0';
		path += n;
	}
	if (!len)
		out[len++] = '/';
	out[len] = '\0';
	return out;
}
