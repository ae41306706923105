/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shared between repro_dump.c (the failure dump as text) and
 * repro_dump_json.c (as JSON). repro_dump.h is the API.
 */
#ifndef KTSTR_HOST_REPRO_DUMP_INTERNAL_H
#define KTSTR_HOST_REPRO_DUMP_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>

struct json_object;

/* The "@hint" of an annotated value, or NULL for any other value. */
const char *repro_dump_hint_of(struct json_object *v);
/* A DSQ id's name or a CPU mask's list, from the hex the guest sent. */
bool repro_dump_decode_hint(struct json_object *v, const char *hint,
			    char *buf, size_t size);

#endif /* KTSTR_HOST_REPRO_DUMP_INTERNAL_H */
