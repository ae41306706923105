/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Inside the scenario engine: the state of one run, shared by its parts
 * (scenario.c: the run; scenario_workers.c: fork, stop, reap;
 * scenario_ops.c: the step ops; scenario_validate.c: the definition).
 */
#ifndef KTSTR_SCENARIO_INTERNAL_H
#define KTSTR_SCENARIO_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "guest/ctx.h"
#include "guest/scenario/cgroup.h"
#include "guest/scenario/scenario.h"
#include "guest/work/work.h"

#define SC_NONE		(~0U)

#ifndef SCHED_EXT
#define SCHED_EXT	7	/* uapi sched.h since 6.12; glibc lags */
#endif

struct sc_cgroup {
	const char *name;
	enum ktstr_work_type work;
	int policy;
	int nice;
	bool exists;
	uint64_t cpus;			/* its cpuset now */
	unsigned int nr_workers;	/* started with it as home, ever */
};

/* Per worker, in MAP_SHARED memory: written by one side, read by the other. */
struct sc_shm {
	int stop;			/* the scenario tells the worker */
	int setup_errno;		/* the worker tells the scenario */
	int setup_step;			/* enum sc_setup_step */
};

enum sc_setup_step {
	SC_SETUP_OK = 0,
	SC_SETUP_POLICY,
	SC_SETUP_NICE,
};

struct sc_worker {
	pid_t pid;
	unsigned int home;		/* cgroup started in: reported there */
	unsigned int idx;		/* index among home's workers */
	unsigned int cur;		/* cgroup it is in now */
	struct ktstr_work_shared *shared;	/* its batch */
	unsigned int slot;		/* its index in the batch */
	unsigned int partner;		/* paired work: the other worker */
	uint64_t allowed;		/* every cpuset it was confined to */
	bool partial;			/* not the whole run in home */
	bool stopping;			/* told to stop */
	bool exited;			/* reaped, or gone */
	bool early;			/* exited before it was told to */
	bool killed;			/* SIGKILLed by us */
	int status;			/* wait status; -1 when unknown */
};

struct sc_batch {
	struct ktstr_work_shared *shared;
	unsigned int nr;
};

struct scenario {
	struct ktstr_ctx *ctx;
	const struct ktstr_test *test;
	struct ktstr_cg cg;
	bool cg_ready;
	uint64_t all_cpus;
	long start_ms;			/* workload start */
	long stop_wait_ms;		/* how long a stop may take */
	bool sched_died;
	unsigned int nr_fail;
	char where[64];			/* the op running, for messages */
	struct sc_cgroup cgroups[KTSTR_SC_MAX_CGROUPS];
	unsigned int nr_cgroups;
	struct sc_worker workers[KTSTR_SC_MAX_WORKERS];
	unsigned int nr_workers;
	struct sc_batch batches[KTSTR_SC_MAX_WORKERS];
	unsigned int nr_batches;
	struct sc_shm *shm;		/* KTSTR_SC_MAX_WORKERS entries */
};

/* Record a failure of the test; the run goes on or stops, as the caller says. */
#define sc_fail(sc, ...)					\
	do {							\
		(sc)->nr_fail++;				\
		ktstr_fail((sc)->ctx, __VA_ARGS__);		\
	} while (0)


/* scenario_validate.c */
const char *sc_op_name(enum ktstr_op_kind kind);
enum ktstr_work_type sc_work_type(const struct ktstr_test *test,
				  enum ktstr_work_type declared);
unsigned int sc_default_workers(const struct ktstr_test *test);
const struct ktstr_cgroup_def *sc_find_def(const struct ktstr_test *test,
					   const char *name);

/* scenario_workers.c */
int sc_spawn(struct scenario *sc, unsigned int cg, unsigned int count,
	     bool partial);
bool sc_worker_in(const struct scenario *sc, unsigned int w, unsigned int cg);
void sc_request_stop(struct scenario *sc, unsigned int w);
/* Reap workers that exited on their own (they are judged at the end). */
void sc_poll_exits(struct scenario *sc);
/* Wait for every worker told to stop; SIGKILL what is left at the end. */
void sc_wait_stopped(struct scenario *sc);
/* Failures for workers that died, exited early or could not set up. */
void sc_judge_exits(struct scenario *sc);
void sc_free_batches(struct scenario *sc);

/* scenario_ops.c */
int sc_find_cgroup(const struct scenario *sc, const char *name);
int sc_add_cgroup(struct scenario *sc, const char *name, const char *spec);
int sc_set_cpus(struct scenario *sc, unsigned int cg, uint64_t cpus);
int sc_run_ops(struct scenario *sc, unsigned int step,
	       const struct ktstr_op *ops);

#endif /* KTSTR_SCENARIO_INTERNAL_H */
