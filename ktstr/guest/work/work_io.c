// SPDX-License-Identifier: GPL-2.0
/*
 * I/O work: synchronous writes to a file in /tmp (tmpfs in the guest, so
 * the cost is the syscalls, not a disk), and pipe ping-pong between
 * partners, with or without cache pressure between handoffs.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "common/log.h"
#include "guest/work/work_internal.h"

#define IO_BLOCK		4096
/* Writes wrap around within this much, so the file stays small. */
#define IO_FILE_BLOCKS		256
/* Cache work per CachePipe turn: 256 KiB, a good part of an L2. */
#define CACHE_PIPE_CHUNKS	16

/* A private scratch file; unlinked at once so nothing outlives the worker. */
int work_io_open(void)
{
	char path[64];
	int fd;

	snprintf(path, sizeof(path), "/tmp/ktstr-work-%d", (int)getpid());
	fd = open(path, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd >= 0)
		unlink(path);
	return fd;
}

/* Write block @n and sync it, alternating fdatasync() and fsync(). */
bool work_io_write_sync(struct work_ctx *w, int fd, uint64_t n)
{
	static char block[IO_BLOCK];
	off_t off = (off_t)(n % IO_FILE_BLOCKS) * IO_BLOCK;
	int err;

	memset(block, (int)n, sizeof(block));
	if (pwrite(fd, block, sizeof(block), off) != sizeof(block))
		return false;
	work_sample(w);
	/* A sync may sleep on a real disk: that wait is no scheduling gap. */
	work_block_begin(w);
	err = n & 1 ? fsync(fd) : fdatasync(fd);
	work_block_end(w);
	return !err;
}

void work_io_sync(struct work_ctx *w)
{
	int fd = work_io_open();
	uint64_t n = 0;

	if (fd < 0) {
		work_idle(w);
		return;
	}
	while (!work_stopped(w))
		if (work_io_write_sync(w, fd, n++))
			w->rep->work_units++;
	close(fd);
}

/* The byte carries nothing: the wake stamp is in the receiver's slot. */
static void pipe_send(struct work_ctx *w, unsigned int to)
{
	struct work_wake *ww = &w->shared->slot[to].wake;
	char c = 0;

	work_wake_stamp(ww);
	if (write(ww->pipe[1], &c, 1) != 1)
		pr_err("work: worker %u: pipe write: %s",
			w->idx, strerror(errno));
}

/* Poll with a timeout, only to notice the stop flag. */
static bool pipe_recv(struct work_ctx *w)
{
	struct work_wake *me = &w->shared->slot[w->idx].wake;
	struct pollfd pfd = { .fd = me->pipe[0], .events = POLLIN };
	char c;

	work_block_begin(w);
	while (!work_stopped(w)) {
		if (poll(&pfd, 1, WORK_WAIT_SLICE_MS) == 1 &&
		    read(me->pipe[0], &c, 1) == 1) {
			work_wake_end(w, me);
			return true;
		}
	}
	work_block_end(w);
	return false;
}

void work_pipe_io(struct work_ctx *w)
{
	static const struct work_link link = {
		.send = pipe_send,
		.recv = pipe_recv,
	};

	work_pair_run(w, &link, NULL);
}

static void cache_turn(struct work_ctx *w, void *arg)
{
	int i;

	for (i = 0; i < CACHE_PIPE_CHUNKS; i++)
		work_cache_chunk(w, arg);
}

void work_cache_pipe(struct work_ctx *w)
{
	static const struct work_link link = {
		.send = pipe_send,
		.recv = pipe_recv,
		.turn = cache_turn,
	};
	struct work_cache cache;

	if (work_cache_init(&cache)) {
		work_idle(w);
		return;
	}
	work_pair_run(w, &link, &cache);
	work_cache_fini(&cache);
}
