/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Launcher messages: one line on stderr, prefixed "ktstr: ", so they never
 * mix with the TAP stream on stdout.
 */
#ifndef KTSTR_HOST_LOG_H
#define KTSTR_HOST_LOG_H

#include <stdio.h>

extern int ktstr_verbose;

#define pr_err(fmt, ...)	fprintf(stderr, "ktstr: " fmt "\n", ##__VA_ARGS__)
#define pr_info(fmt, ...)	fprintf(stderr, "ktstr: " fmt "\n", ##__VA_ARGS__)
#define pr_debug(fmt, ...)						\
	do {								\
		if (ktstr_verbose)					\
			fprintf(stderr, "ktstr: " fmt "\n", ##__VA_ARGS__); \
	} while (0)

#endif /* KTSTR_HOST_LOG_H */
