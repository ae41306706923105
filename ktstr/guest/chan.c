// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <termios.h>
#include <unistd.h>

#include "common/log.h"
#include "common/fdio.h"
#include "common/protocol.h"
#include "guest/chan.h"
#include "guest/ctx.h"
#include "guest/lib/strbuf.h"

struct chan_shared {
	char stage[32];
	int result_sent;
};

static int chan_fd = STDOUT_FILENO;
static struct chan_shared chan_local;
static struct chan_shared *chan_state = &chan_local;

int ktstr_chan_open(const char *path)
{
	struct termios tio;
	int fd;

	/* O_NONBLOCK: a tty open must not wait for a modem carrier. */
	fd = open(path, O_WRONLY | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0) {
		pr_err("open %s: %s", path, strerror(errno));
		return -errno;
	}
	/*
	 * The line discipline would turn \n into \r\n (ONLCR) and may echo
	 * or expand tabs: raw mode makes the host read exactly what we wrote.
	 */
	if (tcgetattr(fd, &tio) == 0) {
		cfmakeraw(&tio);
		tio.c_cflag |= CLOCAL;
		if (tcsetattr(fd, TCSANOW, &tio))
			pr_err("raw mode on %s: %s", path,
				strerror(errno));
	}
	/* Blocking writes from here on: nothing may be dropped on EAGAIN. */
	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
	chan_fd = fd;
	return 0;
}

int ktstr_chan_fd(void)
{
	return chan_fd;
}

int ktstr_chan_write(const char *buf, size_t len)
{
	return ktstr_write_all(chan_fd, buf, len);
}

void ktstr_chan_flush(void)
{
	if (isatty(chan_fd))
		tcdrain(chan_fd);
	else
		fsync(chan_fd);
}

int ktstr_chan_share(void)
{
	struct chan_shared *s;

	s = mmap(NULL, sizeof(*s), PROT_READ | PROT_WRITE,
		 MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (s == MAP_FAILED) {
		pr_err("mmap channel state: %s",
			strerror(errno));
		return -errno;
	}
	*s = *chan_state;
	chan_state = s;
	return 0;
}

const char *ktstr_chan_last_stage(void)
{
	return chan_state->stage[0] ? chan_state->stage : "none";
}

bool ktstr_chan_result_sent(void)
{
	return __atomic_load_n(&chan_state->result_sent, __ATOMIC_ACQUIRE);
}

void ktstr_chan_mark_result_sent(void)
{
	__atomic_store_n(&chan_state->result_sent, 1, __ATOMIC_RELEASE);
}

void ktstr_stage(const char *stage)
{
	struct ktstr_buf b = KTSTR_BUF_INIT;

	snprintf(chan_state->stage, sizeof(chan_state->stage), "%s", stage);
	ktstr_buf_addf(&b, KTSTR_STAGE_PREFIX "%s\n", stage);
	ktstr_chan_write(ktstr_buf_str(&b), b.len);
	ktstr_buf_free(&b);
}

void ktstr_diag(const char *fmt, ...)
{
	struct ktstr_buf text = KTSTR_BUF_INIT, out = KTSTR_BUF_INIT;
	const char *p, *nl;
	va_list ap;

	va_start(ap, fmt);
	ktstr_buf_vaddf(&text, fmt, ap);
	va_end(ap);

	/* Each line of a multi-line message is its own "# " record. */
	p = ktstr_buf_str(&text);
	do {
		nl = strchrnul(p, '\n');
		ktstr_buf_add(&out, "# ");
		ktstr_buf_addn(&out, p, nl - p);
		ktstr_buf_addc(&out, '\n');
		p = *nl ? nl + 1 : nl;
	} while (*p);
	ktstr_chan_write(ktstr_buf_str(&out), out.len);
	ktstr_buf_free(&text);
	ktstr_buf_free(&out);
}
