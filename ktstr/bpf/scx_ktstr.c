// SPDX-License-Identifier: GPL-2.0
/*
 * scx_ktstr loader: turns the command line into the BPF scheduler's knobs,
 * loads and attaches ktstr_ops, prints stats every second and reports how
 * the scheduler exited. See scx_ktstr.bpf.c for what the knobs do.
 */
#define _GNU_SOURCE	/* CPU_SET, sched_setaffinity for -H */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <inttypes.h>
#include <libgen.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <scx/common.h>
#include "scx_ktstr.bpf.skel.h"

const char help_fmt[] =
"The ktstr fixture sched_ext scheduler: a global vtime (or FIFO) scheduler\n"
"with knobs that make it fail on purpose.\n"
"\n"
"See the top-level comment in .bpf.c for more details.\n"
"\n"
"Usage: %s [-q] [-e COUNT] [-f] [-F MS] [-s COUNT] [-w MS] [-d N] [-r] [-V]\n"
"       [-D LEN] [-x MS] [-H MS] [-P MS] [-v]\n"
"\n"
"  -q            Use FIFO scheduling instead of weighted vtime scheduling\n"
"  -e COUNT      Trigger scx_bpf_error() after COUNT dispatches (exit kind 1025)\n"
"  -f            Trigger scx_bpf_error() once the error flag is set, by -F or\n"
"                by sending SIGUSR1 to this process (exit kind 1025)\n"
"  -F MS         Set the error flag MS milliseconds after attaching (implies -f)\n"
"  -s COUNT      Stop running user threads after COUNT dispatches, so that the\n"
"                watchdog fires (exit kind 1026)\n"
"  -w MS         Watchdog timeout (ops.timeout_ms), at most 30000 (the default)\n"
"  -d N          Skip every Nth ops.dispatch() call (N >= 2)\n"
"  -r            Pick a random allowed CPU in ops.select_cpu()\n"
"  -V            Load a program the verifier rejects: print the log, exit 1\n"
"  -D LEN        Set scx_exit_info.dump buffer length\n"
"  -x MS         Detach and exit with status %d MS milliseconds after\n"
"                attaching, as a scheduler that gives up on its own would\n"
"  -H MS         MS milliseconds after an error exit, hang the guest: one\n"
"                SCHED_FIFO spinner per CPU with RT throttling off, so that\n"
"                nothing else runs again (what a report must survive)\n"
"  -P MS         MS milliseconds after an error exit, panic the guest\n"
"                through /proc/sysrq-trigger\n"
"  -v            Print libbpf debug messages\n"
"  -h            Display this help and exit\n";

#ifndef ARRAY_SIZE
#define ARRAY_SIZE(a)		(sizeof(a) / sizeof((a)[0]))
#endif

/* Mirrors enum scx_exit_kind: kinds from here on are errors. */
#define KTSTR_EXIT_ERROR	1024
/* The kernel's SCX_WATCHDOG_MAX_TIMEOUT */
#define KTSTR_MAX_TIMEOUT_MS	30000
#define STATS_INTERVAL_MS	1000
/* How quickly the main loop notices an exit, a signal or the -F deadline */
#define POLL_MS			100
/* -x: the status of a scheduler that gives up, as no signal would give */
#define KTSTR_QUIT_STATUS	3

/* Values written to error_flag; the BPF side reports which one it saw. */
enum ktstr_flag_source {
	FLAG_TIMER	= 1,	/* -F MS elapsed */
	FLAG_SIGNAL	= 2,	/* SIGUSR1 */
};

struct ktstr_opts {
	bool		fifo;
	u64		error_after;
	bool		watch_flag;
	u64		flag_after_ms;
	u64		stall_after;
	u32		skip_nth;
	bool		random_cpu;
	bool		verifier_fail;
	u32		timeout_ms;
	u32		dump_len;
	u64		quit_after_ms;
	u64		hang_after_ms;	/* -H */
	u64		panic_after_ms;	/* -P */
};

/*
 * Set from signal handlers. Lock-free __atomic accesses are async-signal-safe
 * and keep the compiler from caching them across the main loop's polls.
 */
static bool exit_req;
static bool flag_req;
static bool verbose;

static int libbpf_print_fn(enum libbpf_print_level level, const char *format,
			   va_list args)
{
	if (level == LIBBPF_DEBUG && !verbose)
		return 0;
	return vfprintf(stderr, format, args);
}

static void sigint_handler(int sig)
{
	__atomic_store_n(&exit_req, true, __ATOMIC_RELAXED);
}

static void sigusr1_handler(int sig)
{
	__atomic_store_n(&flag_req, true, __ATOMIC_RELAXED);
}

/*
 * No SA_RESTART: a signal must cut the main loop's nanosleep() short so that
 * SIGINT/SIGTERM detach and SIGUSR1 raises the flag without waiting a poll.
 */
static void setup_signals(void)
{
	struct sigaction sa = {};

	sigemptyset(&sa.sa_mask);
	sa.sa_handler = sigint_handler;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sa.sa_handler = sigusr1_handler;
	sigaction(SIGUSR1, &sa, NULL);
}

static int parse_u64(int opt, const char *arg, u64 min, u64 max,
		     u64 *val)
{
	unsigned long long v;
	char *end;

	errno = 0;
	v = strtoull(arg, &end, 0);
	if (errno || end == arg || *end || arg[0] == '-' || v < min || v > max) {
		fprintf(stderr, "scx_ktstr: -%c: '%s' is not a number in [%" PRIu64 ", %" PRIu64 "]\n",
			opt, arg, min, max);
		return -EINVAL;
	}
	*val = v;
	return 0;
}

static int parse_u32(int opt, const char *arg, u32 min, u32 max,
		     u32 *val)
{
	u64 v;
	int ret;

	ret = parse_u64(opt, arg, min, max, &v);
	if (!ret)
		*val = v;
	return ret;
}

/*
 * Returns 0 to run, 1 after -h, a negative errno on a bad command line (the
 * usage has been printed).
 */
static int parse_opts(int argc, char **argv, struct ktstr_opts *o)
{
	int opt, ret = 0;

	while (!ret && (opt = getopt(argc, argv, "qe:fF:s:w:d:rVD:x:H:P:vh")) != -1) {
		switch (opt) {
		case 'q':
			o->fifo = true;
			break;
		case 'e':
			ret = parse_u64(opt, optarg, 1, ~0ULL, &o->error_after);
			break;
		case 'f':
			o->watch_flag = true;
			break;
		case 'F':
			ret = parse_u64(opt, optarg, 1, ~0ULL, &o->flag_after_ms);
			o->watch_flag = true;
			break;
		case 's':
			ret = parse_u64(opt, optarg, 1, ~0ULL, &o->stall_after);
			break;
		case 'w':
			ret = parse_u32(opt, optarg, 1, KTSTR_MAX_TIMEOUT_MS,
					&o->timeout_ms);
			break;
		case 'd':
			ret = parse_u32(opt, optarg, 2, ~0U, &o->skip_nth);
			break;
		case 'r':
			o->random_cpu = true;
			break;
		case 'V':
			o->verifier_fail = true;
			break;
		case 'D':
			ret = parse_u32(opt, optarg, 1, ~0U, &o->dump_len);
			break;
		case 'x':
			ret = parse_u64(opt, optarg, 1, ~0ULL, &o->quit_after_ms);
			break;
		case 'H':
			ret = parse_u64(opt, optarg, 1, ~0ULL, &o->hang_after_ms);
			break;
		case 'P':
			ret = parse_u64(opt, optarg, 1, ~0ULL, &o->panic_after_ms);
			break;
		case 'v':
			verbose = true;
			break;
		case 'h':
			fprintf(stderr, help_fmt, basename(argv[0]),
				KTSTR_QUIT_STATUS);
			return 1;
		default:
			ret = -EINVAL;
			break;
		}
	}
	if (!ret && optind < argc) {
		fprintf(stderr, "scx_ktstr: unexpected argument '%s'\n",
			argv[optind]);
		ret = -EINVAL;
	}
	if (ret)
		fprintf(stderr, help_fmt, basename(argv[0]), KTSTR_QUIT_STATUS);
	return ret;
}

static u64 now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000ULL + ts.tv_nsec / 1000000;
}

static void sleep_ms(u64 ms)
{
	struct timespec ts = {
		.tv_sec = ms / 1000,
		.tv_nsec = (ms % 1000) * 1000000,
	};

	/* EINTR is expected: the caller re-checks what the signal changed. */
	nanosleep(&ts, NULL);
}

static void print_stats(struct scx_ktstr *skel, const char *prefix)
{
	printf("%senq=%" PRIu64 " dsp=%" PRIu64 " skipped=%" PRIu64
	       " stalled=%" PRIu64 " random=%" PRIu64 " errors=%" PRIu64 "\n",
	       prefix, skel->bss->nr_enqueued, skel->bss->nr_dispatched,
	       skel->bss->nr_dispatch_skipped, skel->bss->nr_stalled,
	       skel->bss->nr_random_cpu, skel->bss->nr_errors_injected);
	fflush(stdout);
}

static void raise_error_flag(struct scx_ktstr *skel, bool watched,
			     enum ktstr_flag_source src)
{
	const char *why = src == FLAG_TIMER ? "-F timer" : "SIGUSR1";

	if (!watched) {
		fprintf(stderr, "ktstr: %s ignored, -f not given\n", why);
		return;
	}
	fprintf(stderr, "ktstr: raising the error flag (%s)\n", why);
	__atomic_store_n(&skel->bss->error_flag, src, __ATOMIC_SEQ_CST);
}

/*
 * Wait for a signal or for the scheduler to exit, printing stats. True
 * when -x says to quit.
 */
static bool monitor(struct scx_ktstr *skel, const struct ktstr_opts *o)
{
	u64 now = now_ms();
	u64 next_stats = now + STATS_INTERVAL_MS;
	u64 flag_at = o->flag_after_ms ? now + o->flag_after_ms : 0;
	u64 quit_at = o->quit_after_ms ? now + o->quit_after_ms : 0;

	while (!__atomic_load_n(&exit_req, __ATOMIC_RELAXED) &&
	       !UEI_EXITED(skel, uei)) {
		u64 wait = POLL_MS;

		now = now_ms();
		if (quit_at && now >= quit_at) {
			fprintf(stderr, "ktstr: -x: giving up, exiting with status %d\n",
				KTSTR_QUIT_STATUS);
			return true;
		}
		if (__atomic_exchange_n(&flag_req, false, __ATOMIC_RELAXED))
			raise_error_flag(skel, o->watch_flag, FLAG_SIGNAL);
		if (flag_at && now >= flag_at) {
			flag_at = 0;
			raise_error_flag(skel, o->watch_flag, FLAG_TIMER);
		}
		if (now >= next_stats) {
			print_stats(skel, "");
			next_stats = now + STATS_INTERVAL_MS;
		}

		if (next_stats - now < wait)
			wait = next_stats - now;
		if (flag_at && flag_at - now < wait)
			wait = flag_at - now;
		if (quit_at && quit_at - now < wait)
			wait = quit_at - now;
		sleep_ms(wait);
	}
	return false;
}

/*
 * One load-attach-monitor-report cycle. Returns the exit code of ops.exit;
 * @quit says -x ended it.
 */
static u64 run_sched(const struct ktstr_opts *o, int *kind, bool *quit)
{
	struct scx_ktstr *skel;
	struct bpf_link *link;
	u64 ecode;

	skel = SCX_OPS_OPEN(ktstr_ops, scx_ktstr);

	skel->rodata->knobs.fifo_sched = o->fifo;
	skel->rodata->knobs.error_after = o->error_after;
	skel->rodata->knobs.watch_flag = o->watch_flag;
	skel->rodata->knobs.stall_after = o->stall_after;
	skel->rodata->knobs.skip_nth = o->skip_nth;
	skel->rodata->knobs.random_cpu = o->random_cpu;
	skel->rodata->knobs.verifier_fail = o->verifier_fail;
	skel->struct_ops.ktstr_ops->timeout_ms = o->timeout_ms;
	skel->struct_ops.ktstr_ops->exit_dump_len = o->dump_len;

	if (o->verifier_fail)
		fprintf(stderr, "ktstr: -V: loading a program the verifier must reject\n");

	SCX_OPS_LOAD(skel, ktstr_ops, scx_ktstr, uei);
	link = SCX_OPS_ATTACH(skel, ktstr_ops, scx_ktstr);

	fprintf(stderr, "ktstr: attached: fifo=%d e=%" PRIu64 " f=%d F=%" PRIu64
		" s=%" PRIu64 " w=%u d=%u r=%d\n",
		o->fifo, o->error_after, o->watch_flag, o->flag_after_ms,
		o->stall_after, o->timeout_ms, o->skip_nth, o->random_cpu);

	*quit = monitor(skel, o);

	bpf_link__destroy(link);
	print_stats(skel, "ktstr: final ");
	ecode = UEI_REPORT(skel, uei);
	*kind = skel->data->uei.kind;
	fprintf(stderr, "ktstr: exit kind %d\n", *kind);

	scx_ktstr__destroy(skel);
	return ecode;
}

static int write_file(const char *path, const char *text, bool must_exist)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC), ret = 0;

	if (fd < 0 || write(fd, text, strlen(text)) < 0)
		ret = -errno;
	if (fd >= 0)
		close(fd);
	if (ret && (must_exist || ret != -ENOENT))
		fprintf(stderr, "ktstr: %s: %s\n", path, strerror(-ret));
	return ret;
}

/*
 * -H: every CPU runs a SCHED_FIFO spinner forever, and neither RT
 * throttling nor the deadline servers that guarantee fair (and, on 7.x,
 * sched_ext) tasks a share of each CPU leave the rest anything: the guest
 * is alive to the kernel (timers, the console) but its init never runs
 * again, so the host hears nothing more and its VM timeout ends the run.
 */
static void hang_guest(void)
{
	static const char * const servers[] = { "fair_server", "ext_server" };
	struct sched_param sp = { .sched_priority = 99 };
	long cpu, nr = sysconf(_SC_NPROCESSORS_ONLN);
	char path[96];
	cpu_set_t set;
	size_t i;

	fprintf(stderr, "ktstr: -H: hanging the guest\n");
	fflush(stderr);
	write_file("/proc/sys/kernel/sched_rt_runtime_us", "-1", true);
	for (cpu = 0; cpu < nr; cpu++) {
		for (i = 0; i < ARRAY_SIZE(servers); i++) {
			snprintf(path, sizeof(path),
				 "/sys/kernel/debug/sched/%s/cpu%ld/runtime",
				 servers[i], cpu);
			write_file(path, "0", false);
		}
	}
	for (cpu = 0; cpu < nr; cpu++) {
		if (cpu + 1 < nr && fork() != 0)
			continue;
		CPU_ZERO(&set);
		CPU_SET(cpu, &set);
		sched_setaffinity(0, sizeof(set), &set);
		if (sched_setscheduler(0, SCHED_FIFO, &sp))
			fprintf(stderr, "ktstr: -H: SCHED_FIFO: %s\n",
				strerror(errno));
		for (;;)
			;
	}
}

/*
 * -H / -P: what happens to the guest after an error exit, if asked. The
 * guest stops a dead scheduler with SIGINT: that must not cut the delay
 * short, nor spare the guest.
 */
static void after_error(const struct ktstr_opts *o)
{
	u64 until = now_ms() + (o->panic_after_ms ?: o->hang_after_ms);
	sigset_t set;

	if (!o->panic_after_ms && !o->hang_after_ms)
		return;
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	sigprocmask(SIG_BLOCK, &set, NULL);
	while (now_ms() < until)
		sleep_ms(until - now_ms());
	if (o->panic_after_ms) {
		fprintf(stderr, "ktstr: -P: panicking the guest\n");
		fflush(stderr);
		write_file("/proc/sysrq-trigger", "c", true);
	} else {
		hang_guest();
	}
}

int main(int argc, char **argv)
{
	struct ktstr_opts opts = {};
	bool quit = false;
	u64 ecode;
	int kind, ret;

	ret = parse_opts(argc, argv, &opts);
	if (ret)
		return ret < 0 ? EXIT_FAILURE : EXIT_SUCCESS;

	libbpf_set_print(libbpf_print_fn);
	setup_signals();

	/* Like scx_simple, start over when CPU hotplug asks for a restart. */
	do {
		ecode = run_sched(&opts, &kind, &quit);
	} while (!quit && !__atomic_load_n(&exit_req, __ATOMIC_RELAXED) &&
		 UEI_ECODE_RESTART(ecode));

	if (quit)
		return KTSTR_QUIT_STATUS;
	if (kind >= KTSTR_EXIT_ERROR)
		after_error(&opts);
	return kind >= KTSTR_EXIT_ERROR ? EXIT_FAILURE : EXIT_SUCCESS;
}
