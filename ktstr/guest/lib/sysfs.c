// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "guest/lib/sysfs.h"

int ktstr_read_text(const char *path, char *buf, size_t len)
{
	ssize_t n;
	int fd, err;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = read(fd, buf, len - 1);
	err = errno;
	close(fd);
	if (n < 0)
		return -err;
	while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == ' '))
		n--;
	buf[n] = '\0';
	return n;
}

int ktstr_read_file_buf(const char *path, struct ktstr_buf *b)
{
	char chunk[4096];
	ssize_t n;
	int fd, err = 0;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	for (;;) {
		n = read(fd, chunk, sizeof(chunk));
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			err = -errno;
		if (n <= 0)
			break;
		ktstr_buf_addn(b, chunk, n);
	}
	close(fd);
	return err;
}

int ktstr_write_text(const char *path, const char *text)
{
	size_t len = strlen(text);
	ssize_t n;
	int fd, err = 0;

	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = write(fd, text, len);
	if (n < 0)
		err = -errno;
	else if ((size_t)n != len)
		err = -EIO;
	close(fd);
	return err;
}

int ktstr_cpulist_parse(const char *s, uint64_t *mask)
{
	const char *p = s;

	*mask = 0;
	while (*p == ' ')
		p++;
	while (*p && *p != '\n') {
		unsigned long lo, hi;
		char *end;

		if (*p < '0' || *p > '9')
			return -EINVAL;
		lo = strtoul(p, &end, 10);
		hi = lo;
		if (*end == '-') {
			p = end + 1;
			if (*p < '0' || *p > '9')
				return -EINVAL;
			hi = strtoul(p, &end, 10);
		}
		if (hi < lo || hi >= 64)
			return -EINVAL;
		for (; lo <= hi; lo++)
			*mask |= 1ULL << lo;
		p = end;
		if (*p == ',')
			p++;
		else if (*p && *p != '\n')
			return -EINVAL;
	}
	return 0;
}

void ktstr_cpulist_format(uint64_t mask, char *buf, size_t len)
{
	size_t off = 0;
	int cpu = 0;

	buf[0] = '\0';
	while (cpu < 64) {
		int start;

		if (!(mask & (1ULL << cpu))) {
			cpu++;
			continue;
		}
		start = cpu;
		while (cpu + 1 < 64 && (mask & (1ULL << (cpu + 1))))
			cpu++;
		if (start == cpu)
			off += snprintf(buf + off, off < len ? len - off : 0,
					"%s%d", off ? "," : "", start);
		else
			off += snprintf(buf + off, off < len ? len - off : 0,
					"%s%d-%d", off ? "," : "", start, cpu);
		cpu++;
	}
}
