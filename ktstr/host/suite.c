// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <fnmatch.h>
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "common/protocol.h"
#include "common/topology.h"
#include "host/jsonc.h"
#include "common/log.h"
#include "host/spawn.h"
#include "host/sched/sched_variant.h"
#include "host/suite.h"

int ktstr_suite_parse(const char *text, struct ktstr_suite *suite,
		      char *why, size_t whylen)
{
	enum json_tokener_error jerr;
	struct json_object *root;
	size_t i, n;

	memset(suite, 0, sizeof(*suite));
	root = json_tokener_parse_verbose(text, &jerr);
	if (!root) {
		snprintf(why, whylen, "test list is not JSON: %s",
			 json_tokener_error_desc(jerr));
		return -EINVAL;
	}
	if (!json_object_is_type(root, json_type_array)) {
		snprintf(why, whylen, "test list is not a JSON array");
		json_object_put(root);
		return -EINVAL;
	}
	n = json_object_array_length(root);
	suite->specs = calloc(n ? n : 1, sizeof(*suite->specs));
	if (!suite->specs) {
		json_object_put(root);
		return -ENOMEM;
	}
	suite->root = root;
	for (i = 0; i < n; i++) {
		struct json_object *obj = json_object_array_get_idx(root, i);
		struct ktstr_spec *s = &suite->specs[i];
		struct json_object *tools;
		size_t t;

		if (!json_object_is_type(obj, json_type_object) ||
		    !jsonc_str(obj, "name", NULL)) {
			snprintf(why, whylen,
				 "test list entry %zu has no \"name\"", i);
			ktstr_suite_free(suite);
			return -EINVAL;
		}
		s->json = obj;
		s->name = jsonc_str(obj, "name", NULL);
		s->test = s->name;
		s->description = jsonc_str(obj, "description", "");
		s->topology = jsonc_str(obj, "topology", KTSTR_DEFAULT_TOPOLOGY);
		s->scheduler = jsonc_str(obj, "scheduler", KTSTR_SCHED_EEVDF);
		s->sched_args = jsonc_str(obj, "sched_args", "");
		s->expect = jsonc_str(obj, "expect", KTSTR_EXPECT_PASS);
		s->duration_ms = jsonc_num(obj, "duration_ms", 0);
		s->timeout_s = jsonc_num(obj, "timeout_s", 0);
		s->expect_exit_kind = jsonc_num(obj, "expect_exit_kind", 0);
		s->auto_repro = jsonc_bool(obj, "auto_repro", true);
		s->manual = jsonc_bool(obj, "manual", false);
		s->generic = jsonc_bool(obj, "generic", false);
		tools = jsonc_get(obj, "tools", json_type_array);
		for (t = 0; tools && t < json_object_array_length(tools) &&
		     s->nr_tools < KTSTR_SPEC_MAX_TOOLS; t++) {
			struct json_object *e = json_object_array_get_idx(tools, t);

			if (json_object_is_type(e, json_type_string))
				s->tools[s->nr_tools++] = json_object_get_string(e);
		}
	}
	suite->nr = n;
	return 0;
}

int ktstr_suite_load(const char *init_path, struct ktstr_suite *suite)
{
	char *const argv[] = { (char *)init_path, "--list", "--json", NULL };
	char *out = NULL, why[256];
	int err, status = 0;

	err = ktstr_capture(argv, &out, NULL, &status, KTSTR_STDERR_PASS);
	if (err) {
		pr_err("cannot run '%s --list --json': %s", init_path,
		       strerror(-err));
		return err;
	}
	if (!WIFEXITED(status) || WEXITSTATUS(status)) {
		/* Its own stderr (a bad test definition, say) came first. */
		if (WIFEXITED(status))
			pr_err("'%s --list --json' exited %d: the test table is not valid",
			       init_path, WEXITSTATUS(status));
		else
			pr_err("'%s --list --json' killed by signal %d",
			       init_path, WTERMSIG(status));
		free(out);
		return -EIO;
	}
	err = ktstr_suite_parse(out, suite, why, sizeof(why));
	if (err)
		pr_err("'%s --list --json': %s", init_path, why);
	free(out);
	return err;
}

int ktstr_suite_filter(struct ktstr_suite *suite, char *const *globs,
		       size_t nr_globs)
{
	size_t i, g, kept = 0;

	if (!nr_globs) {
		for (i = 0; i < suite->nr; i++)
			if (!suite->specs[i].manual)
				suite->specs[kept++] = suite->specs[i];
		suite->nr = kept;
		return 0;
	}
	for (g = 0; g < nr_globs; g++) {
		for (i = 0; i < suite->nr; i++)
			if (!fnmatch(globs[g], suite->specs[i].name, 0))
				break;
		if (i == suite->nr) {
			pr_err("no test matches '%s' (see: ktstr list)",
			       globs[g]);
			return -ENOENT;
		}
	}
	for (i = 0; i < suite->nr; i++) {
		for (g = 0; g < nr_globs; g++)
			if (!fnmatch(globs[g], suite->specs[i].name, 0))
				break;
		if (g < nr_globs)
			suite->specs[kept++] = suite->specs[i];
	}
	suite->nr = kept;
	return 0;
}

/* @spec under variant @v, into @out; its name into @names. */
static int expand_one(const struct ktstr_spec *spec,
		      const struct ktstr_sched_variant *v,
		      struct ktstr_spec *out, char **name)
{
	unsigned int timeout = spec->timeout_s + KTSTR_EXT_ATTACH_EXTRA_S;

	if (asprintf(name, "%s@%s", spec->name, v->file_id) < 0) {
		*name = NULL;
		return -ENOMEM;
	}
	*out = *spec;
	out->name = *name;
	out->scheduler = v->name;
	out->sched_args = v->args;
	out->variant = v;
	/* A scheduler of the suite's may not be sched_ext; this one is. */
	out->auto_repro = true;
	out->timeout_s = v->timeout_s > timeout ? v->timeout_s : timeout;
	return 0;
}

int ktstr_suite_expand(struct ktstr_suite *suite,
		       const struct ktstr_sched_variants *vs, size_t *dropped)
{
	size_t i, j, n = 0, generic = 0;
	struct ktstr_spec *specs;
	char **names;

	for (i = 0; i < suite->nr; i++)
		generic += suite->specs[i].generic;
	specs = calloc(generic * vs->nr ?: 1, sizeof(*specs));
	names = calloc(generic * vs->nr ?: 1, sizeof(*names));
	if (!specs || !names) {
		free(specs);
		free(names);
		return -ENOMEM;
	}
	for (i = 0; i < suite->nr; i++) {
		if (!suite->specs[i].generic)
			continue;
		for (j = 0; j < vs->nr; j++, n++) {
			if (expand_one(&suite->specs[i], &vs->v[j], &specs[n],
				       &names[n])) {
				while (n--)
					free(names[n]);
				free(names);
				free(specs);
				return -ENOMEM;
			}
		}
	}
	*dropped = suite->nr - generic;
	free(suite->specs);
	suite->specs = specs;
	suite->nr = n;
	suite->names = names;
	suite->nr_names = n;
	return 0;
}

void ktstr_suite_free(struct ktstr_suite *suite)
{
	size_t i;

	for (i = 0; i < suite->nr_names; i++)
		free(suite->names[i]);
	free(suite->names);
	free(suite->specs);
	if (suite->root)
		json_object_put(suite->root);
	memset(suite, 0, sizeof(*suite));
}
