// SPDX-License-Identifier: GPL-2.0
/*
 * The failure dump on the host (host/repro/repro_dump.c): map records of
 * the probe payload as docs/probe-payload.md describes them, parsed by
 * repro_payload.c and rendered as text and JSON, with the CPU states of
 * the real 6.12 and 7.3 captures. Cut and garbage lines must not crash
 * it. (test_probe_maps.c feeds it what the guest's renderer writes.)
 */
#include <errno.h>
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "unit_data.h"
#include "common/protocol.h"
#include "host/repro/repro_dump.h"
#include "host/repro/repro_payload.h"

#define BEGIN	KTSTR_PROBE_BEGIN "\n"
#define END	KTSTR_PROBE_END "\n"

static const char meta[] =
	"{\"type\": \"meta\", \"version\": 1, \"kernel\": \"6.12.117\",\n"
	"\"trigger\": \"kprobe:scx_ops_exit_kind\", \"trigger_fired\": true,\n"
	"\"stitch\": \"trigger_task\"}\n";

static const char summary[] =
	"{\"type\": \"maps\", \"held\": 4, \"skipped\": [\n"
	"{\"id\": 3, \"name\": \"queue0\", \"map_type\": \"queue\", \"why\": \"not scheduler state\"},\n"
	"{\"id\": 4, \"name\": \"queue1\", \"map_type\": \"queue\", \"why\": \"not scheduler state\"},\n"
	"{\"id\": 9, \"name\": \"qmap_ops\", \"map_type\": \"struct_ops\", \"why\": \"not scheduler state\"},\n"
	"{\"id\": 12, \"name\": \".data.uei_dump\", \"map_type\": \"array\", \"why\": \"the dump's text: in the report already\"}],\n"
	"\"dropped\": 0, \"progs_gone\": 0, \"limits\": {\"entries\": 64,\n"
	"\"scan\": 4096, \"map_text\": 16384, \"text\": 196608}}\n";

static const char bss[] =
	"{\"type\": \"map\", \"id\": 10, \"name\": \"scx_qmap.bss\",\n"
	"\"map_type\": \"array\", \"key_size\": 4, \"value_size\": 216,\n"
	"\"max_entries\": 1, \"global_data\": true, \"btf\": true,\n"
	"\"entries\": [{\"key\": 0, \"value\": {\"nr_enqueued\": 1500,\n"
	"\"test_error_cnt\": 500, \"core_sched_tail_seqs\": [0, 0, 5, 0, 0],\n"
	"\"local_dsq\": {\"@hint\": \"dsq_id\", \"v\": \"0xc000000000000003\"},\n"
	"\"idle_cpumask\": {\"@hint\": \"cpumask\", \"v\": \"0x1000000000000000f\"},\n"
	"\"uei\": {\"kind\": 1025, \"reason\": \"scx_bpf_error\",\n"
	"\"state\": {\"@hint\": \"enum\", \"name\": \"SCX_ENABLED\", \"v\": 2}},\n"
	"\"cpu_ctxs\": [{\"dispatched\": 0, \"skipped\": 0},\n"
	"{\"dispatched\": 7, \"skipped\": 0}, {\"@hint\": \"zeros\", \"n\": 298},\n"
	"{\"dispatched\": 0, \"skipped\": 2}, {\"@hint\": \"cut\", \"n\": 211}],\n"
	"\"@cut\": 3}}], \"scanned\": 1, \"zero_entries\": 0,\n"
	"\"left_out\": 0, \"more\": false}\n";

static const char percpu[] =
	"{\"type\": \"map\", \"id\": 11, \"name\": \"cpu_ctx_stor\",\n"
	"\"map_type\": \"percpu_array\", \"key_size\": 4, \"value_size\": 24,\n"
	"\"max_entries\": 1, \"global_data\": false, \"btf\": true,\n"
	"\"nr_cpus\": 8, \"entries\": [{\"key\": 0, \"values\": [\n"
	"{\"dsp_idx\": 2, \"avg_weight\": 97}, {\"@hint\": \"zeros\", \"n\": 7}]}],\n"
	"\"scanned\": 1, \"zero_entries\": 0, \"left_out\": 0, \"more\": false}\n";

static const char hash[] =
	"{\"type\": \"map\", \"id\": 13, \"name\": \"task_dsqs\",\n"
	"\"map_type\": \"hash\", \"key_size\": 4, \"value_size\": 8,\n"
	"\"max_entries\": 1024, \"global_data\": false, \"btf\": false,\n"
	"\"entries\": [{\"key\": 1000, \"value\": {\"@hint\": \"bytes\",\n"
	"\"hex\": \"0100000000000080\"}}, {\"key\": 1001, \"value\":\n"
	"{\"@hint\": \"string\", \"v\": \"xxxx\", \"len\": 999}}],\n"
	"\"scanned\": 4096, \"zero_entries\": 0, \"left_out\": 4094,\n"
	"\"more\": true}\n";

static const char unread[] =
	"{\"type\": \"map\", \"id\": 14, \"name\": \"secret\",\n"
	"\"map_type\": \"array\", \"global_data\": false, \"btf\": true,\n"
	"\"error\": \"Operation not permitted\", \"entries\": [],\n"
	"\"scanned\": 0, \"zero_entries\": 0, \"left_out\": 0, \"more\": false}\n";

/*
 * The payload of @lines: a record above is written over several source
 * lines, each ending in "\n", and sent as one line (the newlines inside
 * it become blanks). A piece without a final newline goes as it is.
 */
static char *payload(const char *const *lines, size_t n, size_t *len)
{
	size_t i, j, size = 0, l;
	char *s;

	for (i = 0; i < n; i++)
		size += strlen(lines[i]);
	s = malloc(size + 1);
	if (!s)
		return NULL;
	for (i = 0, size = 0; i < n; i++) {
		l = strlen(lines[i]);
		memcpy(s + size, lines[i], l);
		for (j = 0; l && j < l - 1; j++)
			if (s[size + j] == '\n')
				s[size + j] = ' ';
		size += l;
	}
	s[size] = '\0';
	*len = size;
	return s;
}

/* What repro_render_failure_dump() writes, as a string to free. */
static char *render(const struct repro_payload *p,
		    const struct repro_dump_cpus *c, size_t max,
		    const char *file)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	if (!f)
		return NULL;
	if (repro_render_failure_dump(f, p, c, max, file)) {
		fclose(f);
		free(text);
		return NULL;
	}
	fclose(f);
	return text;
}

static const char expect_maps[] =
	"repro failure dump (the scheduler's state at the exit):\n"
	"  4 maps of the scheduler\n"
	"  not dumped: queue0, queue1 (queue); qmap_ops (struct_ops); .data.uei_dump (the dump's text: in the report already)\n"
	"  scx_qmap.bss (array, global data):\n"
	"    nr_enqueued = 1500\n"
	"    test_error_cnt = 500\n"
	"    core_sched_tail_seqs = [0, 0, 5, 0, 0]\n"
	"    local_dsq = SCX_DSQ_LOCAL_ON|3\n"
	"    idle_cpumask = 0-3,64\n"
	"    uei:\n"
	"      kind = 1025\n"
	"      reason = \"scx_bpf_error\"\n"
	"      state = SCX_ENABLED (2)\n"
	"    cpu_ctxs:\n"
	"      [0]:\n"
	"        dispatched = 0\n"
	"        skipped = 0\n"
	"      [1]:\n"
	"        dispatched = 7\n"
	"        skipped = 0\n"
	"      [2-299]: all zero\n"
	"      [300]:\n"
	"        dispatched = 0\n"
	"        skipped = 2\n"
	"      [... 211 more]\n"
	"    [... 3 more]\n"
	"  cpu_ctx_stor (percpu_array, 8 CPUs, 1 entry shown):\n"
	"    [0]:\n"
	"      cpu 0:\n"
	"        dsp_idx = 2\n"
	"        avg_weight = 97\n"
	"      cpu 1-7: all zero\n"
	"  task_dsqs (hash, 2 entries shown, no BTF):\n"
	"    [1000] = <bytes 0100000000000080>\n"
	"    [1001] = \"xxxx\"... (999 bytes)\n"
	"    [... 4094 more entries]\n"
	"    [... and more past the 4096 looked at]\n"
	"  secret (array, 0 entries shown): not read: Operation not permitted\n"
	"  CPU states: none in the sched_ext dump\n";

TEST(maps_text)
{
	const char *const lines[] = { BEGIN, meta, summary, bss, percpu, hash,
				unread, END };
	struct repro_payload p;
	size_t len;
	char *buf = payload(lines, ARRAY_SIZE(lines), &len), *text;

	ASSERT_NE(NULL, buf);
	ASSERT_EQ(0, repro_payload_parse(buf, len, &p));
	EXPECT_TRUE(p.complete);
	EXPECT_EQ(0U, p.nr_bad);
	ASSERT_EQ(4U, p.nr_maps);
	EXPECT_STREQ("scx_qmap.bss", p.maps[0].name);
	EXPECT_STREQ("percpu_array", p.maps[1].map_type);
	EXPECT_NE(NULL, p.maps_summary);
	EXPECT_TRUE(repro_failure_dump_any(&p, NULL));

	text = render(&p, NULL, 0, NULL);
	ASSERT_NE(NULL, text);
	EXPECT_STREQ(expect_maps, text);
	free(text);

	/* The TAP version: cut, and where the rest is. */
	text = render(&p, NULL, 5, "/r/t.repro.txt");
	ASSERT_NE(NULL, text);
	EXPECT_NE(NULL, strstr(text, "    nr_enqueued = 1500\n"
				     "  [... 34 more lines in /r/t.repro.txt]\n"));
	EXPECT_EQ(NULL, strstr(text, "test_error_cnt"));
	free(text);
	repro_payload_free(&p);
	free(buf);
}

/* CPU states from the scheduler logs of both kernels. */
TEST(cpus_612)
{
	struct repro_payload p = { 0 };
	struct repro_dump_cpus c;
	size_t len;
	char *buf = unit_data_read(__FILE__, "6.12/qmap-error-console.txt", 0,
				   &len), *text;

	ASSERT_NE(NULL, buf);
	ASSERT_EQ(0, repro_dump_cpus_read((struct ktstr_text){ NULL, 0 },
					  (struct ktstr_text){ buf, len }, &c));
	ASSERT_EQ(4U, c.n);
	EXPECT_EQ(4U, c.total);
	EXPECT_STREQ("scheduler log", c.source);
	EXPECT_TRUE(repro_failure_dump_any(&p, &c));
	text = render(&p, &c, 0, NULL);
	ASSERT_NE(NULL, text);
	EXPECT_STREQ("repro failure dump (the scheduler's state at the exit):\n"
		     "  no scheduler maps in the payload\n"
		     "  CPU states (from the scheduler log, 4 CPUs):\n"
		     "    CPU   nr_run flags   curr                 class  tasks other\n"
		     "    0     1      0x1     init[59]             ext    1     cpu_rel=0 pnt_seq=4\n"
		     "    1     1      0x1     init[58]             ext    1     cpu_rel=0 pnt_seq=3\n"
		     "    2     2      0x1     init[60]             ext    2     cpu_rel=0 pnt_seq=7\n"
		     "    3     1      0x1     scx_qmap[53]         ext    1     cpu_rel=0 pnt_seq=6\n",
		     text);
	free(text);
	repro_dump_cpus_free(&c);
	free(buf);
}

TEST(cpus_73_from_dump)
{
	struct scx_dump_block b;
	struct repro_dump_cpus c;
	size_t len;
	char *buf = unit_data_read(__FILE__, "7.3/qmap-error-console.txt", 0,
				   &len);

	ASSERT_NE(NULL, buf);
	ASSERT_EQ(0, scx_dump_block_find((struct ktstr_text){ buf, len }, &b));
	/* the guest's copy of the dump wins over the log */
	ASSERT_EQ(0, repro_dump_cpus_read(b.body, (struct ktstr_text){
						  "no dump", 7 }, &c));
	ASSERT_EQ(3U, c.n);
	EXPECT_STREQ("sched_ext dump", c.source);
	EXPECT_STREQ("170", scx_dump_kv_get(c.v[0].kv, c.v[0].nr_kv, "ksync"));
	repro_dump_cpus_free(&c);

	/* neither has CPU states */
	ASSERT_EQ(0, repro_dump_cpus_read((struct ktstr_text){ "x", 1 },
					  (struct ktstr_text){ "y", 1 }, &c));
	EXPECT_EQ(0U, c.n);
	EXPECT_EQ(NULL, c.source);
	repro_dump_cpus_free(&c);
	free(buf);
}

static json_object *get(json_object *o, const char *k)
{
	json_object *v = NULL;

	json_object_object_get_ex(o, k, &v);
	return v;
}

static const char *str(json_object *o)
{
	return o ? json_object_get_string(o) : "(absent)";
}

/* The JSON file: the records with decoded hints, and the CPUs. */
TEST(json_file)
{
	const char *const lines[] = { BEGIN, summary, bss, percpu, END };
	char dir[] = "/tmp/ktstr-unit-dump.XXXXXX", path[4200];
	struct repro_payload p;
	struct repro_dump_cpus c;
	json_object *o, *v, *cpu, *t;
	size_t len, llen = 0;
	char *buf = payload(lines, ARRAY_SIZE(lines), &len);
	char *log = unit_data_read(__FILE__, "6.12/qmap-error-console.txt", 0,
				   &llen);

	ASSERT_NE(NULL, buf);
	ASSERT_NE(NULL, log);
	ASSERT_NE(NULL, mkdtemp(dir));
	ASSERT_EQ(0, repro_payload_parse(buf, len, &p));
	ASSERT_EQ(0, repro_dump_cpus_read((struct ktstr_text){ NULL, 0 },
					  (struct ktstr_text){ log, llen }, &c));
	ASSERT_EQ(0, repro_failure_dump_save(&p, &c, dir, "crash_qmap", path,
					     sizeof(path)));
	EXPECT_NE(NULL, strstr(path, "/crash_qmap.repro.failure-dump.json"));
	o = json_object_from_file(path);
	ASSERT_NE(NULL, o);
	EXPECT_EQ(1, json_object_get_int(get(o, "version")));
	EXPECT_STREQ("crash_qmap", str(get(o, "test")));
	EXPECT_EQ(4, json_object_get_int(get(get(o, "maps_summary"), "held")));
	v = get(json_object_array_get_idx(get(json_object_array_get_idx(
		get(o, "maps"), 0), "entries"), 0), "value");
	EXPECT_EQ(1500, json_object_get_int(get(v, "nr_enqueued")));
	EXPECT_STREQ("SCX_DSQ_LOCAL_ON|3", str(get(get(v, "local_dsq"), "name")));
	EXPECT_STREQ("0xc000000000000003", str(get(get(v, "local_dsq"), "v")));
	EXPECT_STREQ("0-3,64", str(get(get(v, "idle_cpumask"), "cpus")));
	EXPECT_EQ(2U, json_object_array_length(get(o, "maps")));
	EXPECT_EQ(4, json_object_get_int(get(o, "cpus_total")));
	cpu = json_object_array_get_idx(get(o, "cpus"), 2);
	EXPECT_EQ(2, json_object_get_int(get(cpu, "cpu")));
	EXPECT_EQ(2, json_object_get_int(get(cpu, "nr_run")));
	EXPECT_STREQ("0x1", str(get(cpu, "flags")));
	EXPECT_STREQ("init", str(get(cpu, "curr_comm")));
	EXPECT_EQ(60, json_object_get_int(get(cpu, "curr_pid")));
	EXPECT_STREQ("ext_sched_class", str(get(cpu, "curr_class")));
	EXPECT_STREQ("7", str(get(get(cpu, "fields"), "pnt_seq")));
	EXPECT_EQ(2, json_object_get_int(get(cpu, "nr_tasks")));
	t = json_object_array_get_idx(get(cpu, "tasks"), 1);
	EXPECT_FALSE(json_object_get_boolean(get(t, "curr")));
	EXPECT_EQ(57, json_object_get_int(get(t, "pid")));
	EXPECT_STREQ("2/104", str(get(get(t, "fields"), "ops_state/qseq")));
	EXPECT_NE(NULL, strstr(str(get(cpu, "ops")), "dsp_idx=2"));
	json_object_put(o);
	unlink(path);
	EXPECT_EQ(-ENAMETOOLONG, repro_failure_dump_save(&p, &c, dir, "t",
							  path, 8));
	EXPECT_STREQ("", path);

	/* Nothing to save: no file, no path. */
	repro_payload_free(&p);
	repro_dump_cpus_free(&c);
	ASSERT_EQ(0, repro_failure_dump_save(&p, NULL, dir, "t", path,
					     sizeof(path)));
	EXPECT_STREQ("", path);
	rmdir(dir);
	free(buf);
	free(log);
}

/*
 * A stall's repro runs without probes: no payload, only the dump's CPU
 * states. The file still says so, with "maps_summary": null (json-c's
 * NULL value, once taken for an allocation failure).
 */
TEST(json_file_without_probes)
{
	char dir[] = "/tmp/ktstr-unit-dump.XXXXXX", path[4200];
	struct repro_payload p;
	struct repro_dump_cpus c;
	json_object *o, *v = (json_object *)1;
	size_t llen = 0;
	char *log = unit_data_read(__FILE__, "6.12/qmap-error-console.txt", 0,
				   &llen);

	ASSERT_NE(NULL, log);
	ASSERT_NE(NULL, mkdtemp(dir));
	memset(&p, 0, sizeof(p));
	ASSERT_EQ(0, repro_dump_cpus_read((struct ktstr_text){ NULL, 0 },
					  (struct ktstr_text){ log, llen }, &c));
	ASSERT_EQ(0, repro_failure_dump_save(&p, &c, dir, "stall", path,
					     sizeof(path)));
	o = json_object_from_file(path);
	ASSERT_NE(NULL, o);
	EXPECT_TRUE(json_object_object_get_ex(o, "maps_summary", &v));
	EXPECT_EQ(NULL, v);
	EXPECT_EQ(0U, json_object_array_length(get(o, "maps")));
	EXPECT_EQ(4, json_object_get_int(get(o, "cpus_total")));
	json_object_put(o);
	unlink(path);
	rmdir(dir);
	repro_dump_cpus_free(&c);
	free(log);
}

/* Cut, malformed and hostile records: counted or shown, never a crash. */
TEST(garbage)
{
	static const char cut_map[] =
		"{\"type\": \"map\", \"name\": \"scx_qmap.bss\", \"entries\": [{\"key\": 0, \"val";
	static const char weird[] =
		"{\"type\": \"map\", \"name\": \"w\", \"map_type\": 5,\n"
		"\"global_data\": \"yes\", \"nr_cpus\": \"x\", \"left_out\": -3,\n"
		"\"entries\": [1, null, {\"key\": {\"a\": [1]}, \"value\":\n"
		"[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]}, {\"key\": 2, \"values\": 7},\n"
		"{\"key\": 3, \"value\": {\"@hint\": \"dsq_id\", \"v\": \"junk\"}},\n"
		"{\"key\": 4, \"value\": {\"@hint\": \"cpumask\", \"v\": \"zz\"}},\n"
		"{\"key\": 5, \"value\": {\"@hint\": \"zeros\"}},\n"
		"{\"key\": 6, \"value\": {\"@hint\": 7, \"x\": 1}},\n"
		"{\"key\": 7, \"value\": [{\"@hint\": \"zeros\", \"n\": -5},\n"
		"{\"@hint\": \"cut\"}]}]}\n";
	static const char *const lines[] = {
		BEGIN,
		"{\"type\": \"map\", \"entries\": []}\n",		/* no name */
		"{\"type\": \"map\", \"name\": \"x\", \"entries\": 3}\n",
		"{\"type\": \"maps\", \"held\": \"many\", \"skipped\": [1, {}]}\n",
		"\x01\x02 not json\n",
		weird,
		cut_map,
	};
	struct repro_payload p;
	json_object *o;
	size_t len, n;
	char *buf = payload(lines, ARRAY_SIZE(lines), &len), *text;

	ASSERT_NE(NULL, buf);
	ASSERT_EQ(0, repro_payload_parse(buf, len, &p));
	EXPECT_FALSE(p.complete);
	EXPECT_TRUE(p.cut_line);
	EXPECT_EQ(3U, p.nr_bad);
	ASSERT_EQ(1U, p.nr_maps);
	EXPECT_STREQ("w", p.maps[0].name);
	text = render(&p, NULL, 0, NULL);
	ASSERT_NE(NULL, text);
	EXPECT_NE(NULL, strstr(text, "  w (5, "));
	/* undecodable hints: the value as sent */
	EXPECT_NE(NULL, strstr(text, "    [3] = \"junk\"\n"));
	EXPECT_NE(NULL, strstr(text, "    [4] = \"zz\"\n"));
	EXPECT_NE(NULL, strstr(text, "    [7] = [{\"@hint\":\"zeros\",\"n\":-5}, {\"@hint\":\"cut\"}]\n"));
	EXPECT_EQ(NULL, strstr(text, "more entries"));
	free(text);
	o = repro_failure_dump_json(&p, NULL);
	ASSERT_NE(NULL, o);
	json_object_put(o);
	repro_payload_free(&p);
	free(buf);

	/* A payload of nothing but map lines past the limit. */
	buf = malloc(REPRO_MAX_MAPS * 64 + 64);
	ASSERT_NE(NULL, buf);
	n = snprintf(buf, 64, BEGIN);
	for (len = 0; len < REPRO_MAX_MAPS + 10; len++)
		n += snprintf(buf + n, 64, "{\"type\":\"map\",\"name\":\"m\",\"entries\":[]}\n");
	ASSERT_EQ(0, repro_payload_parse(buf, n, &p));
	EXPECT_EQ((size_t)REPRO_MAX_MAPS, p.nr_maps);
	EXPECT_EQ(0U, p.nr_bad);
	repro_payload_free(&p);
	free(buf);
}

TEST_HARNESS_MAIN
