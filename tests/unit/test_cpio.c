// SPDX-License-Identifier: GPL-2.0
/*
 * The newc cpio writer: header fields, 4-byte padding of names and data,
 * the trailer and 512-byte rounding, and that an unreadable input leaves
 * no half record. Links host/cpio.c only.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "kselftest_harness.h"
#include "host/vm/cpio.h"

struct entry {
	char name[64];
	unsigned long mode, filesize, rmaj, rmin;
	const char *data;
};

static unsigned long field(const char *hdr, int idx)
{
	char buf[9];

	memcpy(buf, hdr + 6 + idx * 8, 8);
	buf[8] = '\0';
	return strtoul(buf, NULL, 16);
}

/* Read the entry at *off and advance past it; false at the end. */
static bool next(const char *buf, size_t len, size_t *off, struct entry *e)
{
	const char *h = buf + *off;
	unsigned long namesize;

	if (*off + 110 > len || memcmp(h, "070701", 6))
		return false;
	e->mode = field(h, 1);
	e->filesize = field(h, 6);
	e->rmaj = field(h, 9);
	e->rmin = field(h, 10);
	namesize = field(h, 11);
	snprintf(e->name, sizeof(e->name), "%s", h + 110);
	*off += (110 + namesize + 3) & ~3UL;
	e->data = buf + *off;
	*off += (e->filesize + 3) & ~3UL;
	return *off <= len;
}

TEST(archive_layout)
{
	struct ktstr_cpio c;
	struct entry e;
	size_t len, off = 0;
	char *buf;
	FILE *f = open_memstream(&buf, &len);

	ASSERT_NE(NULL, f);
	ktstr_cpio_init(&c, f);
	ktstr_cpio_dir(&c, "bin", 0755);
	ktstr_cpio_file(&c, "bin/hello", 0755, "hello", 5);
	ktstr_cpio_symlink(&c, "bin/sh", "busybox");
	ktstr_cpio_chardev(&c, "dev/console", 0600, 5, 1);
	ASSERT_EQ(0, ktstr_cpio_finish(&c));
	fclose(f);

	EXPECT_EQ(0U, len % 512);
	ASSERT_TRUE(next(buf, len, &off, &e));
	EXPECT_STREQ("bin", e.name);
	EXPECT_EQ((unsigned long)(S_IFDIR | 0755), e.mode);
	ASSERT_TRUE(next(buf, len, &off, &e));
	EXPECT_STREQ("bin/hello", e.name);
	EXPECT_EQ((unsigned long)(S_IFREG | 0755), e.mode);
	EXPECT_EQ(5UL, e.filesize);
	EXPECT_EQ(0, memcmp(e.data, "hello", 5));
	ASSERT_TRUE(next(buf, len, &off, &e));
	EXPECT_STREQ("bin/sh", e.name);
	EXPECT_EQ((unsigned long)(S_IFLNK | 0777), e.mode);
	EXPECT_EQ(0, memcmp(e.data, "busybox", 7));
	ASSERT_TRUE(next(buf, len, &off, &e));
	EXPECT_STREQ("dev/console", e.name);
	EXPECT_EQ((unsigned long)(S_IFCHR | 0600), e.mode);
	EXPECT_EQ(5UL, e.rmaj);
	EXPECT_EQ(1UL, e.rmin);
	ASSERT_TRUE(next(buf, len, &off, &e));
	EXPECT_STREQ("TRAILER!!!", e.name);
	free(buf);
}

TEST(unreadable_input_leaves_no_record)
{
	struct ktstr_cpio c;
	size_t len;
	char *buf;
	FILE *f = open_memstream(&buf, &len);

	ASSERT_NE(NULL, f);
	ktstr_cpio_init(&c, f);
	EXPECT_GT(0, ktstr_cpio_copy(&c, "init", 0755, "/nonexistent/init"));
	EXPECT_GT(0, ktstr_cpio_copy(&c, "init", 0755, "/"));
	fflush(f);
	EXPECT_EQ(0U, len);
	EXPECT_EQ(0, c.err);
	fclose(f);
	free(buf);
}

TEST_HARNESS_MAIN
