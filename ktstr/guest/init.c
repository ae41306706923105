// SPDX-License-Identifier: GPL-2.0
/*
 * ktstr-init: /init of the test VM, and the test table's voice on the host.
 *
 * As PID 1 (in the VM): mount, open the test channel, run one test (or a
 * console shell / command), report, power off. Our arguments are in the
 * initramfs (KTSTR_GUEST_ARGS), written there by the launcher.
 *
 * Otherwise (on the host): --list [--json] prints the compiled-in tests.
 */
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/reboot.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "common/log.h"
#include "common/clock.h"
#include "common/compiler.h"
#include "common/guest_args.h"
#include "common/protocol.h"
#include "guest/chan.h"
#include "guest/console.h"
#include "guest/lib/guest_topo.h"
#include "guest/lib/sysfs.h"
#include "guest/mounts.h"
#include "guest/registry.h"
#include "guest/result.h"
#include "guest/run_test.h"
#include "guest/supervise.h"

#define CHANNEL_TTY	"/dev/ttyS1"

/* Run on the host: the test table's voice. */
struct host_args {
	bool list;
	bool json;
	bool help;
	struct ktstr_buf errors;	/* one line per bad argument */
};

static const char usage[] =
	"usage: ktstr-init --list [--json]   list the tests (on the host)\n"
	"       ktstr-init --help\n"
	"As /init of a test VM it takes its arguments from /" KTSTR_GUEST_ARGS "\n"
	"(common/guest_args.h), which the launcher writes into the initramfs.\n";

static void parse_host_args(int argc, char **argv, struct host_args *a)
{
	static const struct option opts[] = {
		{ "list",	no_argument,		NULL, 'l' },
		{ "json",	no_argument,		NULL, 'j' },
		{ "help",	no_argument,		NULL, 'h' },
		{ }
	};
	int opt;

	opterr = 0;
	while ((opt = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
		switch (opt) {
		case 'l':
			a->list = true;
			break;
		case 'j':
			a->json = true;
			break;
		case 'h':
			a->help = true;
			break;
		default:
			ktstr_buf_addf(&a->errors, "unknown option '%s'\n",
				       argv[optind - 1]);
			break;
		}
	}
	for (; optind < argc; optind++)
		ktstr_buf_addf(&a->errors, "unexpected argument '%s'\n",
			       argv[optind]);
}

/* On the host. Exit codes: 0 ok, 1 bad test table, 2 usage. */
static int host_main(struct host_args *a)
{
	struct ktstr_buf out = KTSTR_BUF_INIT;

	if (a->help) {
		fputs(usage, stdout);
		return 0;
	}
	if (a->errors.len || !a->list) {
		fputs(ktstr_buf_str(&a->errors), stderr);
		fputs(usage, stderr);
		return 2;
	}
	if (ktstr_registry_validate())
		return 1;
	if (a->json)
		ktstr_registry_list_json(&out);
	else
		ktstr_registry_list_text(&out);
	fputs(ktstr_buf_str(&out), stdout);
	ktstr_buf_free(&out);
	return fflush(stdout) ? 1 : 0;
}

static void diag_guest_topo(void)
{
	struct ktstr_guest_topo t;

	if (ktstr_guest_topo_read(&t))
		return;
	ktstr_diag("guest: %u CPU%s, %u LLC%s, %u node%s, smt %u", t.cpus,
		   t.cpus == 1 ? "" : "s", t.llcs, t.llcs == 1 ? "" : "s",
		   t.nodes, t.nodes == 1 ? "" : "s", t.threads_per_core);
}

static void diag_lines(const char *prefix, const char *text)
{
	const char *p = text, *nl;

	for (; *p; p = *nl ? nl + 1 : nl) {
		nl = strchrnul(p, '\n');
		ktstr_diag("%s%.*s", prefix, (int)(nl - p), p);
	}
}

static const char *first_line(const char *text)
{
	static char line[256];

	snprintf(line, sizeof(line), "%.*s", (int)strcspn(text, "\n"), text);
	return line;
}

/* A result for a run that never got to its test. */
static void fail_early(const char *test, const char *fmt, ...)
	__printf(2, 3);

static void fail_early(const char *test, const char *fmt, ...)
{
	struct ktstr_result res;
	va_list ap;

	ktstr_result_init(&res, test ? test : "");
	va_start(ap, fmt);
	ktstr_result_vfail(&res, fmt, ap);
	va_end(ap);
	ktstr_result_emit(&res);
	ktstr_result_free(&res);
}

static void guest_run(const struct ktstr_guest_args *a, long start_ms,
		      long report_ms)
{
	const struct ktstr_test *test;
	struct ktstr_run_opts opts = {
		.topology = a->topology,
		.tcg = a->tcg,
		.start_ms = start_ms,
		.report_ms = report_ms,
		.repro = a->repro,
		.ext = a->sched.name ? &a->sched : NULL,
	};
	unsigned int watchdog_s;
	int status;

	if (a->shell) {
		status = ktstr_console_shell();
		ktstr_diag("shell exited (status 0x%x)", status);
		return;
	}
	if (a->exec) {
		status = ktstr_console_exec(a->exec);
		if (status < 0)
			ktstr_diag("exec: %s", strerror(-status));
		else if (WIFEXITED(status))
			ktstr_diag("exec: exit status %d", WEXITSTATUS(status));
		else
			ktstr_diag("exec: killed by signal %d",
				   WTERMSIG(status));
		return;
	}
	if (!a->test) {
		fail_early(NULL, "guest init: no --test, --shell or --exec given");
		return;
	}
	test = ktstr_test_find(a->test);
	if (!test) {
		fail_early(a->test, "guest init: no test named '%s' in this ktstr-init",
			   a->test);
		return;
	}
	watchdog_s = ktstr_vm_watchdog_s(test, a->sched.vm_timeout_s);
	ktstr_supervise_test(test, &opts, watchdog_s);
}

static __noreturn void power_off(void)
{
	ktstr_chan_flush();
	sync();
	reboot(RB_POWER_OFF);
	/* -no-reboot turns a reboot into QEMU exiting, too. */
	reboot(RB_AUTOBOOT);
	/* Last resort: PID 1 exiting panics, and panic=-1 reboots. */
	exit(1);
}

/*
 * Our arguments, from the file the launcher put in the initramfs. The
 * kernel passes init what follows " -- " on its command line too: none
 * is expected, so any is named as an error.
 */
static int read_guest_args(int argc, char **argv, struct ktstr_buf *file,
			   struct ktstr_guest_args *a, struct ktstr_buf *errors)
{
	char why[160];
	int i, ret;

	memset(a, 0, sizeof(*a));
	for (i = 1; i < argc; i++)
		ktstr_buf_addf(errors, "unexpected argument '%s' on the kernel command line\n",
			       argv[i]);
	ret = ktstr_read_file_buf("/" KTSTR_GUEST_ARGS, file);
	if (ret) {
		ktstr_buf_addf(errors, "/%s: %s\n", KTSTR_GUEST_ARGS,
			       strerror(-ret));
		return ret;
	}
	ret = ktstr_guest_args_parse(file->s, file->len, a, why, sizeof(why));
	if (ret)
		ktstr_buf_addf(errors, "%s\n", why);
	return ret;
}

static __noreturn void guest_main(int argc, char **argv)
{
	struct ktstr_buf mount_errors = KTSTR_BUF_INIT;
	struct ktstr_buf errors = KTSTR_BUF_INIT;
	struct ktstr_buf file = KTSTR_BUF_INIT;
	long start_ms = ktstr_now_ms(), report_ms;
	struct ktstr_guest_args args;

	ktstr_guest_mounts(&mount_errors);
	/*
	 * Without the channel the host sees no "init" stage and treats the
	 * boot as broken, which it is; say why on the console.
	 */
	if (ktstr_chan_open(CHANNEL_TTY))
		pr_err("no test channel; powering off");
	else
		ktstr_stage(KTSTR_STAGE_INIT);
	report_ms = ktstr_now_ms();
	diag_lines("guest init: ", ktstr_buf_str(&mount_errors));
	diag_guest_topo();

	read_guest_args(argc, argv, &file, &args, &errors);
	if (errors.len) {
		diag_lines("guest init: ", ktstr_buf_str(&errors));
		fail_early(args.test, "guest init: bad arguments: %s",
			   first_line(ktstr_buf_str(&errors)));
	} else if (ktstr_registry_validate()) {
		fail_early(args.test, "guest init: the test table is invalid (see the console)");
	} else {
		guest_run(&args, start_ms, report_ms);
	}
	ktstr_stage(KTSTR_STAGE_DONE);
	ktstr_reap_orphans();
	power_off();
}

int main(int argc, char **argv)
{
	struct host_args a = { .errors = KTSTR_BUF_INIT };

	if (getpid() == 1)
		guest_main(argc, argv);
	parse_host_args(argc, argv, &a);
	return host_main(&a);
}
