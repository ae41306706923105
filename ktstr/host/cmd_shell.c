// SPDX-License-Identifier: GPL-2.0
/*
 * ktstr shell: boot the test kernel with busybox and get a shell in the
 * guest (or run one command), for poking at a topology or a scheduler by
 * hand. The console is the terminal when stdin is one; otherwise the
 * guest's output is simply printed.
 */
#include <errno.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common/topology.h"
#include "host/cmd.h"
#include "common/log.h"
#include "host/util.h"
#include "host/vm/initramfs.h"
#include "host/vm/qemu_args.h"
#include "host/vm/vm.h"

static const char shell_usage[] =
"usage: ktstr shell [--exec CMD] [--topology T] [--kernel K] [--accel A]\n"
"  Boot the test kernel with busybox and open a shell on its console\n"
"  (Ctrl-A x quits QEMU), or run CMD in the guest and print its output.\n";

struct shell_opts {
	const char *exec, *topology, *kernel, *accel;
};

static int parse(int argc, char **argv, struct shell_opts *o)
{
	static const struct option longopts[] = {
		{ "exec", required_argument, NULL, 'e' },
		{ "topology", required_argument, NULL, 'T' },
		{ "kernel", required_argument, NULL, 'k' },
		{ "accel", required_argument, NULL, 'a' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	int c;

	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
		switch (c) {
		case 'e':
			o->exec = optarg;
			break;
		case 'T':
			o->topology = optarg;
			break;
		case 'k':
			o->kernel = optarg;
			break;
		case 'a':
			o->accel = optarg;
			break;
		case 'h':
			fputs(shell_usage, stdout);
			return -1;
		default:
			return ktstr_usage_error("shell", argv[optind - 1]);
		}
	}
	if (optind < argc)
		return ktstr_usage_error("shell", argv[optind]);
	if (o->exec && !*o->exec) {
		pr_err("--exec '': expected a command");
		return KTSTR_EXIT_USAGE;
	}
	return ktstr_env_check_accel(o->accel);
}

static void cleanup(const char *dir, const char * const *files, size_t n)
{
	char path[PATH_MAX];
	size_t i;

	for (i = 0; i < n; i++)
		if (!ktstr_path_join(path, sizeof(path), dir, files[i]))
			unlink(path);
	rmdir(dir);
}

static int boot(struct ktstr_vm_env *env, const struct shell_opts *o,
		const struct ktstr_topo *topo, const char *dir)
{
	bool tty = isatty(STDIN_FILENO);
	char initrd[PATH_MAX], channel[PATH_MAX];
	struct ktstr_layers layers;
	struct ktstr_guest_args args = {
		.shell = !o->exec,
		.exec = o->exec,
		.tcg = env->accel == KTSTR_ACCEL_TCG,
		.topology = o->topology,
	};
	struct ktstr_qemu_cfg qc = {
		.qemu = env->qemu,
		.kernel = env->targets.v[0].kernel.boot,
		.initrd = initrd,
		.topo = *topo,
		.kvm = env->accel == KTSTR_ACCEL_KVM,
		.interactive = tty,
		.channel_path = channel,
		.cmdline_extra = getenv("KTSTR_KERNEL_ARGS"),
		.bios = ktstr_qemu_fast_bios(),
	};
	struct ktstr_argv argv;
	struct ktstr_vm vm;
	int err, sig;

	ktstr_path_join(initrd, sizeof(initrd), dir, "initramfs.cpio");
	ktstr_path_join(channel, sizeof(channel), dir, "channel.log");
	/* A shell is for poking around: every scheduler of the set. */
	if (ktstr_targets_prepare(&env->targets, dir, KTSTR_BUSYBOX) ||
	    ktstr_target_all_layers(&env->targets.v[0], &layers) ||
	    ktstr_initramfs_vm(layers.v, layers.n, &args, initrd))
		return KTSTR_EXIT_FAIL;
	err = ktstr_qemu_argv(&qc, &argv);
	if (err)
		return KTSTR_EXIT_FAIL;
	if (ktstr_verbose) {
		char *line = ktstr_argv_join(&argv);

		pr_debug("%s", line ?: "?");
		free(line);
	}
	fflush(stdout);
	err = ktstr_vm_start(&vm, argv.v, NULL, tty, 0);
	ktstr_argv_free(&argv);
	if (err) {
		pr_err("cannot start '%s': %s", env->qemu, strerror(-err));
		return KTSTR_EXIT_FAIL;
	}
	/* Graceful: QEMU must restore the terminal it made raw. */
	sig = ktstr_vm_wait(&vm, true);
	if (sig)
		return 128 + sig;
	if (!WIFEXITED(vm.exit.wstatus) || WEXITSTATUS(vm.exit.wstatus)) {
		char how[96];

		ktstr_vm_exit_describe(&vm.exit, how, sizeof(how));
		pr_err("%s", how);
		return KTSTR_EXIT_FAIL;
	}
	return KTSTR_EXIT_OK;
}

int cmd_shell(int argc, char **argv)
{
	static const char * const files[] = { "initramfs.cpio", "channel.log" };
	struct shell_opts o = { 0 };
	struct ktstr_vm_env env;
	struct ktstr_topo topo;
	char why[160], dir[PATH_MAX];
	const char *tmp = getenv("TMPDIR");
	int ret;

	ret = parse(argc, argv, &o);
	if (ret)
		return ret < 0 ? KTSTR_EXIT_OK : ret;
	if (ktstr_topo_parse(o.topology ?: KTSTR_DEFAULT_TOPOLOGY, &topo, why,
			     sizeof(why))) {
		pr_err("%s", why);
		return KTSTR_EXIT_USAGE;
	}
	ret = ktstr_env_bindir(&env) ?:
	      ktstr_env_setup(&env, (char **)&o.kernel, o.kernel ? 1 : 0,
			      o.accel);
	if (ret)
		return ret;

	snprintf(dir, sizeof(dir), "%s/ktstr-shell.XXXXXX", tmp ?: "/tmp");
	if (!mkdtemp(dir)) {
		pr_err("cannot create a directory in '%s': %s", tmp ?: "/tmp",
		       strerror(errno));
		return KTSTR_EXIT_FAIL;
	}
	ret = boot(&env, &o, &topo, dir);
	ktstr_targets_cleanup(&env.targets);
	cleanup(dir, files, ARRAY_SIZE(files));
	return ret;
}
