/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The compiled-in test table: registration (KTSTR_TEST constructors),
 * lookup, validation, derived timings and the --list output.
 */
#ifndef KTSTR_REGISTRY_H
#define KTSTR_REGISTRY_H

#include <stddef.h>

#include "guest/ktstr_test.h"
#include "guest/lib/strbuf.h"

#define KTSTR_DEFAULT_DURATION_MS	2000
#define KTSTR_DEFAULT_WORKERS		2
#define KTSTR_MAX_DURATION_MS		600000

/* Tests in name order. */
unsigned int ktstr_test_count(void);
const struct ktstr_test *ktstr_test_at(unsigned int idx);
const struct ktstr_test *ktstr_test_find(const char *name);

/*
 * Check one definition. Returns 0 or -EINVAL with @err set to
 * "test 'NAME': FIELD: what is wrong".
 */
int ktstr_test_validate(const struct ktstr_test *test, char *why, size_t whylen);
/*
 * Check every definition and that names are unique; prints each problem
 * to stderr. Returns 0 or -EINVAL.
 */
int ktstr_registry_validate(void);

/* KTSTR_EXPECT_*: the --list spelling. */
const char *ktstr_expect_name(enum ktstr_expect expect);
unsigned int ktstr_test_duration_ms(const struct ktstr_test *test);
/* The topology string in effect (the default when the test sets none). */
const char *ktstr_test_topology(const struct ktstr_test *test);
/*
 * Time budgets, in seconds: the guest watchdog covers the test from init
 * to its result; the host's VM timeout (under TCG) adds boot and power-off
 * so the guest's watchdog always fires first and reports.
 */
unsigned int ktstr_test_watchdog_s(const struct ktstr_test *test);
/* The watchdog for a VM timeout the host raised (an external scheduler). */
unsigned int ktstr_vm_watchdog_s(const struct ktstr_test *test,
				 unsigned int vm_timeout_s);
unsigned int ktstr_test_timeout_s(const struct ktstr_test *test);

/* The --list --json array (docs/protocol.md), and a table for humans. */
void ktstr_registry_list_json(struct ktstr_buf *out);
void ktstr_registry_list_text(struct ktstr_buf *out);

#endif /* KTSTR_REGISTRY_H */
