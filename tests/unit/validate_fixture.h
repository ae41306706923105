/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The scenario validator's fixture: a test on VALIDATE_TOPOLOGY with the
 * cgroups VALIDATE_CGROUPS (a file-scope array: a compound literal in the
 * setup would die with it), which each TEST_F edits, then check()s.
 * Define both before including this.
 */
#ifndef KTSTR_UNIT_VALIDATE_FIXTURE_H
#define KTSTR_UNIT_VALIDATE_FIXTURE_H

#include "kselftest_harness.h"
#include "guest/scenario/scenario.h"

FIXTURE(validate) {
	struct ktstr_topo topo;
	struct ktstr_test test;
	char err[512];
};

FIXTURE_SETUP(validate)
{
	ASSERT_EQ(0, ktstr_topo_parse(VALIDATE_TOPOLOGY, &self->topo, NULL, 0));
	self->test = (struct ktstr_test) {
		.name = "t",
		.cgroups = VALIDATE_CGROUPS,
	};
	self->err[0] = '\0';
}

FIXTURE_TEARDOWN(validate)
{
}

static int check(struct _test_data_validate *self)
{
	return ktstr_scenario_validate(&self->test, &self->topo, self->err,
				       sizeof(self->err));
}

#endif /* KTSTR_UNIT_VALIDATE_FIXTURE_H */
