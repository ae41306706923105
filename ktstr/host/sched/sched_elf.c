// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/compiler.h"
#include "host/sched/sched_elf.h"

static const struct {
	unsigned int machine;
	unsigned char class;
	const char *name;
} machines[] = {
	{ EM_X86_64, ELFCLASS64, "x86-64" },
	{ EM_X86_64, ELFCLASS32, "x32" },
	{ EM_386, ELFCLASS32, "i386" },
	{ EM_AARCH64, ELFCLASS64, "aarch64" },
	{ EM_ARM, ELFCLASS32, "arm" },
	{ EM_RISCV, ELFCLASS64, "riscv64" },
	{ EM_RISCV, ELFCLASS32, "riscv32" },
	{ EM_PPC64, ELFCLASS64, "ppc64" },
	{ EM_PPC, ELFCLASS32, "ppc" },
	{ EM_S390, ELFCLASS64, "s390x" },
	{ EM_S390, ELFCLASS32, "s390" },
	{ EM_MIPS, ELFCLASS64, "mips64" },
	{ EM_MIPS, ELFCLASS32, "mips" },
	{ EM_LOONGARCH, ELFCLASS64, "loongarch64" },
	{ EM_SPARCV9, ELFCLASS64, "sparc64" },
};

static const char *machine_name(unsigned int machine, unsigned char class,
				unsigned char data, char *buf, size_t len)
{
	const char *order = "";
	size_t i;

	if (data != KTSTR_ELF_DATA)
		order = data == ELFDATA2MSB ? " big-endian" : " little-endian";
	for (i = 0; i < ARRAY_SIZE(machines); i++) {
		if (machines[i].machine == machine &&
		    machines[i].class == class) {
			snprintf(buf, len, "%s%s", machines[i].name, order);
			return buf;
		}
	}
	snprintf(buf, len, "machine %u (%s)%s", machine,
		 class == ELFCLASS64 ? "64-bit" : "32-bit", order);
	return buf;
}

const char *ktstr_elf_name(const struct ktstr_elf_dyn *e, char *buf,
			   size_t len)
{
	return machine_name(e->machine, e->class, e->data, buf, len);
}

const char *ktstr_elf_host_name(void)
{
	static char buf[64];

	return machine_name(KTSTR_ELF_MACHINE, KTSTR_ELF_CLASS, KTSTR_ELF_DATA,
			    buf, sizeof(buf));
}

bool ktstr_elf_is_host(const struct ktstr_elf_dyn *e)
{
	return e->machine == KTSTR_ELF_MACHINE && e->class == KTSTR_ELF_CLASS &&
	       e->data == KTSTR_ELF_DATA;
}

void ktstr_elf_dyn_free(struct ktstr_elf_dyn *e)
{
	size_t i;

	for (i = 0; i < e->nr_needed; i++)
		free(e->needed[i]);
	free(e->needed);
	free(e->interp);
	free(e->soname);
	free(e->rpath);
	free(e->runpath);
	memset(e, 0, sizeof(*e));
}

/* A copy of the NUL-terminated string at @off of @strtab, or NULL. */
static char *str_at(const Elf_Data *strtab, GElf_Xword off)
{
	const char *s = strtab->d_buf;

	if (off >= strtab->d_size || !memchr(s + off, '\0', strtab->d_size - off))
		return NULL;
	return strdup(s + off);
}

/* The file bytes a PT_LOAD segment maps at @vaddr, up to @size of them. */
static Elf_Data *chunk_at_vaddr(Elf *elf, size_t phnum, GElf_Addr vaddr,
				GElf_Xword size)
{
	GElf_Phdr ph;
	size_t i;

	for (i = 0; i < phnum; i++) {
		if (!gelf_getphdr(elf, i, &ph) || ph.p_type != PT_LOAD)
			continue;
		if (vaddr < ph.p_vaddr || vaddr - ph.p_vaddr >= ph.p_filesz)
			continue;
		if (size > ph.p_filesz - (vaddr - ph.p_vaddr))
			size = ph.p_filesz - (vaddr - ph.p_vaddr);
		return elf_getdata_rawchunk(elf, ph.p_offset + vaddr - ph.p_vaddr,
					    size, ELF_T_BYTE);
	}
	return NULL;
}

struct dyn_refs {
	GElf_Addr strtab;
	GElf_Xword strsz, soname, rpath, runpath;
	bool has_soname, has_rpath, has_runpath;
	GElf_Xword *needed;
	size_t nr_needed;
};

static int read_dynamic(Elf *elf, size_t phnum, const GElf_Phdr *dph,
			struct ktstr_elf_dyn *e)
{
	struct dyn_refs r = { 0 };
	Elf_Data *dyns, *strtab;
	size_t i, n, entsz;
	GElf_Dyn dyn;
	int err = -ENOEXEC;

	entsz = gelf_fsize(elf, ELF_T_DYN, 1, EV_CURRENT);
	dyns = elf_getdata_rawchunk(elf, dph->p_offset, dph->p_filesz,
				    ELF_T_DYN);
	if (!dyns || !entsz)
		return -ENOEXEC;
	n = dph->p_filesz / entsz;
	r.needed = calloc(n ? n : 1, sizeof(*r.needed));
	if (!r.needed)
		return -ENOMEM;
	for (i = 0; i < n && gelf_getdyn(dyns, i, &dyn); i++) {
		if (dyn.d_tag == DT_NULL)
			break;
		switch (dyn.d_tag) {
		case DT_NEEDED:
			r.needed[r.nr_needed++] = dyn.d_un.d_val;
			break;
		case DT_STRTAB:
			r.strtab = dyn.d_un.d_ptr;
			break;
		case DT_STRSZ:
			r.strsz = dyn.d_un.d_val;
			break;
		case DT_SONAME:
			r.soname = dyn.d_un.d_val;
			r.has_soname = true;
			break;
		case DT_RPATH:
			r.rpath = dyn.d_un.d_val;
			r.has_rpath = true;
			break;
		case DT_RUNPATH:
			r.runpath = dyn.d_un.d_val;
			r.has_runpath = true;
			break;
		case DT_FLAGS_1:
			e->nodeflib = dyn.d_un.d_val & DF_1_NODEFLIB;
			break;
		}
	}
	if (!r.nr_needed && !r.has_soname && !r.has_rpath && !r.has_runpath) {
		err = 0;
		goto out;
	}
	strtab = chunk_at_vaddr(elf, phnum, r.strtab, r.strsz);
	if (!strtab)
		goto out;
	e->needed = calloc(r.nr_needed ? r.nr_needed : 1, sizeof(*e->needed));
	if (!e->needed) {
		err = -ENOMEM;
		goto out;
	}
	for (i = 0; i < r.nr_needed; i++) {
		e->needed[i] = str_at(strtab, r.needed[i]);
		if (!e->needed[i])
			goto out;
		e->nr_needed++;
	}
	/* ld.so ignores DT_RPATH when DT_RUNPATH is present. */
	if (r.has_runpath)
		e->runpath = str_at(strtab, r.runpath);
	else if (r.has_rpath)
		e->rpath = str_at(strtab, r.rpath);
	if (r.has_soname)
		e->soname = str_at(strtab, r.soname);
	if ((r.has_runpath && !e->runpath) ||
	    (!r.has_runpath && r.has_rpath && !e->rpath) ||
	    (r.has_soname && !e->soname))
		goto out;
	err = 0;
out:
	free(r.needed);
	return err;
}

static int read_elf(int fd, const char *path, struct ktstr_elf_dyn *e,
		    char *why, size_t whylen)
{
	GElf_Phdr ph, dph;
	bool has_dyn = false;
	Elf_Data *d;
	GElf_Ehdr eh;
	size_t i, phnum;
	Elf *elf;
	int err = -ENOEXEC;

	elf = elf_begin(fd, ELF_C_READ_MMAP, NULL);
	if (!elf || !gelf_getehdr(elf, &eh) || elf_getphdrnum(elf, &phnum))
		goto bad;
	e->type = eh.e_type;
	for (i = 0; i < phnum; i++) {
		if (!gelf_getphdr(elf, i, &ph))
			goto bad;
		if (ph.p_type == PT_DYNAMIC) {
			dph = ph;
			has_dyn = true;
		} else if (ph.p_type == PT_INTERP && !e->interp) {
			d = elf_getdata_rawchunk(elf, ph.p_offset, ph.p_filesz,
						 ELF_T_BYTE);
			if (!d || !d->d_size ||
			    !memchr(d->d_buf, '\0', d->d_size))
				goto bad;
			e->interp = strdup(d->d_buf);
			if (!e->interp) {
				err = -ENOMEM;
				goto out;
			}
		}
	}
	err = has_dyn ? read_dynamic(elf, phnum, &dph, e) : 0;
	if (err == -ENOEXEC)
		goto bad;
	goto out;
bad:
	snprintf(why, whylen, "'%s' is a malformed ELF file: %s", path,
		 elf_errno() ? elf_errmsg(-1) : "bad dynamic section");
	err = -ENOEXEC;
out:
	elf_end(elf);
	return err;
}

int ktstr_elf_dyn_read(const char *path, struct ktstr_elf_dyn *e,
		       char *why, size_t whylen)
{
	unsigned char id[EI_NIDENT + 4];
	ssize_t n;
	int fd, err;

	memset(e, 0, sizeof(*e));
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		err = -errno;
		snprintf(why, whylen, "cannot open '%s': %s", path,
			 strerror(errno));
		return err;
	}
	n = pread(fd, id, sizeof(id), 0);
	if (n < 0) {
		err = -errno;
		snprintf(why, whylen, "cannot read '%s': %s", path,
			 strerror(errno));
		goto out;
	}
	err = -ENOEXEC;
	if (n >= 2 && id[0] == '#' && id[1] == '!') {
		snprintf(why, whylen, "'%s' is a script (#!), not an ELF binary",
			 path);
		goto out;
	}
	if (n < SELFMAG || memcmp(id, ELFMAG, SELFMAG)) {
		snprintf(why, whylen, "'%s' is not an ELF file", path);
		goto out;
	}
	/* e_machine is at the same offset in both classes. */
	if (n < (ssize_t)sizeof(id) ||
	    (id[EI_CLASS] != ELFCLASS32 && id[EI_CLASS] != ELFCLASS64) ||
	    (id[EI_DATA] != ELFDATA2LSB && id[EI_DATA] != ELFDATA2MSB)) {
		snprintf(why, whylen, "'%s' is a truncated ELF file", path);
		goto out;
	}
	e->class = id[EI_CLASS];
	e->data = id[EI_DATA];
	e->machine = e->data == ELFDATA2LSB ?
		     id[18] | id[19] << 8 : id[18] << 8 | id[19];
	/* Another machine's file: its header is all a caller needs. */
	if (!ktstr_elf_is_host(e)) {
		err = 0;
		goto out;
	}
	if (elf_version(EV_CURRENT) == EV_NONE) {
		snprintf(why, whylen, "libelf: %s", elf_errmsg(-1));
		err = -EINVAL;
		goto out;
	}
	err = read_elf(fd, path, e, why, whylen);
	if (err == -ENOMEM)
		snprintf(why, whylen, "reading '%s': %s", path, strerror(ENOMEM));
	if (err)
		ktstr_elf_dyn_free(e);
out:
	close(fd);
	return err;
}
