// SPDX-License-Identifier: GPL-2.0
/*
 * ktstr kernel build|path|list: build a test kernel and the guest set for
 * it (scripts/kernel-build.sh and guest-build.sh, installed beside the
 * launcher), show which image the launcher would boot, list what is built.
 */
#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common/log.h"
#include "host/cmd.h"
#include "host/sigs.h"
#include "host/util.h"
#include "host/vm/guest_set.h"

static const char kernel_usage[] =
"usage: ktstr kernel build [--version V | --source DIR] [--jobs N]\n"
"       ktstr kernel path [--version V | --kernel K] [--vmlinux]\n"
"       ktstr kernel list\n"
"  build   build (or find cached) the test kernel: tinyconfig + ktstr/config,\n"
"          from Debian's linux-source-V (6.12, the default, or 7.3; installed\n"
"          when missing) or the kernel tree DIR; then the guest binaries for\n"
"          it (ktstr-init, scx_ktstr, the tree's schedulers), built with\n"
"          $KTSTR_CLANG or the newest clang installed\n"
"  path    print the image that `ktstr run` boots; --vmlinux prints the ELF\n"
"          vmlinux (symbols, BTF) even when a bzImage would be booted\n"
"  list    the cached kernels and the guest sets this launcher has\n";

/* Run a script of ours with @argv[1..]; returns its exit code. */
static int run_script(const char *bindir, const char *name, char **argv)
{
	char script[PATH_MAX];
	int status;
	pid_t pid;

	if (ktstr_path_join(script, sizeof(script), bindir, name))
		return KTSTR_EXIT_FAIL;
	argv[0] = script;
	pid = fork();
	if (pid < 0) {
		pr_err("fork: %s", strerror(errno));
		return KTSTR_EXIT_FAIL;
	}
	if (!pid) {
		ktstr_signals_child();
		execv(script, argv);
		pr_err("cannot run '%s': %s", script, strerror(errno));
		_exit(KTSTR_EXIT_FAIL);
	}
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return KTSTR_EXIT_FAIL;
	return WIFEXITED(status) ? WEXITSTATUS(status) : KTSTR_EXIT_FAIL;
}

/*
 * The ktstr sources this launcher was built from (ktstr-src beside it),
 * for building the guest set of another kernel; false for an install.
 */
static bool ktstr_sources(const char *bindir, char *buf, size_t len)
{
	char path[PATH_MAX], *text;

	if (ktstr_path_join(path, sizeof(path), bindir, "ktstr-src") ||
	    ktstr_read_file(path, &text, NULL))
		return false;
	text[strcspn(text, "\n")] = '\0';
	snprintf(buf, len, "%s", text);
	free(text);
	return *buf && !access(buf, R_OK);
}

static int kernel_build(const char *bindir, int argc, char **argv)
{
	char src[PATH_MAX], script[PATH_MAX], out[PATH_MAX], *args[64];
	const char *kernel = NULL;
	bool help = false;
	int i, ret;

	if (argc >= (int)ARRAY_SIZE(args) - 1) {
		pr_err("kernel build: too many arguments");
		return KTSTR_EXIT_USAGE;
	}
	/* The script owns its options and their errors. */
	for (i = 1; i < argc; i++) {
		args[i] = argv[i];
		if ((!strcmp(argv[i], "--version") ||
		     !strcmp(argv[i], "--source")) && i + 1 < argc)
			kernel = argv[i + 1];
		help |= !strcmp(argv[i], "--help") || !strcmp(argv[i], "-h");
	}
	args[argc] = NULL;
	ret = run_script(bindir, "scripts/kernel-build.sh", args);
	if (ret || help)
		return ret;
	if (!ktstr_sources(bindir, src, sizeof(src))) {
		pr_info("this launcher is an install: its guest binaries are the ones it came with");
		return KTSTR_EXIT_OK;
	}
	/* The launcher's build directory gets the new kernel's guest set. */
	if (ktstr_path_join(script, sizeof(script), src,
			    "scripts/guest-build.sh") ||
	    snprintf(out, sizeof(out), "%s", bindir) >= (int)sizeof(out))
		return KTSTR_EXIT_FAIL;
	args[1] = (char *)(kernel ?: "6.12");
	args[2] = out;
	args[3] = NULL;
	return run_script("/", script, args);
}

static int kernel_path(const char *bindir, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "vmlinux", no_argument, NULL, 'V' },
		{ "kernel", required_argument, NULL, 'k' },
		{ "version", required_argument, NULL, 'k' },
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

static void print_set(const char *dir)
{
	struct ktstr_guest_set s;
	char why[PATH_MAX + 64];

	if (ktstr_guest_set_read(dir, &s, why, sizeof(why)))
		return;
	printf("%-10s clang %-8s %s\n           schedulers:%s\n", s.release,
	       s.clang_version, s.dir, s.schedulers);
}

static int kernel_list(const char *bindir)
{
	char list[] = "--list";
	char *args[3];
	char dir[PATH_MAX];
	struct dirent *de;
	DIR *d;
	int ret;

	args[0] = NULL;		/* run_script() puts the script's path */
	args[1] = list;
	args[2] = NULL;
	ret = run_script(bindir, "scripts/kernel-build.sh", args);
	printf("\nguest sets of this launcher:\n");
	print_set(bindir);
	if (ktstr_path_join(dir, sizeof(dir), bindir, "kernels"))
		return KTSTR_EXIT_FAIL;
	d = opendir(dir);
	while (d && (de = readdir(d))) {
		char sub[PATH_MAX];

		if (de->d_name[0] != '.' &&
		    snprintf(sub, sizeof(sub), "%s/%s", dir, de->d_name) <
		    (int)sizeof(sub))
			print_set(sub);
	}
	if (d)
		closedir(d);
	return ret;
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
	if (!strcmp(argv[1], "list") && argc == 2)
		return kernel_list(env.bindir);
	pr_err("kernel: unknown action '%s' (expected build, path or list)",
	       argv[1]);
	return KTSTR_EXIT_USAGE;
}
