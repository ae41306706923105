// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include "host/sigs.h"

static int sig_fd = -1;
static sigset_t saved_mask;
static int term_pending;

int ktstr_signals_init(void)
{
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGHUP);
	sigaddset(&set, SIGCHLD);
	if (sigprocmask(SIG_BLOCK, &set, &saved_mask))
		return -errno;
	sig_fd = signalfd(-1, &set, SFD_NONBLOCK | SFD_CLOEXEC);
	if (sig_fd < 0)
		return -errno;
	return 0;
}

int ktstr_signals_fd(void)
{
	return sig_fd;
}

int ktstr_signals_read(void)
{
	struct signalfd_siginfo si;

	while (sig_fd >= 0 && read(sig_fd, &si, sizeof(si)) == sizeof(si)) {
		if (si.ssi_signo != SIGCHLD && !term_pending)
			term_pending = si.ssi_signo;
	}
	/* Sticky: once asked to stop, every later wait loop stops too. */
	return term_pending;
}

void ktstr_signals_child(void)
{
	/* Only async-signal-safe calls: this runs between fork and exec. */
	sigprocmask(SIG_SETMASK, &saved_mask, NULL);
}
