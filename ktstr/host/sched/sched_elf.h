/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the dynamic loader reads from an ELF file before it maps it: the
 * header (class, byte order, machine, type), PT_INTERP, and the PT_DYNAMIC
 * entries that name and find its libraries (DT_NEEDED, DT_SONAME, DT_RPATH,
 * DT_RUNPATH, DF_1_NODEFLIB). Read through the program headers and
 * DT_STRTAB, as ld.so does, so a file without section headers reads the
 * same. Uses libelf; returns 0 or a negative errno with one line in @why.
 */
#ifndef KTSTR_HOST_SCHED_ELF_H
#define KTSTR_HOST_SCHED_ELF_H

#include <stdbool.h>
#include <stddef.h>

#include <elf.h>

/* The ELF kind this launcher's guests run: the host's own. */
#if defined(__x86_64__) && !defined(__ILP32__)
#define KTSTR_ELF_MACHINE	EM_X86_64
#define KTSTR_ELF_CLASS		ELFCLASS64
#elif defined(__aarch64__)
#define KTSTR_ELF_MACHINE	EM_AARCH64
#define KTSTR_ELF_CLASS		ELFCLASS64
#else
#error "ktstr: no ELF machine known for this host"
#endif
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define KTSTR_ELF_DATA		ELFDATA2LSB
#else
#define KTSTR_ELF_DATA		ELFDATA2MSB
#endif

struct ktstr_elf_dyn {
	unsigned char class;	/* ELFCLASS32 or ELFCLASS64 */
	unsigned char data;	/* ELFDATA2LSB or ELFDATA2MSB */
	unsigned int machine;	/* EM_* */
	unsigned int type;	/* ET_* */
	char *interp;		/* PT_INTERP, or NULL */
	char **needed;		/* DT_NEEDED, in file order */
	size_t nr_needed;
	char *soname;		/* DT_SONAME, or NULL */
	char *rpath;		/* DT_RPATH; NULL if absent or DT_RUNPATH is set */
	char *runpath;		/* DT_RUNPATH, or NULL */
	bool nodeflib;		/* DF_1_NODEFLIB: no default directories */
};

/*
 * Read @path. -ENOEXEC when it is not an ELF file or is malformed (@why:
 * "'%s' is not an ELF file", "'%s' is a script (#!), not an ELF binary",
 * "'%s' is a truncated ELF file", "'%s' is a malformed ELF file: ...");
 * another -errno when it cannot be opened or read. A file of another
 * machine, class or byte order (!ktstr_elf_is_host()) is read no further
 * than its header: only class, data and machine are set. Free with
 * ktstr_elf_dyn_free(), also after an error.
 */
int ktstr_elf_dyn_read(const char *path, struct ktstr_elf_dyn *e,
		       char *why, size_t whylen);
void ktstr_elf_dyn_free(struct ktstr_elf_dyn *e);

/* Whether @e is of the host's machine, class and byte order. */
bool ktstr_elf_is_host(const struct ktstr_elf_dyn *e);

/*
 * The machine @e is built for, in words: "x86-64", "i386", "x32",
 * "aarch64", ...; "machine 1234 (64-bit)" for one not in the table, and
 * " big-endian"/" little-endian" added when the byte order is not the
 * host's. The host's own is ktstr_elf_host_name().
 */
const char *ktstr_elf_name(const struct ktstr_elf_dyn *e, char *buf,
			   size_t len);
const char *ktstr_elf_host_name(void);

#endif /* KTSTR_HOST_SCHED_ELF_H */
