// SPDX-License-Identifier: GPL-2.0
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "host/vm/image.h"

/* x86 boot protocol: "HdrS" at offset 0x202 of a bzImage. */
#define BZIMAGE_MAGIC_OFF	0x202
#define NOTE_ALIGN(x)		(((x) + 3) & ~(size_t)3)

/* Walk one PT_NOTE segment's notes looking for the PVH entry point. */
static int notes_have_pvh(const unsigned char *p, size_t len)
{
	size_t off = 0;

	while (off + sizeof(Elf64_Nhdr) <= len) {
		Elf64_Nhdr nh;
		size_t name_off, desc_off;

		memcpy(&nh, p + off, sizeof(nh));
		name_off = off + sizeof(nh);
		desc_off = name_off + NOTE_ALIGN(nh.n_namesz);
		if (nh.n_namesz > len || desc_off > len ||
		    nh.n_descsz > len - desc_off)
			return 0;	/* corrupt: stop, do not overrun */
		if (nh.n_type == KTSTR_XEN_ELFNOTE_PHYS32_ENTRY &&
		    nh.n_namesz == 4 && !memcmp(p + name_off, "Xen", 4))
			return 1;
		off = desc_off + NOTE_ALIGN(nh.n_descsz);
	}
	return 0;
}

static int is_elf64(const unsigned char *buf, size_t len)
{
	return len >= sizeof(Elf64_Ehdr) && !memcmp(buf, ELFMAG, SELFMAG) &&
	       buf[EI_CLASS] == ELFCLASS64 && buf[EI_DATA] == ELFDATA2LSB;
}

static int is_bzimage(const unsigned char *buf, size_t len)
{
	return len >= BZIMAGE_MAGIC_OFF + 4 &&
	       !memcmp(buf + BZIMAGE_MAGIC_OFF, "HdrS", 4);
}

enum ktstr_image_kind ktstr_image_kind_buf(const void *data, size_t len)
{
	const unsigned char *buf = data;
	Elf64_Ehdr eh;
	unsigned int i;

	if (is_bzimage(buf, len))
		return KTSTR_IMAGE_BZIMAGE;
	if (!is_elf64(buf, len))
		return KTSTR_IMAGE_UNKNOWN;
	memcpy(&eh, buf, sizeof(eh));
	if (eh.e_phentsize != sizeof(Elf64_Phdr))
		return KTSTR_IMAGE_ELF;
	for (i = 0; i < eh.e_phnum; i++) {
		size_t off = eh.e_phoff + (size_t)i * sizeof(Elf64_Phdr);
		Elf64_Phdr ph;

		if (eh.e_phoff > len || off + sizeof(ph) > len)
			break;
		memcpy(&ph, buf + off, sizeof(ph));
		if (ph.p_type != PT_NOTE || ph.p_offset > len ||
		    ph.p_filesz > len - ph.p_offset)
			continue;
		if (notes_have_pvh(buf + ph.p_offset, ph.p_filesz))
			return KTSTR_IMAGE_ELF_PVH;
	}
	return KTSTR_IMAGE_ELF;
}

static int pread_full(int fd, void *buf, size_t len, off_t off)
{
	ssize_t r = pread(fd, buf, len, off);

	if (r < 0)
		return -errno;
	return r == (ssize_t)len ? 0 : -EIO;
}

/*
 * A vmlinux is tens of megabytes (DWARF, BTF): read the ELF header, the
 * program headers and the note segments only, then reuse the pure parser
 * on each note segment.
 */
int ktstr_image_kind_file(const char *path)
{
	unsigned char head[4096];
	Elf64_Phdr *ph = NULL;
	enum ktstr_image_kind kind = KTSTR_IMAGE_UNKNOWN;
	Elf64_Ehdr eh;
	ssize_t n;
	int fd, err = 0;
	unsigned int i;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = pread(fd, head, sizeof(head), 0);
	if (n < 0) {
		err = -errno;
		goto out;
	}
	kind = ktstr_image_kind_buf(head, n);
	if (kind != KTSTR_IMAGE_ELF)
		goto out;	/* bzImage, unknown, or PVH found already */

	memcpy(&eh, head, sizeof(eh));
	if (eh.e_phentsize != sizeof(Elf64_Phdr) || !eh.e_phnum)
		goto out;
	ph = calloc(eh.e_phnum, sizeof(*ph));
	if (!ph) {
		err = -ENOMEM;
		goto out;
	}
	if (pread_full(fd, ph, eh.e_phnum * sizeof(*ph), eh.e_phoff))
		goto out;	/* truncated: an ELF we cannot boot */
	for (i = 0; i < eh.e_phnum && kind == KTSTR_IMAGE_ELF; i++) {
		unsigned char *notes;

		/* Kernel note segments are a few hundred bytes. */
		if (ph[i].p_type != PT_NOTE || !ph[i].p_filesz ||
		    ph[i].p_filesz > 1 << 20)
			continue;
		notes = malloc(ph[i].p_filesz);
		if (!notes) {
			err = -ENOMEM;
			goto out;
		}
		if (!pread_full(fd, notes, ph[i].p_filesz, ph[i].p_offset) &&
		    notes_have_pvh(notes, ph[i].p_filesz))
			kind = KTSTR_IMAGE_ELF_PVH;
		free(notes);
	}
out:
	free(ph);
	close(fd);
	return err ? err : (int)kind;
}

/* x86 boot protocol: the version string's offset - 0x200, at 0x20e. */
#define BZIMAGE_VERSION_OFF	0x20e

int ktstr_image_release(const char *path, char *buf, size_t len)
{
	unsigned char hdr[0x210], ver[128];
	unsigned int off;
	size_t n;
	int fd, err;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	err = pread_full(fd, hdr, sizeof(hdr), 0);
	if (!err && !is_bzimage(hdr, sizeof(hdr)))
		err = -ENOENT;
	if (!err) {
		off = (hdr[BZIMAGE_VERSION_OFF] |
		       hdr[BZIMAGE_VERSION_OFF + 1] << 8) + 0x200;
		err = off == 0x200 ? -ENOENT :
		      pread_full(fd, ver, sizeof(ver) - 1, off);
	}
	close(fd);
	if (err)
		return err;
	ver[sizeof(ver) - 1] = '\0';
	n = strcspn((char *)ver, " ");
	if (!n || n >= len)
		return -ENOENT;
	memcpy(buf, ver, n);
	buf[n] = '\0';
	return 0;
}
