/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Auto-repro probe payload (docs/probe-payload.md): the JSON Lines records
 * the repro VM sends between KTSTR-PROBE-BEGIN v1 and KTSTR-PROBE-END,
 * parsed with json-c into plain structs the renderer can walk.
 *
 * A VM that died mid-write leaves no end marker, perhaps half a line and
 * garbage after it: every complete line still counts, the rest is counted
 * as lost and never guessed at.
 */
#ifndef KTSTR_HOST_REPRO_PAYLOAD_H
#define KTSTR_HOST_REPRO_PAYLOAD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define REPRO_COMM_LEN		17	/* TASK_COMM_LEN + NUL */

struct json_object;

enum repro_probe_kind {
	REPRO_PROBE_UNKNOWN = 0,
	REPRO_PROBE_KPROBE,
	REPRO_PROBE_FENTRY,
	REPRO_PROBE_FEXIT,
};

struct repro_arg {
	char *name;
	char *type;
	char *value;
};

/* Which task fields an event carries. */
enum {
	REPRO_TF_PID		= 1 << 0,
	REPRO_TF_COMM		= 1 << 1,
	REPRO_TF_CPUS		= 1 << 2,
	REPRO_TF_DSQ		= 1 << 3,
	REPRO_TF_ENQ_FLAGS	= 1 << 4,
	REPRO_TF_SCX_FLAGS	= 1 << 5,
	REPRO_TF_SLICE		= 1 << 6,
	REPRO_TF_VTIME		= 1 << 7,
	REPRO_TF_WEIGHT		= 1 << 8,
};

struct repro_task {
	unsigned int has;		/* REPRO_TF_* */
	int pid;
	char comm[REPRO_COMM_LEN];
	char *cpus;			/* as sent: list or 0x mask */
	uint64_t dsq_id;
	uint64_t enq_flags;
	uint64_t scx_flags;
	uint64_t slice;
	uint64_t vtime;
	uint64_t weight;
};

struct repro_frame;

struct repro_event {
	uint64_t ts_ns;
	int cpu;
	int pid;
	char comm[REPRO_COMM_LEN];
	char *func;
	enum repro_probe_kind kind;
	bool bpf;
	char *src;			/* BPF: "file:line" from line_info */
	bool has_ip;
	uint64_t ip;
	struct repro_arg *args;
	size_t nr_args;
	bool has_task;
	struct repro_task task;
	bool has_rq_cpu;
	int rq_cpu;
	char *ret;			/* fexit only */
	struct repro_frame *stack;	/* the guest sends the last events' */
	size_t nr_stack;
};

/* A frame of the stack the trigger saw: "func" is "name+0x1f". */
struct repro_frame {
	bool has_ip;
	uint64_t ip;
	char *func;
	char *src;			/* BPF: from line_info */
};

struct repro_meta {
	bool present;
	int version;
	char *kernel;
	char *trigger;
	bool trigger_fired;
	bool has_exit_kind;
	int exit_kind;
	bool has_trigger_pid;		/* pid 0 is the idle task */
	int trigger_pid;		/* current when the exit started */
	bool has_trigger_cpu;
	int trigger_cpu;		/* where it started */
	char trigger_comm[REPRO_COMM_LEN];
	bool has_trigger_task;		/* the sched_ext op's task */
	struct repro_task trigger_task;
	char *stitch;
	struct repro_frame *stack;	/* where the exit was raised */
	size_t nr_stack;
};

struct repro_attach {
	char *name;
	char *kind;
	int err;			/* failed only: negative errno */
	long events;			/* attached: what it produced */
	long kept;			/* ... and the guest kept (budget) */
};

struct repro_diag {
	bool present;
	long extracted;
	char **traceable;
	size_t nr_traceable;
	char **dropped;
	size_t nr_dropped;
	char **discovered;
	size_t nr_discovered;
	long targets;
	struct repro_attach *attached;
	size_t nr_attached;
	struct repro_attach *failed;
	size_t nr_failed;
	int trigger_attach_err;
	long captured;
	long lost;			/* ring buffer records lost */
	long after_stitch;
	bool has_emitted;
	long emitted;			/* events sent, after any cap */
	char *collector_error;
	bool has_bpf;			/* the BPF-side counters */
	long probe_fires;
	long trigger_fires;
	long ringbuf_drops;
	bool has_last_exit_kind;
	int last_exit_kind;
};

/*
 * A "map" record: one of the scheduler's BPF maps as the repro VM read
 * it after the exit (repro_dump.h renders and saves them).
 */
struct repro_map {
	char *name;
	char *map_type;
	struct json_object *obj;	/* the record as sent: a reference */
};

/* Map records kept at most (the guest sends 32). */
#define REPRO_MAX_MAPS		256

struct repro_payload {
	bool found;			/* the begin marker was there */
	bool complete;			/* ... and the end marker */
	size_t raw_off, raw_len;	/* the payload's bytes in the input */
	size_t nr_lines;		/* complete lines between the markers */
	size_t nr_bad;			/* complete lines that did not parse */
	bool cut_line;			/* a partial last line was dropped */
	struct repro_meta meta;
	struct repro_event *events;
	size_t nr_events;
	struct repro_diag diag;
	struct json_object *maps_summary;	/* the "maps" record, or NULL */
	struct repro_map *maps;
	size_t nr_maps;
};

/*
 * Find and parse the payload in the channel bytes @buf[0..len) (any bytes,
 * NULs included). Returns 0 (with p->found telling whether there was a
 * payload at all) or -ENOMEM; never fails on what the bytes contain.
 */
int repro_payload_parse(const char *buf, size_t len, struct repro_payload *p);

void repro_payload_free(struct repro_payload *p);

#define REPRO_PARTIAL_SUFFIX	".repro.probe-payload.partial"

/*
 * Keep the raw bytes of a payload that lost its end marker as
 * "<dir>/<test>" REPRO_PARTIAL_SUFFIX (tmp + rename), its path in @path
 * ("" when nothing was kept). Returns 0, also when there is nothing to
 * keep, or a negative errno after one line on stderr.
 */
int repro_payload_save_partial(const struct repro_payload *p,
			       const char *buf, const char *dir,
			       const char *test, char *path, size_t size);

const char *repro_probe_kind_name(enum repro_probe_kind kind);

#endif /* KTSTR_HOST_REPRO_PAYLOAD_H */
