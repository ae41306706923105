/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The QEMU command line for one test VM, built as a pure function of its
 * inputs so the topology mapping can be unit tested without booting.
 *
 * Topology "NnNlNcNt" maps onto x86 CPUID levels: a socket per NUMA node,
 * a die per LLC (QEMU gives each die its own L3 when the vendor is Intel),
 * cores per die and threads per core.
 */
#ifndef KTSTR_HOST_QEMU_ARGS_H
#define KTSTR_HOST_QEMU_ARGS_H

#include <stdbool.h>
#include <stddef.h>

#include "common/topology.h"

#define KTSTR_QEMU_BIN			"qemu-system-x86_64"
#define KTSTR_QEMU_DEFAULT_MEM_MB	512
#define KTSTR_QEMU_MIN_NODE_MEM_MB	128

/*
 * Kernel arguments: console on COM1, a panic or oops ends the VM at once
 * (-no-reboot turns the reboot into a QEMU exit), and the initramfs'
 * /init runs as PID 1. Init's own arguments are in the initramfs.
 */
#define KTSTR_KERNEL_CMDLINE \
	"console=ttyS0 panic=-1 oops=panic rdinit=/init"

struct ktstr_qemu_cfg {
	const char *qemu;		/* binary */
	const char *kernel;		/* -kernel: PVH vmlinux or bzImage */
	const char *initrd;
	struct ktstr_topo topo;
	bool kvm;			/* else TCG */
	unsigned int mem_mb;		/* 0: KTSTR_QEMU_DEFAULT_MEM_MB */
	const char *console_path;	/* COM1 to this file; NULL: stdio */
	bool interactive;		/* stdio console takes keyboard input */
	const char *channel_path;	/* COM2, the test channel */
	const char *cmdline_extra;	/* more kernel args, or NULL */
	const char *bios;		/* -bios; NULL: QEMU's own (SeaBIOS) */
	/*
	 * TCG: every vCPU on one host thread. Probes attached to code
	 * other vCPUs are running (auto-repro) need it: under multi-threaded
	 * TCG another vCPU can still run the int3 that text_poke_bp() put
	 * there after the patch is done, and the kernel oopses ("Oops:
	 * int3" in a BPF callback while its fentry attached, 6.12).
	 */
	bool tcg_single_thread;
};

struct ktstr_argv {
	char **v;			/* NULL terminated */
	size_t nr, cap;
};

/*
 * qboot where QEMU ships it, else NULL. It only loads the kernel (PVH or
 * bzImage) and passes QEMU's ACPI tables on, and under TCG reaches the
 * kernel ~100 ms sooner than SeaBIOS (make bench).
 */
const char *ktstr_qemu_fast_bios(void);

/* Memory for @topo: the request (or default), at least 128 MiB a node. */
unsigned int ktstr_qemu_mem_mb(const struct ktstr_topo *topo,
			       unsigned int request_mb);

/* Build argv for @cfg. Returns 0 or -ENOMEM; free with ktstr_argv_free(). */
int ktstr_qemu_argv(const struct ktstr_qemu_cfg *cfg, struct ktstr_argv *out);

void ktstr_argv_free(struct ktstr_argv *a);

/* argv joined with spaces (for logs); caller frees. */
char *ktstr_argv_join(const struct ktstr_argv *a);

#endif /* KTSTR_HOST_QEMU_ARGS_H */
