// SPDX-License-Identifier: GPL-2.0
/*
 * Cache work: each worker strides through its own buffer, larger than any
 * L2 it is likely to meet, so whichever CPU runs it keeps missing and
 * evicting what the previous task there had cached.
 */
#include <sys/mman.h>

#include "guest/work/work_internal.h"

#define CACHE_BUF_SIZE		(4UL << 20)
#define CACHE_LINES		(CACHE_BUF_SIZE / WORK_CACHELINE)
/*
 * One unit of work. Under TCG every line is a softmmu TLB miss; 256 lines
 * take ~0.3 ms there, well inside the 1 ms gap threshold.
 */
#define CACHE_CHUNK_LINES	256
/* Odd, so the walk visits every line; large, so prefetchers don't help. */
#define CACHE_STRIDE_LINES	97

int work_cache_init(struct work_cache *c)
{
	c->buf = mmap(NULL, CACHE_BUF_SIZE, PROT_READ | PROT_WRITE,
		      MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
	c->pos = 0;
	if (c->buf == MAP_FAILED)
		return -1;
	return 0;
}

void work_cache_fini(struct work_cache *c)
{
	munmap(c->buf, CACHE_BUF_SIZE);
}

/* Read-modify-write one byte in each of a chunk of lines. */
void work_cache_chunk(struct work_ctx *w, struct work_cache *c)
{
	size_t pos = c->pos;
	int i;

	for (i = 0; i < CACHE_CHUNK_LINES; i++) {
		c->buf[pos * WORK_CACHELINE]++;
		pos = (pos + CACHE_STRIDE_LINES) % CACHE_LINES;
	}
	c->pos = pos;
	work_sample(w);
}

/* Cache work in chunks; with @yield, give the CPU away after each one. */
static void cache_loop(struct work_ctx *w, bool yield)
{
	struct work_cache c;

	if (work_cache_init(&c)) {
		work_idle(w);
		return;
	}
	while (!work_stopped(w)) {
		work_cache_chunk(w, &c);
		if (yield) {
			sched_yield();
			work_sample(w);
		}
		w->rep->work_units++;
	}
	work_cache_fini(&c);
}

void work_cache_pressure(struct work_ctx *w)
{
	cache_loop(w, false);
}

void work_cache_yield(struct work_ctx *w)
{
	cache_loop(w, true);
}
