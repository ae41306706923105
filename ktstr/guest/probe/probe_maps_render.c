// SPDX-License-Identifier: GPL-2.0
/*
 * The payload records of the held maps (ktstr_maps_render(),
 * probe_maps.h): one "maps" line saying what was held and skipped, then
 * one "map" line per map with its entries, within the text budgets
 * (docs/probe-payload.md).
 */
#include <errno.h>
#include <string.h>

#include "guest/lib/jsonw.h"
#include "guest/probe/probe_maps.h"
#include "guest/probe/probe_maps_internal.h"

static void render_key(struct ktstr_buf *b, const struct ktstr_sched_map *m,
		       const unsigned char *k, size_t limit)
{
	if (m->btf && m->btf_key_type_id)
		ktstr_btf_render_value(b, m->btf, m->btf_key_type_id, k,
				       m->key_size, NULL, limit);
	else if (m->key_size == 4)
		ktstr_buf_addf(b, "%llu", probe_maps_load_le(k, 4));
	else
		ktstr_btf_render_value(b, NULL, 0, k, m->key_size, NULL, limit);
}

void ktstr_maps_render_map(struct ktstr_buf *b,
			   const struct ktstr_sched_map *m, size_t budget)
{
	size_t limit = b->len + budget;
	unsigned long left = m->left_out;
	bool percpu = probe_maps_type_percpu(m->type);
	unsigned int i;

	ktstr_buf_addc(b, '{');
	jsonw_kv_str(b, true, "type", "map");
	jsonw_kv_long(b, false, "id", m->id);
	jsonw_kv_str(b, false, "name", m->name);
	jsonw_kv_str(b, false, "map_type", ktstr_map_type_name(m->type));
	jsonw_kv_long(b, false, "key_size", m->key_size);
	jsonw_kv_long(b, false, "value_size", m->value_size);
	jsonw_kv_long(b, false, "max_entries", m->max_entries);
	jsonw_kv_bool(b, false, "global_data", ktstr_map_is_global_data(m));
	jsonw_kv_bool(b, false, "btf", m->btf != NULL);
	if (percpu)
		jsonw_kv_long(b, false, "nr_cpus", m->nr_cpus);
	if (!m->read)
		jsonw_kv_str(b, false, "error", "not read");
	else if (m->err)
		jsonw_kv_str(b, false, "error", strerror(-m->err));
	ktstr_buf_add(b, ", \"entries\": [");
	for (i = 0; i < m->n; i++) {
		struct walk w = { .b = b, .btf = m->btf, .limit = limit };
		const unsigned char *v = m->values + i * m->stride;

		if (b->len >= limit) {
			left += m->n - i;
			break;
		}
		ktstr_buf_add(b, i ? ", {\"key\": " : "{\"key\": ");
		render_key(b, m, m->keys + (size_t)i * m->key_size, limit);
		if (percpu) {
			ktstr_buf_add(b, ", \"values\": ");
			probe_maps_render_list(&w, v, m->nr_cpus,
					       m->stride / m->nr_cpus,
					       m->value_size, m->btf ?
					       m->btf_value_type_id : 0, NULL);
		} else {
			ktstr_buf_add(b, ", \"value\": ");
			ktstr_btf_render_value(b, m->btf, m->btf_value_type_id,
					       v, m->value_size, NULL, limit);
		}
		ktstr_buf_addc(b, '}');
	}
	ktstr_buf_addc(b, ']');
	jsonw_kv_u64(b, false, "scanned", m->scanned);
	jsonw_kv_u64(b, false, "zero_entries", m->zero);
	jsonw_kv_u64(b, false, "left_out", left);
	jsonw_kv_bool(b, false, "more", m->more);
	ktstr_buf_add(b, "}\n");
}

static void render_summary(struct ktstr_buf *b, const struct ktstr_sched_maps *m)
{
	unsigned int i;

	ktstr_buf_addc(b, '{');
	jsonw_kv_str(b, true, "type", "maps");
	jsonw_kv_long(b, false, "held", m->n);
	ktstr_buf_add(b, ", \"skipped\": [");
	for (i = 0; i < m->nr_skipped; i++) {
		const struct ktstr_map_skip *s = &m->skipped[i];

		ktstr_buf_add(b, i ? ", {" : "{");
		jsonw_kv_long(b, true, "id", s->id);
		jsonw_kv_str(b, false, "name", s->name);
		jsonw_kv_str(b, false, "map_type", s->type ?
			     ktstr_map_type_name(s->type) : "");
		jsonw_kv_str(b, false, "why", s->why);
		ktstr_buf_addc(b, '}');
	}
	ktstr_buf_addc(b, ']');
	jsonw_kv_long(b, false, "dropped", m->dropped);
	jsonw_kv_long(b, false, "progs_gone", m->progs_gone);
	ktstr_buf_add(b, ", \"limits\": {");
	jsonw_kv_long(b, true, "entries", KTSTR_MAPS_ENTRIES);
	jsonw_kv_long(b, false, "scan", KTSTR_MAPS_SCAN);
	jsonw_kv_long(b, false, "map_text", KTSTR_MAPS_MAP_TEXT);
	jsonw_kv_long(b, false, "text", KTSTR_MAPS_TEXT);
	ktstr_buf_add(b, "}}\n");
}

int ktstr_maps_render(const struct ktstr_sched_maps *m, struct ktstr_buf *b)
{
	size_t start = b->len, used, budget;
	unsigned int i;

	render_summary(b, m);
	for (i = 0; i < m->n; i++) {
		used = b->len - start;
		budget = used < KTSTR_MAPS_TEXT ? KTSTR_MAPS_TEXT - used : 0;
		if (budget > KTSTR_MAPS_MAP_TEXT)
			budget = KTSTR_MAPS_MAP_TEXT;
		ktstr_maps_render_map(b, &m->v[i], budget);
	}
	return b->oom ? -ENOMEM : 0;
}
