// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "host/vm/cpio.h"

void ktstr_cpio_init(struct ktstr_cpio *c, FILE *f)
{
	c->f = f;
	c->ino = 1;
	c->err = 0;
}

static int put(struct ktstr_cpio *c, const void *buf, size_t len)
{
	if (!c->err && len && fwrite(buf, 1, len, c->f) != len)
		c->err = errno ? -errno : -EIO;
	return c->err;
}

/* newc pads the header+name and the data each to 4 bytes. */
static int pad4(struct ktstr_cpio *c)
{
	static const char zeros[4];
	long pos = ftell(c->f);

	if (pos < 0) {
		if (!c->err)
			c->err = -errno;
		return c->err;
	}
	return put(c, zeros, (4 - (pos & 3)) & 3);
}

static int header(struct ktstr_cpio *c, const char *name, mode_t mode,
		  size_t filesize, unsigned int rmaj, unsigned int rmin)
{
	char hdr[128];
	size_t namesize = strlen(name) + 1;

	/* Every newc field is 8 hex digits: 4 GiB per file at most. */
	if (filesize > 0xffffffffUL && !c->err)
		c->err = -EFBIG;
	snprintf(hdr, sizeof(hdr),
		 "070701%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X",
		 (unsigned int)c->ino++, (unsigned int)mode, 0, 0, 1, 0,
		 (unsigned int)filesize, 0, 0, rmaj, rmin,
		 (unsigned int)namesize, 0);
	put(c, hdr, 110);
	put(c, name, namesize);
	return pad4(c);
}

int ktstr_cpio_dir(struct ktstr_cpio *c, const char *name, mode_t perm)
{
	return header(c, name, S_IFDIR | perm, 0, 0, 0);
}

int ktstr_cpio_file(struct ktstr_cpio *c, const char *name, mode_t perm,
		    const void *data, size_t len)
{
	header(c, name, S_IFREG | perm, len, 0, 0);
	put(c, data, len);
	return pad4(c);
}

int ktstr_cpio_copy(struct ktstr_cpio *c, const char *name, mode_t perm,
		    const char *src)
{
	char buf[65536];
	struct stat st;
	size_t done = 0;
	ssize_t r;
	int fd;

	if (c->err)
		return c->err;
	/* Open first: an unreadable input must not leave a half record. */
	fd = open(src, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (fstat(fd, &st)) {
		r = -errno;
		close(fd);
		return r;
	}
	if (!S_ISREG(st.st_mode)) {
		close(fd);
		return S_ISDIR(st.st_mode) ? -EISDIR : -EINVAL;
	}
	header(c, name, S_IFREG | perm, st.st_size, 0, 0);
	while (!c->err && done < (size_t)st.st_size) {
		r = read(fd, buf, sizeof(buf));
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0) {
			/* The header promised st_size bytes: fail the archive. */
			c->err = r < 0 ? -errno : -EIO;
			break;
		}
		put(c, buf, r);
		done += r;
	}
	close(fd);
	return pad4(c);
}

int ktstr_cpio_symlink(struct ktstr_cpio *c, const char *name,
		       const char *target)
{
	size_t len = strlen(target);

	header(c, name, S_IFLNK | 0777, len, 0, 0);
	put(c, target, len);
	return pad4(c);
}

int ktstr_cpio_chardev(struct ktstr_cpio *c, const char *name, mode_t perm,
		       unsigned int major, unsigned int minor)
{
	return header(c, name, S_IFCHR | perm, 0, major, minor);
}

int ktstr_cpio_finish(struct ktstr_cpio *c)
{
	static const char zeros[512];
	long pos;

	header(c, "TRAILER!!!", 0, 0, 0, 0);
	/* Round the archive up to a block, as cpio(1) does. */
	pos = ftell(c->f);
	if (pos >= 0)
		put(c, zeros, (512 - (pos & 511)) & 511);
	if (!c->err && fflush(c->f))
		c->err = -errno;
	return c->err;
}
