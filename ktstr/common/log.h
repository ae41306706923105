/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Messages on stderr, one line each, for host and guest alike: the
 * launcher's never mix with the TAP stream on stdout, the guest's go to
 * its console. A file may define pr_fmt() before including this, as the
 * kernel's do, to prefix its own ("ktstr probe: ").
 */
#ifndef KTSTR_COMMON_LOG_H
#define KTSTR_COMMON_LOG_H

#include <stdio.h>

#ifndef pr_fmt
#define pr_fmt(fmt)	"ktstr: " fmt
#endif

/* -v: pr_debug() prints too. */
extern int ktstr_verbose;

#define pr_err(fmt, ...)	fprintf(stderr, pr_fmt(fmt) "\n", ##__VA_ARGS__)
#define pr_warn(fmt, ...)	fprintf(stderr, pr_fmt(fmt) "\n", ##__VA_ARGS__)
#define pr_info(fmt, ...)	fprintf(stderr, pr_fmt(fmt) "\n", ##__VA_ARGS__)
#define pr_debug(fmt, ...)						\
	do {								\
		if (ktstr_verbose)					\
			fprintf(stderr, pr_fmt(fmt) "\n", ##__VA_ARGS__); \
	} while (0)

#endif /* KTSTR_COMMON_LOG_H */
