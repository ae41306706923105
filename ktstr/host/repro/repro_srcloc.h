/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Source locations of kernel probe events: "kernel/sched/ext.c:1991" for
 * an instruction address, from the DWARF of the test kernel's vmlinux
 * (libdw). The vmlinux is opened on the first lookup and kept for the
 * rest of the run: reading its line tables is the costly part, and every
 * failed test of a run boots the same kernel.
 */
#ifndef KTSTR_HOST_REPRO_SRCLOC_H
#define KTSTR_HOST_REPRO_SRCLOC_H

#include <stddef.h>
#include <stdint.h>

/*
 * Resolve @ip in @vmlinux to "file:line", the file relative to the kernel
 * tree. @func (may be NULL) is the function the guest says @ip is in:
 * when the symbol at @ip is another one (a KASLR-shifted guest, a vmlinux
 * that is not the booted kernel), @func's own address is used instead.
 * Returns 0, or a negative errno: -ENOENT no line for the address,
 * -ENODATA no DWARF, -EINVAL unreadable vmlinux (said once per run).
 */
int repro_srcloc_lookup(const char *vmlinux, uint64_t ip, const char *func,
			char *buf, size_t size);

/* Close the cached vmlinux (tests, and tidy exits). */
void repro_srcloc_release(void);

#endif /* KTSTR_HOST_REPRO_SRCLOC_H */
