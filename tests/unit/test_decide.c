// SPDX-License-Identifier: GPL-2.0-only
/* The kernel's decision function, run on the host. */
#include <linux/types.h>

#include "decide.h"
#include "unit.h"

static struct sf_caller caller(__u32 uid, __u32 euid, __u32 level)
{
	struct sf_caller c = { .uid = uid, .euid = euid, .pidns_level = level };

	return c;
}

static void root_on_host_is_allowed(void)
{
	struct sf_caller c = caller(0, 0, 0);

	CU_ASSERT_EQUAL(sf_decide(&c), SF_VERDICT_ALLOW);
}

static void other_uid_is_denied(void)
{
	struct sf_caller c = caller(1000, 1000, 0);

	CU_ASSERT_EQUAL(sf_decide(&c), SF_VERDICT_DENY);
}

static void root_in_pid_namespace_is_denied(void)
{
	struct sf_caller c = caller(0, 0, 1);

	CU_ASSERT_EQUAL(sf_decide(&c), SF_VERDICT_DENY);
	c.pidns_level = 3;
	CU_ASSERT_EQUAL(sf_decide(&c), SF_VERDICT_DENY);
}

static void half_root_is_denied(void)
{
	struct sf_caller setuid_binary = caller(1000, 0, 0);
	struct sf_caller dropped_euid = caller(0, 1000, 0);

	CU_ASSERT_EQUAL(sf_decide(&setuid_binary), SF_VERDICT_DENY);
	CU_ASSERT_EQUAL(sf_decide(&dropped_euid), SF_VERDICT_DENY);
}

int register_decide_tests(void)
{
	static const struct unit_test tests[] = {
		{ "root on the host is allowed", root_on_host_is_allowed },
		{ "another uid is denied", other_uid_is_denied },
		{ "root in a pid namespace is denied", root_in_pid_namespace_is_denied },
		{ "uid or euid alone 0 is denied", half_root_is_denied },
		{ 0 },
	};

	return unit_add_suite("decide", NULL, NULL, tests);
}
