// SPDX-License-Identifier: GPL-2.0
/*
 * ktstr kernel build|path: build the cached test kernel (scripts/
 * kernel-build.sh, installed beside the launcher) or show which image the
 * launcher would boot.
 */
#include <errno.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "host/cmd.h"
#include "common/log.h"
#include "host/sigs.h"
#include "host/util.h"

static const char kernel_usage[] =
"usage: ktstr kernel build [--source DIR] [--jobs N]\n"
"       ktstr kernel path [--vmlinux] [--kernel IMG]\n"
"  build   build (or find cached) the test kernel: tinyconfig + ktstr/config\n"
"          from DIR, default Debian's linux-source-6.12\n"
"  path    print the image that `ktstr run` boots; --vmlinux prints the ELF\n"
"          vmlinux (symbols, BTF) even when a bzImage would be booted\n";

static int kernel_build(const char *bindir, int argc, char **argv)
{
	char script[PATH_MAX];
	char *args[64];
	int i;

	if (argc >= (int)ARRAY_SIZE(args) - 1) {
		pr_err("kernel build: too many arguments");
		return KTSTR_EXIT_USAGE;
	}
	if (ktstr_path_join(script, sizeof(script), bindir,
			    "scripts/kernel-build.sh"))
		return KTSTR_EXIT_FAIL;
	args[0] = script;
	/* The script owns its options (--source, --jobs) and their errors. */
	for (i = 1; i < argc; i++)
		args[i] = argv[i];
	args[argc] = NULL;
	ktstr_signals_child();
	execv(script, args);
	pr_err("cannot run '%s': %s", script, strerror(errno));
	return KTSTR_EXIT_FAIL;
}

static int kernel_path(const char *bindir, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "vmlinux", no_argument, NULL, 'V' },
		{ "kernel", required_argument, NULL, 'k' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	const char *opt_kernel = NULL;
	struct ktstr_kernel k;
	char why[PATH_MAX + 200];
	bool vmlinux = false;
	int c;

	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (c) {
		case 'V':
			vmlinux = true;
			break;
		case 'k':
			opt_kernel = optarg;
			break;
		case 'h':
			fputs(kernel_usage, stdout);
			return KTSTR_EXIT_OK;
		default:
			return ktstr_usage_error("kernel", argv[optind - 1]);
		}
	}
	if (optind < argc)
		return ktstr_usage_error("kernel", argv[optind]);
	if (ktstr_kernel_find(opt_kernel, bindir, &k, why, sizeof(why))) {
		pr_err("%s", why);
		return KTSTR_EXIT_FAIL;
	}
	if (vmlinux && !k.vmlinux[0]) {
		pr_err("no ELF vmlinux beside '%s'", k.boot);
		return KTSTR_EXIT_FAIL;
	}
	puts(vmlinux ? k.vmlinux : k.boot);
	return KTSTR_EXIT_OK;
}

int cmd_kernel(int argc, char **argv)
{
	struct ktstr_vm_env env;
	int ret;

	if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		fputs(kernel_usage, argc < 2 ? stderr : stdout);
		return argc < 2 ? KTSTR_EXIT_USAGE : KTSTR_EXIT_OK;
	}
	ret = ktstr_env_bindir(&env);
	if (ret)
		return ret;
	if (!strcmp(argv[1], "build"))
		return kernel_build(env.bindir, argc - 1, argv + 1);
	if (!strcmp(argv[1], "path"))
		return kernel_path(env.bindir, argc - 1, argv + 1);
	pr_err("kernel: unknown action '%s' (expected build or path)", argv[1]);
	return KTSTR_EXIT_USAGE;
}
