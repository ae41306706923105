// SPDX-License-Identifier: GPL-2.0
/*
 * ktstr: boot the test kernel in one VM per test and run scheduler tests.
 *
 * With no subcommand it runs the suite (kselftest runs the program without
 * arguments), taking extra arguments from $KSELFTEST_KTSTR_ARGS.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "host/cmd.h"
#include "common/log.h"
#include "host/sigs.h"
#include "host/util.h"

#define MAX_ARGS	256

static const char usage[] =
"usage: ktstr [run] [options]   run tests in VMs (the default)\n"
"       ktstr list [--json]     list the tests\n"
"       ktstr shell [--exec CMD] boot a VM with a shell\n"
"       ktstr kernel build|path build or locate the test kernel\n"
"       ktstr stack FILE        functions auto-repro would probe for a crash\n"
"Each command takes --help. Without a command, ktstr runs the suite with\n"
"arguments from $KSELFTEST_KTSTR_ARGS (e.g. \"-t topo_* -j 2\").\n";

/* argv for an implicit "run": "run", $KSELFTEST_KTSTR_ARGS, then ours. */
static int implicit_run(int argc, char **argv)
{
	const char *env = getenv("KSELFTEST_KTSTR_ARGS");
	char *args[MAX_ARGS + 1], *copy = NULL, *tok, *save;
	int n = 0, i, ret;

	args[n++] = "run";
	if (env && *env) {
		copy = strdup(env);
		if (!copy)
			return KTSTR_EXIT_FAIL;
		for (tok = strtok_r(copy, " \t\n", &save); tok;
		     tok = strtok_r(NULL, " \t\n", &save)) {
			if (n == MAX_ARGS)
				goto too_many;
			args[n++] = tok;
		}
	}
	for (i = 1; i < argc; i++) {
		if (n == MAX_ARGS)
			goto too_many;
		args[n++] = argv[i];
	}
	args[n] = NULL;
	ret = cmd_run(n, args);
	free(copy);
	return ret;
too_many:
	pr_err("more than %d arguments", MAX_ARGS);
	free(copy);
	return KTSTR_EXIT_USAGE;
}

int main(int argc, char **argv)
{
	static const struct {
		const char *name;
		int (*fn)(int argc, char **argv);
	} cmds[] = {
		{ "run", cmd_run },
		{ "list", cmd_list },
		{ "shell", cmd_shell },
		{ "kernel", cmd_kernel },
		{ "stack", cmd_stack },
	};
	unsigned int i;
	int err;

	/* Before any child exists, so no SIGTERM can slip past a VM. */
	err = ktstr_signals_init();
	if (err) {
		pr_err("cannot set up signal handling: %s", strerror(-err));
		return KTSTR_EXIT_FAIL;
	}
	if (argc > 1 && (!strcmp(argv[1], "--help") ||
			 !strcmp(argv[1], "-h") || !strcmp(argv[1], "help"))) {
		fputs(usage, stdout);
		return KTSTR_EXIT_OK;
	}
	if (argc < 2 || argv[1][0] == '-')
		return implicit_run(argc, argv);
	for (i = 0; i < ARRAY_SIZE(cmds); i++) {
		if (!strcmp(argv[1], cmds[i].name))
			return cmds[i].fn(argc - 1, argv + 1);
	}
	pr_err("unknown command '%s' (expected run, list, shell, kernel or stack; see: ktstr --help)",
	       argv[1]);
	return KTSTR_EXIT_USAGE;
}
