// SPDX-License-Identifier: GPL-2.0-only
/* CUnit runner: every suite, one summary line, exit status = failures. */
#include <CUnit/Basic.h>
#include <stdio.h>

#include "unit.h"

int unit_add_suite(const char *name, CU_InitializeFunc setup, CU_CleanupFunc teardown,
		   const struct unit_test *tests)
{
	CU_pSuite suite = CU_add_suite(name, setup, teardown);

	if (!suite)
		return CU_get_error();
	for (; tests->name; tests++) {
		if (!CU_add_test(suite, tests->name, tests->run))
			return CU_get_error();
	}
	return 0;
}

int main(void)
{
	/* One suite per line. */
	/* clang-format off */
	int (*const suites[])(void) = {
		register_allowed_memo_tests,
		register_backend_tests,
		register_connections_tests,
		register_container_tests,
		register_control_proto_tests,
		register_decide_tests,
		register_diag_tests,
		register_event_format_tests,
		register_event_records_tests,
		register_event_sinks_tests,
		register_hooks_tests,
		register_json_sink_tests,
		register_metrics_tests,
		register_kept_tests,
		register_learn_tests,
		register_lsm_check_tests,
		register_policy_abstract_tests,
		register_policy_compile_tests,
		register_policy_identity_tests,
		register_policy_slots_tests,
		register_policy_source_tests,
		register_policy_lint_tests,
		register_policy_parse_tests,
		register_policy_words_tests,
	};
	/* clang-format on */
	unsigned int run, failed;

	if (CU_initialize_registry() != CUE_SUCCESS)
		return 1;
	for (size_t i = 0; i < sizeof(suites) / sizeof(suites[0]); i++) {
		if (suites[i]() != 0) {
			fprintf(stderr, "unit: cannot register suite: %s\n", CU_get_error_msg());
			CU_cleanup_registry();
			return 1;
		}
	}
	CU_basic_set_mode(CU_BRM_VERBOSE);
	CU_basic_run_tests();
	run = CU_get_number_of_tests_run();
	failed = CU_get_number_of_tests_failed();
	CU_cleanup_registry();
	printf("unit: %u passed, %u failed\n", run - failed, failed);
	return failed ? 1 : 0;
}
