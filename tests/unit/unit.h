/* SPDX-License-Identifier: GPL-2.0-only */
/* Each unit test file registers one CUnit suite. */
#ifndef SOCKFENCE_UNIT_H
#define SOCKFENCE_UNIT_H

#include <CUnit/CUnit.h>

struct unit_test {
	const char *name;
	CU_TestFunc run;
};

/*
 * Adds a suite with the tests of a { 0 }-terminated array; setup and
 * teardown may be NULL. Returns 0 or a CUnit error.
 */
int unit_add_suite(const char *name, CU_InitializeFunc setup, CU_CleanupFunc teardown,
		   const struct unit_test *tests);

int register_backend_tests(void);
int register_connections_tests(void);
int register_allowed_memo_tests(void);
int register_container_tests(void);
int register_hooks_tests(void);
int register_json_sink_tests(void);
int register_metrics_tests(void);
int register_kept_tests(void);
int register_policy_slots_tests(void);
int register_learn_tests(void);
int register_policy_words_tests(void);
int register_control_proto_tests(void);
int register_decide_tests(void);
int register_diag_tests(void);
int register_event_format_tests(void);
int register_event_records_tests(void);
int register_event_sinks_tests(void);
int register_lsm_check_tests(void);
int register_policy_abstract_tests(void);
int register_policy_compile_tests(void);
int register_policy_identity_tests(void);
int register_policy_source_tests(void);
int register_policy_lint_tests(void);
int register_policy_parse_tests(void);

#endif /* SOCKFENCE_UNIT_H */
