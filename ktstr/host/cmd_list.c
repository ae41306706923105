// SPDX-License-Identifier: GPL-2.0
/* ktstr list: the tests the guest binary declares. */
#include <getopt.h>
#include <json-c/json.h>
#include <stdbool.h>
#include <stdio.h>

#include "host/cmd.h"
#include "host/jsonc.h"
#include "host/sched/sched_variant.h"
#include "common/log.h"
#include "host/suite.h"
#include "host/util.h"

static const char list_usage[] =
"usage: ktstr list [--json] [--scheduler PATH | --profiles FILE [-s NAME]]\n"
"  List the tests: name, topology, scheduler, description. With an\n"
"  external scheduler: what `ktstr run` would run under it, once checked.\n"
"      --json           the guest binary's list as a JSON array\n"
"                       (docs/protocol.md)\n"
KTSTR_SCHED_USAGE;

/* The runs under external schedulers, as `ktstr run` names them. */
static void list_variant_runs(const struct ktstr_suite *suite, bool json)
{
	struct json_object *arr = json ? json_object_new_array() : NULL;
	size_t i;

	for (i = 0; i < suite->nr; i++) {
		const struct ktstr_spec *s = &suite->specs[i];
		const struct ktstr_sched_variant *v = s->variant;
		struct json_object *o;
		char name[192];

		snprintf(name, sizeof(name), "%s [%s]", s->test, v->label);
		if (!arr) {
			printf("%-40s %-10s /bin/%s%s%s\n", name, s->topology,
			       v->name, *v->args ? " " : "", v->args);
			continue;
		}
		o = json_object_new_object();
		if (!o)
			break;
		jsonc_add(o, "name", json_object_new_string(name));
		jsonc_add(o, "test", json_object_new_string(s->test));
		jsonc_add(o, "scheduler", json_object_new_string(v->label));
		jsonc_add(o, "path", json_object_new_string(v->path));
		jsonc_add(o, "args", json_object_new_string(v->args));
		jsonc_add(o, "topology", json_object_new_string(s->topology));
		json_object_array_add(arr, o);
	}
	if (arr) {
		puts(json_object_to_json_string_ext(arr,
				JSON_C_TO_STRING_PRETTY |
				JSON_C_TO_STRING_NOSLASHESCAPE));
		json_object_put(arr);
	}
}

int cmd_list(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "json", no_argument, NULL, 'J' },
		{ "help", no_argument, NULL, 'h' },
		{ "scheduler", required_argument, NULL, KTSTR_OPT_SCHED_PATH },
		{ "sched-args", required_argument, NULL,
		  KTSTR_OPT_SCHED_ARGS_VAL },
		{ "profiles", required_argument, NULL, KTSTR_OPT_PROFILES },
		{ "sched", required_argument, NULL, KTSTR_OPT_PROFILE_SECTION },
		{ 0 }
	};
	struct ktstr_sched_variants vs = { 0 };
	struct ktstr_sched_opts so = { 0 };
	struct ktstr_suite suite;
	struct ktstr_vm_env env;
	char init[PATH_MAX];
	bool json = false;
	size_t i;
	int c, ret;

	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, ":s:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'J':
			json = true;
			break;
		case 'h':
			fputs(list_usage, stdout);
			return KTSTR_EXIT_OK;
		default:
			if (ktstr_sched_opt(&so, c, optarg))
				break;
			return ktstr_usage_error("list", argv[optind - 1]);
		}
	}
	if (optind < argc)
		return ktstr_usage_error("list", argv[optind]);

	ret = ktstr_env_bindir(&env);
	if (ret)
		return ret;
	if (ktstr_path_join(init, sizeof(init), env.bindir, "ktstr-init") ||
	    ktstr_suite_load(init, &suite))
		return KTSTR_EXIT_FAIL;

	if (ktstr_sched_opts_given(&so)) {
		/* What `run` would: the default selection, no manual tests. */
		ret = ktstr_suite_filter(&suite, NULL, 0) ? KTSTR_EXIT_FAIL :
		      ktstr_sched_opts_apply(&so, &suite, &vs);
		if (!ret)
			list_variant_runs(&suite, json);
	} else if (json) {
		puts(json_object_to_json_string_ext(suite.root,
				JSON_C_TO_STRING_PRETTY |
				JSON_C_TO_STRING_NOSLASHESCAPE));
	} else {
		for (i = 0; i < suite.nr; i++) {
			const struct ktstr_spec *s = &suite.specs[i];

			printf("%-28s %-10s %-11s %s%s%s\n", s->name,
			       s->topology, s->scheduler,
			       s->manual ? "(manual) " : "",
			       s->generic ? "(generic) " : "",
			       s->description);
		}
	}
	ktstr_suite_free(&suite);
	ktstr_variants_free(&vs);
	return ret;
}
