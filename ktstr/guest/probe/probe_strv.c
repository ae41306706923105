// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "guest/probe/probe_data.h"

int ktstr_strv_add(struct ktstr_strv *sv, const char *s)
{
	char **v;

	if (ktstr_strv_has(sv, s))
		return 0;
	if (sv->n == sv->cap) {
		unsigned int cap = sv->cap ? sv->cap * 2 : 16;

		v = realloc(sv->v, cap * sizeof(*v));
		if (!v)
			return -ENOMEM;
		sv->v = v;
		sv->cap = cap;
	}
	sv->v[sv->n] = strdup(s);
	if (!sv->v[sv->n])
		return -ENOMEM;
	sv->n++;
	return 0;
}

bool ktstr_strv_has(const struct ktstr_strv *sv, const char *s)
{
	unsigned int i;

	for (i = 0; i < sv->n; i++)
		if (!strcmp(sv->v[i], s))
			return true;
	return false;
}

void ktstr_strv_free(struct ktstr_strv *sv)
{
	unsigned int i;

	for (i = 0; i < sv->n; i++)
		free(sv->v[i]);
	free(sv->v);
	memset(sv, 0, sizeof(*sv));
}
