// SPDX-License-Identifier: GPL-2.0
/* ktstr list: the tests the guest binary declares. */
#include <getopt.h>
#include <json-c/json.h>
#include <stdbool.h>
#include <stdio.h>

#include "host/cmd.h"
#include "common/log.h"
#include "host/suite.h"
#include "host/util.h"

static const char list_usage[] =
"usage: ktstr list [--json]\n"
"  List the tests: name, topology, scheduler, description.\n"
"      --json   the guest binary's list as a JSON array (docs/protocol.md)\n";

int cmd_list(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "json", no_argument, NULL, 'J' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	struct ktstr_suite suite;
	struct ktstr_vm_env env;
	char init[PATH_MAX];
	bool json = false;
	size_t i;
	int c, ret;

	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (c) {
		case 'J':
			json = true;
			break;
		case 'h':
			fputs(list_usage, stdout);
			return KTSTR_EXIT_OK;
		default:
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

	if (json) {
		puts(json_object_to_json_string_ext(suite.root,
				JSON_C_TO_STRING_PRETTY |
				JSON_C_TO_STRING_NOSLASHESCAPE));
	} else {
		for (i = 0; i < suite.nr; i++) {
			const struct ktstr_spec *s = &suite.specs[i];

			printf("%-28s %-10s %-11s %s%s\n", s->name, s->topology,
			       s->scheduler, s->manual ? "(manual) " : "",
			       s->description);
		}
	}
	ktstr_suite_free(&suite);
	return KTSTR_EXIT_OK;
}
