/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The DSQ insert and move kfuncs of scx_ktstr, on every kernel it runs on.
 *
 * v6.13 renamed scx_bpf_dispatch[_vtime]() and scx_bpf_consume() to
 * scx_bpf_dsq_insert[_vtime]() and scx_bpf_dsq_move_to_local(). v6.19
 * added scx_bpf_dsq_insert___v2() (returns bool) and
 * __scx_bpf_dsq_insert_vtime() (arguments packed in a struct), v7.1
 * scx_bpf_dsq_move_to_local___v2() (adds @enq_flags); the older kfuncs stay
 * for a while for old binaries. Each tree's scx headers only know the names
 * of their own time: 6.12's common.bpf.h declares the old ones strongly, so
 * calling them fails to load on a newer kernel, and 7.3's compat.bpf.h
 * wraps the new ones under names 6.12's headers do not have.
 *
 * So declare every variant here, weak, and pick the newest one the running
 * kernel has with bpf_ksym_exists(), as the scx project's compat.bpf.h
 * does. libbpf resolves a weak kfunc the kernel lacks to 0 and the verifier
 * drops the branches that call it, so one object loads on all of them.
 *
 * libbpf ignores the last "___" suffix of a kfunc's name when it looks it
 * up in the kernel's BTF: scx_bpf_dsq_insert___v2___ktstr binds to the
 * kernel's scx_bpf_dsq_insert___v2. The ___ktstr suffix keeps these
 * declarations apart from both trees' headers, which declare or define
 * (7.3: as inline wrappers and macros) the plain names with other types.
 * libbpf checks each prototype against the kernel's BTF, so they match the
 * kernel's (without the hidden bpf_prog_aux of KF_IMPLICIT_ARGS kfuncs).
 */
#ifndef __SCX_KTSTR_COMPAT_BPF_H
#define __SCX_KTSTR_COMPAT_BPF_H

/* v6.19+ */
bool scx_bpf_dsq_insert___v2___ktstr(struct task_struct *p, u64 dsq_id,
				     u64 slice, u64 enq_flags) __ksym __weak;
/* v6.13+ */
void scx_bpf_dsq_insert___ktstr(struct task_struct *p, u64 dsq_id, u64 slice,
				u64 enq_flags) __ksym __weak;
/* up to v6.12 */
void scx_bpf_dispatch___ktstr(struct task_struct *p, u64 dsq_id, u64 slice,
			      u64 enq_flags) __ksym __weak;

/*
 * The kernel's struct scx_bpf_dsq_insert_vtime_args, which a 6.12
 * vmlinux.h does not have. The verifier checks that all of the kernel's
 * struct is initialized memory, so a layout change fails the load instead
 * of passing garbage.
 */
struct ktstr_dsq_insert_vtime_args {
	u64	dsq_id;
	u64	slice;
	u64	vtime;
	u64	enq_flags;
};

/* v6.19+ */
bool __scx_bpf_dsq_insert_vtime___ktstr(struct task_struct *p,
					struct ktstr_dsq_insert_vtime_args *args)
	__ksym __weak;
/* v6.13+ */
void scx_bpf_dsq_insert_vtime___ktstr(struct task_struct *p, u64 dsq_id,
				      u64 slice, u64 vtime,
				      u64 enq_flags) __ksym __weak;
/* up to v6.12 */
void scx_bpf_dispatch_vtime___ktstr(struct task_struct *p, u64 dsq_id,
				    u64 slice, u64 vtime,
				    u64 enq_flags) __ksym __weak;

/* v7.1+ */
bool scx_bpf_dsq_move_to_local___v2___ktstr(u64 dsq_id,
					    u64 enq_flags) __ksym __weak;
/* v6.13+ */
bool scx_bpf_dsq_move_to_local___ktstr(u64 dsq_id) __ksym __weak;
/* up to v6.12 */
bool scx_bpf_consume___ktstr(u64 dsq_id) __ksym __weak;

/*
 * Each bpf_ksym_exists() gets a branch of its own: clang may fold tests
 * combined with || into an OR of the kfunc addresses, which the verifier
 * rejects. On a root scheduler a failed insert aborts the scheduler, so
 * the bool of the newer kfuncs need not be checked.
 */
static __always_inline void ktstr_dsq_insert(struct task_struct *p,
					     u64 dsq_id, u64 slice,
					     u64 enq_flags)
{
	if (bpf_ksym_exists(scx_bpf_dsq_insert___v2___ktstr))
		scx_bpf_dsq_insert___v2___ktstr(p, dsq_id, slice, enq_flags);
	else if (bpf_ksym_exists(scx_bpf_dsq_insert___ktstr))
		scx_bpf_dsq_insert___ktstr(p, dsq_id, slice, enq_flags);
	else
		scx_bpf_dispatch___ktstr(p, dsq_id, slice, enq_flags);
}

static __always_inline void ktstr_dsq_insert_vtime(struct task_struct *p,
						   u64 dsq_id, u64 slice,
						   u64 vtime, u64 enq_flags)
{
	struct ktstr_dsq_insert_vtime_args args = {
		.dsq_id		= dsq_id,
		.slice		= slice,
		.vtime		= vtime,
		.enq_flags	= enq_flags,
	};

	if (bpf_ksym_exists(__scx_bpf_dsq_insert_vtime___ktstr))
		__scx_bpf_dsq_insert_vtime___ktstr(p, &args);
	else if (bpf_ksym_exists(scx_bpf_dsq_insert_vtime___ktstr))
		scx_bpf_dsq_insert_vtime___ktstr(p, dsq_id, slice, vtime,
						 enq_flags);
	else
		scx_bpf_dispatch_vtime___ktstr(p, dsq_id, slice, vtime,
					       enq_flags);
}

/* Returns whether a task was moved to the local DSQ. */
static __always_inline bool ktstr_dsq_move_to_local(u64 dsq_id)
{
	if (bpf_ksym_exists(scx_bpf_dsq_move_to_local___v2___ktstr))
		return scx_bpf_dsq_move_to_local___v2___ktstr(dsq_id, 0);
	if (bpf_ksym_exists(scx_bpf_dsq_move_to_local___ktstr))
		return scx_bpf_dsq_move_to_local___ktstr(dsq_id);
	return scx_bpf_consume___ktstr(dsq_id);
}

#endif /* __SCX_KTSTR_COMPAT_BPF_H */
