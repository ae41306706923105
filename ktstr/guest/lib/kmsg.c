// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "common/log.h"
#include "guest/lib/kmsg.h"

int ktstr_kmsg_record_text(const char *rec, size_t len, struct ktstr_buf *out)
{
	const char *semi = memchr(rec, ';', len);
	const char *text, *end;

	if (!semi)
		return -EINVAL;
	text = semi + 1;
	/* Continuation lines (" KEY=value") after the first are metadata. */
	end = memchr(text, '\n', rec + len - text);
	if (!end)
		end = rec + len;
	ktstr_buf_addn(out, text, end - text);
	ktstr_buf_addc(out, '\n');
	return 0;
}

int ktstr_kmsg_read(struct ktstr_buf *out)
{
	char rec[8192];	/* larger than any record (PRINTKRB_RECORD_MAX) */
	int fd, err = 0;

	fd = open("/dev/kmsg", O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0) {
		err = -errno;
		pr_err("open /dev/kmsg: %s", strerror(errno));
		return err;
	}
	for (;;) {
		ssize_t n = read(fd, rec, sizeof(rec));

		if (n < 0) {
			/* EPIPE: records were overwritten; keep reading. */
			if (errno == EINTR || errno == EPIPE)
				continue;
			if (errno != EAGAIN) {
				err = -errno;
				pr_err("read /dev/kmsg: %s",
					strerror(errno));
			}
			break;
		}
		if (n == 0)
			break;
		ktstr_kmsg_record_text(rec, n, out);
	}
	close(fd);
	return err;
}
