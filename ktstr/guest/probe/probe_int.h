/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Internals of the auto-repro probe loader (guest/probe*.c), shared
 * between its files. probe.h is the API; probe_data.h the pure part.
 */
#ifndef KTSTR_PROBE_INT_H
#define KTSTR_PROBE_INT_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>

#include "guest/probe/probe.h"
#include "guest/probe/probe_data.h"
#include "guest/probe/probe_maps.h"

struct bpf_program;
struct btf;
struct ring_buffer;

/* --- probe_syms.c: kallsyms and the ftrace filter list --------------- */

struct ktstr_ksym {
	unsigned long long addr;
	char *name;
};

struct ktstr_syms {
	struct ktstr_ksym *ksyms;	/* text symbols, by address */
	size_t nksyms;
	struct ktstr_ksym **by_name;	/* the same, by name then address */
	char **ftrace;			/* available_filter_functions, sorted */
	size_t nftrace;
};

int ktstr_syms_load(struct ktstr_syms *s);
/* Reread kallsyms: BPF programs and trampolines come and go. */
int ktstr_syms_refresh(struct ktstr_syms *s);
void ktstr_syms_free(struct ktstr_syms *s);
/*
 * The symbol to probe for function @name: @name itself or a compiler
 * clone of it ("balance_one.constprop.0"), copied to @sym. -ENOENT if
 * neither is traceable on this kernel.
 */
int ktstr_syms_traceable(const struct ktstr_syms *s, const char *name,
			 char *sym, size_t len);
/* Address of text symbol @name, 0 if unknown. */
unsigned long long ktstr_syms_addr(const struct ktstr_syms *s,
				   const char *name);
/* The symbol containing @addr, or NULL. */
const struct ktstr_ksym *ktstr_syms_lookup(const struct ktstr_syms *s,
					   unsigned long long addr);

/* --- probe_btf.c: signatures from BTF -------------------------------- */

/*
 * btf__find_by_name_kind() in a binary search (probe_btfidx.c), for the
 * vmlinux BTF: indexed once, so @btf must live as long as the process
 * looks things up in it.
 */
int ktstr_btf_find(const struct btf *btf, const char *name, __u32 kind);

/* Args of kernel function @func (vmlinux BTF) into @t. -ENOENT if none. */
int ktstr_btf_func_args(const struct btf *btf, const char *func,
			struct ktstr_probe_target *t);
/*
 * The sched_ext_ops member that BPF callback @cb implements, by the
 * "<prefix>_<member>" naming every scheduler uses (a struct_ops program's
 * member index is not exported to userspace), into @member; its args
 * into @t. -ENOENT if no member matches.
 */
int ktstr_btf_ops_member(const struct btf *btf, const char *cb,
			 char *member, size_t len,
			 struct ktstr_probe_target *t);
/* Index of the enum scx_exit_kind argument of @func, or -ENOENT. */
int ktstr_btf_exit_kind_arg(const struct btf *btf, const char *func);
/* Same for tracepoint @tp (btf_trace_<tp>); -ENOENT without one. */
int ktstr_btf_tp_exit_kind_arg(const struct btf *btf, const char *tp);

/* --- probe_corebtf.c: what CO-RE needs of vmlinux BTF --------------- */

#define KTSTR_PROBE_CORE_BTF	"/tmp/ktstr-probe-core.btf"

/* Write the fields the trace programs read, at this kernel's offsets. */
int ktstr_core_btf_write(const struct btf *vmlinux, const char *path);

/* --- probe_discover.c: the scheduler's BPF programs ------------------ */

struct ktstr_bpf_prog {
	unsigned int id;
	/*
	 * Held from discovery on: a scheduler that dies under TCG before
	 * its probes are loaded still has its programs (and, through them,
	 * its maps) to attach to and read. 0: none.
	 */
	int fd;
	char name[KTSTR_PROBE_NAME_LEN];	/* full, from BTF func_info */
	unsigned long long addr;		/* JITed main function */
	unsigned int len;			/* JITed size, all functions */
	unsigned long long *jited_lines;	/* jited_line_info */
	unsigned int *line_file_off;		/* line_info, in step */
	unsigned int *line_nr;
	unsigned int nlines;
	unsigned long long *func_addr;		/* jited_ksyms */
	unsigned int *func_len;			/* jited_func_lens */
	unsigned int nfuncs;
	unsigned int btf_id;
	struct btf *btf;
	bool owns_btf;				/* else shared with another */
};

struct ktstr_bpf_progs {
	struct ktstr_bpf_prog *v;
	unsigned int n;
};

/* A new fd of @p's program (the held one's copy), or -errno. */
int ktstr_bpf_prog_fd(const struct ktstr_bpf_prog *p);

/*
 * Every loaded struct_ops program implementing a member of the struct
 * with vmlinux BTF id @ops_type_id (sched_ext_ops), with its line_info.
 */
int ktstr_discover_struct_ops(unsigned int ops_type_id,
			      struct ktstr_bpf_progs *progs);
void ktstr_bpf_progs_free(struct ktstr_bpf_progs *progs);
/* The program whose JITed code contains @addr, or NULL. */
const struct ktstr_bpf_prog *ktstr_bpf_progs_lookup(
	const struct ktstr_bpf_progs *progs, unsigned long long addr);
/* "scx_qmap.bpf.c:230" for @addr inside @prog; -ENOENT if no line. */
int ktstr_bpf_prog_src(const struct ktstr_bpf_prog *prog,
		       unsigned long long addr, char *buf, size_t len);
/*
 * Kernel functions that call sched_ext_ops member @member, the ones of
 * all kernels ktstr knows (6.12 and later names); the caller keeps those
 * this kernel has. NULL-terminated.
 */
const char *const *ktstr_ops_callers(const char *member);

/* --- probe_skel.c: instances of ktstr_probe.bpf.c -------------------- */

struct ktstr_probe_skel;

struct ktstr_probe_bss {
	unsigned long long probe_fires;
	unsigned long long trigger_fires;
	unsigned long long ringbuf_drops;
	long long last_exit_kind;
	long long trigger_kind;
	unsigned int trigger_pid;
	unsigned int trigger_cpu;
	unsigned long long trigger_ts;
	unsigned long long trigger_stack[KTSTR_PROBE_STACK_DEPTH];
	char trigger_comm[KTSTR_PROBE_COMM_LEN];
	struct ktstr_probe_task trigger_task;
};

/*
 * Open and load the main instance: the generic kprobe and the trigger,
 * a tracepoint (@tp_trigger) or a kprobe; @kind_arg is where the exit
 * kind is in its arguments.
 */
int ktstr_skel_main_load(struct ktstr_probe_skel **out, bool tp_trigger,
			 unsigned int kind_arg);
/* Attach the trigger loaded for @kind_arg: on kprobe @sym, or the tp. */
int ktstr_skel_attach_trigger(struct ktstr_probe_skel *s, const char *sym,
			      unsigned int kind_arg, struct bpf_link **link);
/* Attach the generic kprobe to @t->sym; @idx is @t's table index. */
int ktstr_skel_attach_kprobe(struct ktstr_probe_skel *s,
			     struct ktstr_probe_target *t, unsigned int idx);
/*
 * The same for @n targets at once, with one kprobe.multi @link (one
 * ftrace update for all). On failure nothing is attached.
 */
int ktstr_skel_attach_kprobes(struct ktstr_probe_skel *s,
			      struct ktstr_probe_target **t,
			      const unsigned int *idx, unsigned int n,
			      struct bpf_link **link);
struct ktstr_trace_req {
	struct ktstr_probe_target *t;	/* kind fentry or fexit */
	unsigned int idx;		/* @t's index in the target table */
	int prog_fd;			/* BPF program traced; 0: kernel */
	struct bpf_program *prog;	/* filled in: the slot it got */
};

/*
 * Load one trace instance with a program for each of @reqs (at most
 * KTSTR_PROBE_TRACE_SLOTS fentry and as many fexit) and attach them,
 * relocating against BTF file @core_btf (NULL: vmlinux). A target that
 * fails alone gets its err set; a failed load of the whole instance
 * returns a negative errno and attaches nothing. *@inst is the instance
 * to destroy after the links, NULL if nothing was loaded.
 */
int ktstr_skel_attach_traces(struct ktstr_probe_skel *s,
			     struct ktstr_trace_req *reqs, unsigned int n,
			     const char *core_btf,
			     struct ktstr_probe_skel **inst);
int ktstr_skel_events_fd(const struct ktstr_probe_skel *s);
int ktstr_skel_stacks_fd(const struct ktstr_probe_skel *s);
void ktstr_skel_read_bss(const struct ktstr_probe_skel *s,
			 struct ktstr_probe_bss *bss);
/* Destroy an instance; its links must be gone first. */
void ktstr_skel_destroy(struct ktstr_probe_skel *s);

/* --- probe_collect.c: draining the ring buffer ----------------------- */

/*
 * Each target keeps its own last @budget events: a callback that fires
 * a hundred times a second (tick, enqueue) cannot push the rare ones
 * (init_task, a cgroup move) that set up the bad state out of the chain.
 */
struct ktstr_coll_target {
	struct ktstr_probe_event *ring;	/* @budget slots, when it fired */
	unsigned long long seen;	/* events this target produced */
};

struct ktstr_collector {
	struct ring_buffer *rb;
	pthread_t thread;
	bool running;			/* the thread was started */
	bool stop;			/* atomic: tells the thread to end */
	bool collected;			/* the final drain was done */
	pthread_mutex_t lock;		/* the rings: read while filled */
	struct ktstr_coll_target targets[KTSTR_PROBE_MAX_TARGETS];
	size_t budget;			/* events kept per target */
	unsigned long long seen;	/* events received in total */
	unsigned long long no_room;	/* dropped: no memory for a ring */
	char error[160];		/* first failure, "" if none */
};

int ktstr_collector_start(struct ktstr_collector *c, int events_fd,
			  size_t budget);
/* Stop the thread and drain what is left, once. */
void ktstr_collector_finish(struct ktstr_collector *c);
/* The kept events of every target in time order, in @out (malloc'ed). */
int ktstr_collector_events(struct ktstr_collector *c,
			   struct ktstr_probe_event **out, size_t *n);
void ktstr_collector_free(struct ktstr_collector *c);

/* --- probe.c, probe_watch.c: the pipeline's state ------------------ */

struct ktstr_probe {
	struct ktstr_syms syms;
	struct btf *vmlinux_btf;
	struct ktstr_probe_skel *skel;
	struct bpf_link *trigger_link;
	char trigger[KTSTR_PROBE_NAME_LEN + 16];	/* "kprobe:scx_ops_exit_kind" */
	bool discover;
	struct ktstr_strv pending;	/* names that may be BPF callbacks */
	struct ktstr_probe_target *targets;
	unsigned int ntargets;
	const char *core_btf;		/* KTSTR_PROBE_CORE_BTF, or NULL */
	struct ktstr_probe_skel **insts;	/* trace instances */
	unsigned int ninsts;
	struct bpf_link **links;	/* kprobe.multi links */
	unsigned int nlinks;
	struct ktstr_bpf_progs progs;
	struct ktstr_sched_maps maps;	/* the scheduler's, for the failure dump */
	struct ktstr_collector coll;
	struct ktstr_probe_diag diag;
	bool finished;
	int chan_fd;			/* where payloads go */
	bool sent_at_exit;		/* a payload went out on the trigger */
	bool maps_read;			/* the failure dump's snapshot is taken */
	/* the callback probes, attached by the watcher once sched_ext enables */
	pthread_t watcher;
	bool watching;			/* the thread was started */
	bool watch_stop;		/* atomic: tells it to give up */
	bool callbacks_done;		/* atomic */
	int callbacks_err;
};

/* The payload now, from the watcher thread once the trigger fired. */
int ktstr_probe_send_at_exit(struct ktstr_probe *p);

/* The callback probes (ktstr_probe_attach_scheduler() runs it once). */
int ktstr_probe_attach_callbacks(struct ktstr_probe *p);
/*
 * Watch for sched_ext to start enabling the scheduler and attach the
 * callback probes
 * right then, from a thread; stop that thread (joined, idempotent).
 */
void ktstr_watch_start(struct ktstr_probe *p);
void ktstr_watch_stop(struct ktstr_probe *p);

/*
 * Add a target (kind and name set by the caller); NULL when the table is
 * full.
 */
struct ktstr_probe_target *ktstr_probe_add_target(struct ktstr_probe *p,
						  const char *name,
						  unsigned int kind);

#endif /* KTSTR_PROBE_INT_H */
