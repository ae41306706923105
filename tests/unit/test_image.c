// SPDX-License-Identifier: GPL-2.0
/*
 * Kernel image classification: PVH entry note detection on small ELF files
 * built here (notes before and after other notes, in and beyond the first
 * page), bzImage magic, and input that is neither. Links host/image.c only.
 */
#include <elf.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "host/vm/image.h"

struct note_spec {
	const char *name;	/* with its NUL, namesz = strlen + 1 */
	unsigned int type;
	unsigned int descsz;
};

static size_t align4(size_t x)
{
	return (x + 3) & ~(size_t)3;
}

/*
 * An ELF64 file: header, one PT_LOAD and one PT_NOTE program header, and
 * the notes at @note_off (past the headers). Returns its size; @buf must
 * hold note_off + 256.
 */
static size_t make_elf(unsigned char *buf, size_t note_off,
		       const struct note_spec *notes, int nr)
{
	Elf64_Ehdr *eh = (Elf64_Ehdr *)buf;
	Elf64_Phdr *ph = (Elf64_Phdr *)(buf + sizeof(*eh));
	size_t off = note_off;
	int i;

	memset(buf, 0, note_off + 256);
	memcpy(eh->e_ident, ELFMAG, SELFMAG);
	eh->e_ident[EI_CLASS] = ELFCLASS64;
	eh->e_ident[EI_DATA] = ELFDATA2LSB;
	eh->e_ident[EI_VERSION] = EV_CURRENT;
	eh->e_type = ET_EXEC;
	eh->e_machine = EM_X86_64;
	eh->e_phoff = sizeof(*eh);
	eh->e_phentsize = sizeof(*ph);
	eh->e_phnum = 2;
	ph[0].p_type = PT_LOAD;
	ph[1].p_type = PT_NOTE;
	ph[1].p_offset = note_off;

	for (i = 0; i < nr; i++) {
		Elf64_Nhdr nh = {
			.n_namesz = strlen(notes[i].name) + 1,
			.n_descsz = notes[i].descsz,
			.n_type = notes[i].type,
		};

		memcpy(buf + off, &nh, sizeof(nh));
		off += sizeof(nh);
		memcpy(buf + off, notes[i].name, nh.n_namesz);
		off += align4(nh.n_namesz);
		memset(buf + off, 0xab, nh.n_descsz);
		off += align4(nh.n_descsz);
	}
	ph[1].p_filesz = off - note_off;
	return off;
}

/* The enum as an int, for the harness' signed comparisons. */
static int kind_buf(const void *buf, size_t len)
{
	return ktstr_image_kind_buf(buf, len);
}

static const struct note_spec pvh_after_others[] = {
	{ "GNU", 3, 20 },		/* NT_GNU_BUILD_ID */
	{ "Linux", 0x100, 5 },		/* odd sizes exercise alignment */
	{ "Xen", 5, 7 },		/* XEN_ELFNOTE_XEN_VERSION */
	{ "Xen", KTSTR_XEN_ELFNOTE_PHYS32_ENTRY, 4 },
};

static const struct note_spec no_pvh[] = {
	{ "GNU", 3, 20 },
	{ "Xen", 5, 4 },
	{ "Xe", KTSTR_XEN_ELFNOTE_PHYS32_ENTRY, 4 },	/* wrong name */
};

TEST(pvh_note_found)
{
	unsigned char buf[640];
	size_t len = make_elf(buf, 256, pvh_after_others, 4);

	EXPECT_EQ(KTSTR_IMAGE_ELF_PVH, kind_buf(buf, len));
}

TEST(elf_without_pvh)
{
	unsigned char buf[640];
	size_t len = make_elf(buf, 256, no_pvh, 3);

	EXPECT_EQ(KTSTR_IMAGE_ELF, kind_buf(buf, len));
}

TEST(truncated_or_corrupt_notes)
{
	unsigned char buf[640];
	size_t len = make_elf(buf, 256, pvh_after_others, 4);
	Elf64_Nhdr nh;

	/* Cut inside the last note: not found, and no overrun. */
	EXPECT_EQ(KTSTR_IMAGE_ELF, kind_buf(buf, len - 6));
	/* A name size pointing far past the segment stops the walk. */
	memcpy(&nh, buf + 256, sizeof(nh));
	nh.n_namesz = 0x7fffffff;
	memcpy(buf + 256, &nh, sizeof(nh));
	EXPECT_EQ(KTSTR_IMAGE_ELF, kind_buf(buf, len));
}

TEST(bzimage_and_unknown)
{
	unsigned char buf[1024] = { 0 };

	memcpy(buf + 0x202, "HdrS", 4);
	EXPECT_EQ(KTSTR_IMAGE_BZIMAGE, kind_buf(buf, sizeof(buf)));
	memset(buf, 0, sizeof(buf));
	EXPECT_EQ(KTSTR_IMAGE_UNKNOWN, kind_buf(buf, sizeof(buf)));
	EXPECT_EQ(KTSTR_IMAGE_UNKNOWN, kind_buf("\177ELF", 4));
}

/* The file variant reads notes beyond its first page with pread. */
TEST(file_with_notes_past_first_page)
{
	char path[] = "/tmp/ktstr-test-image.XXXXXX";
	unsigned char *buf = calloc(1, 16384);
	size_t len;
	int fd;

	ASSERT_NE(NULL, buf);
	fd = mkstemp(path);
	ASSERT_LE(0, fd);

	len = make_elf(buf, 8192, pvh_after_others, 4);
	ASSERT_EQ((ssize_t)len, pwrite(fd, buf, len, 0));
	EXPECT_EQ(KTSTR_IMAGE_ELF_PVH, ktstr_image_kind_file(path));

	ASSERT_EQ(0, ftruncate(fd, 0));
	len = make_elf(buf, 8192, no_pvh, 3);
	ASSERT_EQ((ssize_t)len, pwrite(fd, buf, len, 0));
	EXPECT_EQ(KTSTR_IMAGE_ELF, ktstr_image_kind_file(path));

	close(fd);
	unlink(path);
	free(buf);
	EXPECT_GT(0, ktstr_image_kind_file(path));
}

TEST_HARNESS_MAIN
