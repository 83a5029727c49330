// SPDX-License-Identifier: GPL-2.0-only
#include <errno.h>

#include "lsm_check.h"
#include "unit.h"

static void finds_bpf_anywhere_in_the_list(void)
{
	CU_ASSERT_TRUE(lsm_list_has_bpf("bpf"));
	CU_ASSERT_TRUE(lsm_list_has_bpf("bpf,lockdown"));
	CU_ASSERT_TRUE(lsm_list_has_bpf("lockdown,capability,bpf"));
	CU_ASSERT_TRUE(lsm_list_has_bpf("capability,bpf,ipe\n"));
	CU_ASSERT_TRUE(lsm_list_has_bpf("lockdown,capability,bpf\n"));
}

static void does_not_match_parts_of_names(void)
{
	CU_ASSERT_FALSE(lsm_list_has_bpf(""));
	CU_ASSERT_FALSE(lsm_list_has_bpf("lockdown,capability,landlock"));
	CU_ASSERT_FALSE(lsm_list_has_bpf("bpfx,xbpf,bp"));
}

static void suggests_the_list_plus_bpf(void)
{
	char out[64];

	CU_ASSERT_EQUAL(lsm_suggest_param("lockdown,capability\n", out, sizeof(out)), 0);
	CU_ASSERT_STRING_EQUAL(out, "lsm=lockdown,capability,bpf");
	CU_ASSERT_EQUAL(lsm_suggest_param("", out, sizeof(out)), 0);
	CU_ASSERT_STRING_EQUAL(out, "lsm=bpf");
}

static void suggestion_reports_a_short_buffer(void)
{
	char out[8];

	CU_ASSERT_EQUAL(lsm_suggest_param("lockdown,capability", out, sizeof(out)), -ENOSPC);
}

static void kernel_minimum(void)
{
	CU_ASSERT_TRUE(lsm_kernel_supported("6.1.0-56-cloud-amd64"));
	CU_ASSERT_TRUE(lsm_kernel_supported("6.12.117+deb12-cloud-amd64"));
	CU_ASSERT_TRUE(lsm_kernel_supported("7.0.0"));
	CU_ASSERT_FALSE(lsm_kernel_supported("6.0.19"));
	CU_ASSERT_FALSE(lsm_kernel_supported("5.19.0-41-generic"));
	CU_ASSERT_FALSE(lsm_kernel_supported("garbage"));
}

int register_lsm_check_tests(void)
{
	static const struct unit_test tests[] = {
		{ "finds bpf anywhere in the list", finds_bpf_anywhere_in_the_list },
		{ "does not match parts of names", does_not_match_parts_of_names },
		{ "suggests the list plus bpf", suggests_the_list_plus_bpf },
		{ "suggestion reports a short buffer", suggestion_reports_a_short_buffer },
		{ "kernel minimum", kernel_minimum },
		{ 0 },
	};

	return unit_add_suite("lsm_check", NULL, NULL, tests);
}
