// SPDX-License-Identifier: GPL-2.0
/*
 * Auto-repro probe payload parsing (docs/probe-payload.md): whole payloads,
 * and payloads cut at every byte offset or followed by garbage, as a repro
 * VM that died mid-write leaves them. Every complete line counts, nothing
 * else does, nothing crashes. Links host/repro_payload.c and host/util.c (atomic writes).
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "unit_data.h"
#include "host/repro/repro_payload.h"

#define NR_EVENTS	5

/*
 * data/repro-channel.txt: a whole channel capture, result and payload, and
 * where each of its payload lines ends (past its '\n').
 */
struct channel {
	char *buf;
	size_t len;
	size_t raw_off;			/* the begin marker's line */
	size_t begin_end;
	size_t meta_end;
	size_t event_end[NR_EVENTS];
	size_t diag_end;
	size_t end_end;
};

static bool has(const char *line, const char *end, const char *what)
{
	return memmem(line, end - line, what, strlen(what));
}

static bool load(struct channel *c)
{
	const char *line, *nl;
	size_t nr_events = 0;

	memset(c, 0, sizeof(*c));
	c->buf = unit_data_read(__FILE__, "repro-channel.txt", 0, &c->len);
	if (!c->buf)
		return false;
	for (line = c->buf; (nl = memchr(line, '\n',
					 c->buf + c->len - line));
	     line = nl + 1) {
		size_t end = nl + 1 - c->buf;

		if (has(line, nl, "KTSTR-PROBE-BEGIN")) {
			c->raw_off = line - c->buf;
			c->begin_end = end;
		} else if (has(line, nl, "KTSTR-PROBE-END")) {
			c->end_end = end;
		} else if (has(line, nl, "\"type\":\"meta\"")) {
			c->meta_end = end;
		} else if (has(line, nl, "\"type\":\"diag\"")) {
			c->diag_end = end;
		} else if (has(line, nl, "\"type\":\"event\"") &&
			   nr_events < NR_EVENTS) {
			c->event_end[nr_events++] = end;
		}
	}
	return nr_events == NR_EVENTS && c->end_end;
}

TEST(whole_payload)
{
	struct repro_payload p;
	struct repro_event *e;
	struct channel c;

	ASSERT_TRUE(load(&c));
	ASSERT_EQ(0, repro_payload_parse(c.buf, c.len, &p));
	EXPECT_TRUE(p.found);
	EXPECT_TRUE(p.complete);
	EXPECT_FALSE(p.cut_line);
	EXPECT_EQ(0U, p.nr_bad);
	EXPECT_EQ(7U, p.nr_lines);
	EXPECT_EQ(c.raw_off, p.raw_off);
	EXPECT_EQ(c.end_end - p.raw_off, p.raw_len);

	EXPECT_TRUE(p.meta.present);
	EXPECT_TRUE(p.meta.trigger_fired);
	EXPECT_TRUE(p.meta.has_exit_kind);
	EXPECT_EQ(1025, p.meta.exit_kind);
	EXPECT_EQ(59, p.meta.trigger_pid);
	EXPECT_STREQ("init", p.meta.trigger_comm);
	EXPECT_STREQ("trigger_task", p.meta.stitch);
	EXPECT_STREQ("kprobe:scx_ops_exit_kind", p.meta.trigger);

	ASSERT_EQ(5U, p.nr_events);
	e = &p.events[1];
	EXPECT_STREQ("do_enqueue_task", e->func);
	EXPECT_EQ(REPRO_PROBE_KPROBE, (int)e->kind);
	EXPECT_FALSE(e->bpf);
	EXPECT_TRUE(e->has_ip);
	EXPECT_EQ(0xffffffff810f0a10ULL, e->ip);
	EXPECT_EQ(8123459000ULL, e->ts_ns);
	EXPECT_EQ(0, e->cpu);
	EXPECT_EQ(59, e->pid);
	ASSERT_EQ(4U, e->nr_args);
	EXPECT_STREQ("rq", e->args[0].name);
	EXPECT_STREQ("struct rq *", e->args[0].type);
	EXPECT_STREQ("0xffff88803fc2a400", e->args[0].value);
	EXPECT_STREQ("-1", e->args[3].value);
	EXPECT_TRUE(e->has_task);
	EXPECT_EQ(0x8000000000000000ULL, e->task.dsq_id);
	EXPECT_EQ(0x305ULL, e->task.scx_flags);
	EXPECT_EQ(100ULL, e->task.weight);
	EXPECT_STREQ("0xf", e->task.cpus);
	EXPECT_TRUE(e->has_rq_cpu);
	EXPECT_EQ(NULL, e->ret);

	e = &p.events[3];
	EXPECT_EQ(REPRO_PROBE_FEXIT, (int)e->kind);
	EXPECT_TRUE(e->bpf);
	EXPECT_FALSE(e->has_ip);
	EXPECT_STREQ("scx_qmap.bpf.c:213", e->src);
	EXPECT_STREQ("0x0", e->ret);
	EXPECT_EQ(0xc000000000000003ULL, e->task.dsq_id);
	EXPECT_EQ(1ULL << 32, e->task.enq_flags);
	EXPECT_EQ(20000000ULL, e->task.slice);

	EXPECT_TRUE(p.diag.present);
	EXPECT_EQ(5, p.diag.extracted);
	ASSERT_EQ(5U, p.diag.nr_traceable);
	EXPECT_STREQ("put_prev_set_next_task", p.diag.traceable[4]);
	EXPECT_EQ(0U, p.diag.nr_dropped);
	EXPECT_EQ(5U, p.diag.nr_discovered);
	ASSERT_EQ(5U, p.diag.nr_attached);
	EXPECT_STREQ("fexit", p.diag.attached[4].kind);
	ASSERT_EQ(1U, p.diag.nr_failed);
	EXPECT_EQ(-2, p.diag.failed[0].err);
	EXPECT_EQ(10, p.diag.targets);
	EXPECT_EQ(412, p.diag.captured);
	EXPECT_EQ(5, p.diag.after_stitch);
	EXPECT_TRUE(p.diag.has_bpf);
	EXPECT_EQ(1, p.diag.trigger_fires);
	EXPECT_EQ(1025, p.diag.last_exit_kind);
	repro_payload_free(&p);
	free(c.buf);
}

TEST(no_payload)
{
	static const char begin_inline[] = "x KTSTR-PROBE-BEGIN v1\n{}\n";
	struct repro_payload p;
	struct channel c;

	ASSERT_TRUE(load(&c));
	ASSERT_EQ(0, repro_payload_parse(c.buf, c.raw_off, &p));
	EXPECT_FALSE(p.found);
	EXPECT_EQ(0U, p.nr_events);
	repro_payload_free(&p);
	ASSERT_EQ(0, repro_payload_parse("", 0, &p));
	EXPECT_FALSE(p.found);
	/* the marker must be a whole line of its own */
	ASSERT_EQ(0, repro_payload_parse(begin_inline,
					 strlen(begin_inline), &p));
	EXPECT_FALSE(p.found);
	free(c.buf);
}

/* A serial port may turn every LF into CRLF. */
TEST(crlf_lines)
{
	struct repro_payload p;
	struct channel c;
	char *crlf;
	size_t i, n = 0;

	ASSERT_TRUE(load(&c));
	crlf = malloc(c.len * 2);
	ASSERT_NE(NULL, crlf);
	for (i = 0; i < c.len; i++) {
		if (c.buf[i] == '\n')
			crlf[n++] = '\r';
		crlf[n++] = c.buf[i];
	}
	ASSERT_EQ(0, repro_payload_parse(crlf, n, &p));
	EXPECT_TRUE(p.complete);
	EXPECT_EQ(5U, p.nr_events);
	EXPECT_EQ(0U, p.nr_bad);
	EXPECT_TRUE(p.diag.present);
	repro_payload_free(&p);
	free(crlf);
	free(c.buf);
}

static size_t complete_events(const struct channel *c, size_t cut)
{
	size_t i, n = 0;

	for (i = 0; i < NR_EVENTS; i++)
		n += c->event_end[i] <= cut;
	return n;
}

/* The payload cut at every byte: exactly the complete lines count. */
TEST(cut_at_every_offset)
{
	struct repro_payload p;
	struct channel c;
	size_t cut;

	ASSERT_TRUE(load(&c));
	for (cut = 0; cut <= c.len; cut++) {
		char *copy = malloc(cut + 1);

		/* a copy of exactly @cut bytes, so overreads are caught */
		ASSERT_NE(NULL, copy);
		memcpy(copy, c.buf, cut);
		ASSERT_EQ(0, repro_payload_parse(copy, cut, &p));
		EXPECT_EQ(cut >= c.begin_end, p.found) TH_LOG("cut %zu", cut);
		EXPECT_EQ(complete_events(&c, cut), p.nr_events)
			TH_LOG("cut %zu", cut);
		EXPECT_EQ(cut >= c.meta_end, p.meta.present);
		EXPECT_EQ(cut >= c.diag_end, p.diag.present);
		EXPECT_EQ(cut >= c.end_end, p.complete);
		EXPECT_EQ(0U, p.nr_bad) TH_LOG("cut %zu", cut);
		if (p.found && !p.complete)
			EXPECT_EQ(cut - p.raw_off, p.raw_len);
		repro_payload_free(&p);
		free(copy);
	}
	free(c.buf);
}

/* Cut anywhere, then serial garbage: bad lines, never extra events. */
TEST(garbage_after_cut)
{
	struct repro_payload p;
	struct channel c;
	unsigned int seed = 1;
	size_t cut, i;

	ASSERT_TRUE(load(&c));
	for (cut = c.begin_end; cut < c.end_end; cut += 7) {
		char buf[16384 + 256];
		size_t len = cut;

		memcpy(buf, c.buf, cut);
		for (i = 0; i < 200; i++) {
			seed = seed * 1103515245 + 12345;
			buf[len++] = (char)(seed >> 16);
		}
		buf[len++] = '\n';
		ASSERT_EQ(0, repro_payload_parse(buf, len, &p));
		EXPECT_TRUE(p.found);
		EXPECT_FALSE(p.complete);
		EXPECT_EQ(complete_events(&c, cut), p.nr_events)
			TH_LOG("cut %zu", cut);
		repro_payload_free(&p);
	}
	free(c.buf);
}

TEST(bad_lines_are_counted_not_fatal)
{
	static const char text[] =
		"KTSTR-PROBE-BEGIN v1\n"
		"{\"type\":\"event\",\"func\":\"a\"} trailing\n"
		"[1,2,3]\n"
		"{\"type\":\"event\"}\n"
		"{\"type\":\"mystery\"}\n"
		"{\"type\":\"event\",\"func\":\"b\",\"cpu\":\"x\",\"pid\":1e99,\"task\":[],\"args\":[1,{\"name\":\"p\"}],\"ts_ns\":-5}\n"
		"\xff\xfe\n"
		"{\"type\":\"event\",\"func\":\"\xc3\x28\"}\n"
		"\n"
		"KTSTR-PROBE-END\n";
	struct repro_payload p;

	ASSERT_EQ(0, repro_payload_parse(text, sizeof(text) - 1, &p));
	EXPECT_TRUE(p.complete);
	ASSERT_EQ(1U, p.nr_events);
	EXPECT_STREQ("b", p.events[0].func);
	EXPECT_EQ(-1, p.events[0].cpu);
	EXPECT_EQ(0, p.events[0].pid);
	EXPECT_FALSE(p.events[0].has_task);
	EXPECT_EQ(0ULL, p.events[0].ts_ns);
	ASSERT_EQ(1U, p.events[0].nr_args);
	EXPECT_STREQ("p", p.events[0].args[0].name);
	EXPECT_EQ(NULL, p.events[0].args[0].value);
	EXPECT_EQ(7U, p.nr_lines);
	EXPECT_EQ(6U, p.nr_bad);
	repro_payload_free(&p);
}

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "r");
	char *buf = malloc(8192);

	if (!f || !buf) {
		if (f)
			fclose(f);
		free(buf);
		return NULL;
	}
	*len = fread(buf, 1, 8192, f);
	fclose(f);
	return buf;
}

TEST(partial_payload_is_saved)
{
	char dir[] = "/tmp/ktstr-test-payload.XXXXXX", path[256], kept[256];
	struct repro_payload p;
	struct channel c;
	size_t cut, len;
	char *saved;

	ASSERT_TRUE(load(&c));
	ASSERT_NE(NULL, mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/t1.repro.probe-payload.partial",
		 dir);

	ASSERT_EQ(0, repro_payload_parse(c.buf, c.len, &p));
	ASSERT_EQ(0, repro_payload_save_partial(&p, c.buf, dir, "t1", kept,
						sizeof(kept)));
	EXPECT_STREQ("", kept);
	EXPECT_EQ(-1, access(path, F_OK));
	repro_payload_free(&p);

	cut = c.event_end[1] + 10;
	ASSERT_EQ(0, repro_payload_parse(c.buf, cut, &p));
	ASSERT_EQ(0, repro_payload_save_partial(&p, c.buf, dir, "t1", kept,
						sizeof(kept)));
	EXPECT_STREQ(path, kept);
	saved = slurp(path, &len);
	ASSERT_NE(NULL, saved);
	EXPECT_EQ(cut - c.raw_off, len);
	EXPECT_EQ(0, memcmp(saved, c.buf + c.raw_off, len));
	free(saved);
	EXPECT_EQ(-ENOENT, repro_payload_save_partial(&p, c.buf,
						      "/nonexistent/dir",
						      "t1", kept,
						      sizeof(kept)));
	EXPECT_STREQ("", kept);
	repro_payload_free(&p);
	unlink(path);
	rmdir(dir);
	free(c.buf);
}

TEST_HARNESS_MAIN
