/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What kind of kernel image a file is. QEMU boots an uncompressed ELF
 * vmlinux directly only through its PVH entry point (XEN_ELFNOTE_PHYS32_ENTRY
 * in a "Xen" ELF note, CONFIG_PVH=y), which under TCG reaches /init about a
 * second sooner than a bzImage that has to decompress itself.
 */
#ifndef KTSTR_HOST_IMAGE_H
#define KTSTR_HOST_IMAGE_H

#include <stddef.h>

#define KTSTR_XEN_ELFNOTE_PHYS32_ENTRY	18

enum ktstr_image_kind {
	KTSTR_IMAGE_UNKNOWN = 0,
	KTSTR_IMAGE_ELF,		/* ELF, no PVH entry: cannot boot */
	KTSTR_IMAGE_ELF_PVH,		/* ELF with a PVH entry note */
	KTSTR_IMAGE_BZIMAGE,		/* x86 boot protocol ("HdrS") */
};

/*
 * Classify the image in @buf (its first bytes, as much as the caller has).
 * Pure: reads nothing else. A truncated ELF is KTSTR_IMAGE_ELF.
 */
enum ktstr_image_kind ktstr_image_kind_buf(const void *buf, size_t len);

/*
 * Classify the file at @path, reading only its headers and note segments.
 * Returns the kind or a negative errno (unreadable file).
 */
int ktstr_image_kind_file(const char *path);

/*
 * The release a bzImage says it is ("6.12.117"): the first word of the
 * version string its boot header points to. -ENOENT if it has none.
 */
int ktstr_image_release(const char *path, char *buf, size_t len);

#endif /* KTSTR_HOST_IMAGE_H */
