// SPDX-License-Identifier: GPL-2.0-only
#define _GNU_SOURCE /* open_memstream */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "unit.h"

static void formats_errors_and_warnings(void)
{
	struct diag_list d;
	char line[128];

	diag_init(&d, "policy.yaml");
	diag_add(&d, DIAG_ERROR, (struct diag_pos){ 3, 7 }, "unknown key '%s' (valid keys: %s)",
		 "acton", "action");
	diag_add(&d, DIAG_WARNING, (struct diag_pos){ 12, 1 }, "rule %d can never match", 4);
	CU_ASSERT_EQUAL(d.count, 2);
	CU_ASSERT_EQUAL(d.errors, 1);
	CU_ASSERT_EQUAL(d.warnings, 1);
	CU_ASSERT_EQUAL(diag_format(&d, 0, line, sizeof(line)), 0);
	CU_ASSERT_STRING_EQUAL(line,
			       "policy.yaml:3:7: error: unknown key 'acton' (valid keys: action)");
	CU_ASSERT_EQUAL(diag_format(&d, 1, line, sizeof(line)), 0);
	CU_ASSERT_STRING_EQUAL(line, "policy.yaml:12:1: warning: rule 4 can never match");
	diag_free(&d);
}

static void omits_an_unknown_position(void)
{
	struct diag_list d;
	char line[128];

	diag_init(&d, "/etc/sockfence/policy.yaml");
	diag_add(&d, DIAG_ERROR, (struct diag_pos){ 0, 0 }, "cannot read %s: %s", "x",
		 strerror(ENOENT));
	CU_ASSERT_EQUAL(diag_format(&d, 0, line, sizeof(line)), 0);
	CU_ASSERT_STRING_EQUAL(line, "/etc/sockfence/policy.yaml: error: cannot read x: No such "
				     "file or directory");
	diag_free(&d);
}

static void copies_the_file_name(void)
{
	struct diag_list d;
	char name[] = "a.yaml", line[64];

	diag_init(&d, name);
	name[0] = 'b';
	diag_add(&d, DIAG_WARNING, (struct diag_pos){ 1, 2 }, "w");
	CU_ASSERT_EQUAL(diag_format(&d, 0, line, sizeof(line)), 0);
	CU_ASSERT_STRING_EQUAL(line, "a.yaml:1:2: warning: w");
	diag_free(&d);
	CU_ASSERT_PTR_NULL(d.file);
	CU_ASSERT_PTR_NULL(d.items);
	CU_ASSERT_EQUAL(d.count, 0);
	CU_ASSERT_EQUAL(d.errors, 0);
}

static void reports_a_short_buffer_and_a_bad_index(void)
{
	struct diag_list d;
	char line[8];

	diag_init(&d, "p.yaml");
	diag_add(&d, DIAG_ERROR, (struct diag_pos){ 1, 1 }, "too long for the buffer");
	CU_ASSERT_EQUAL(diag_format(&d, 0, line, sizeof(line)), -ENOSPC);
	CU_ASSERT_STRING_EQUAL(line, "p.yaml:"); /* cut, but terminated */
	CU_ASSERT_EQUAL(diag_format(&d, 1, line, sizeof(line)), -EINVAL);
	diag_free(&d);
}

static void keeps_many_in_order(void)
{
	struct diag_list d;
	char line[96], want[96];

	diag_init(&d, "p.yaml");
	for (unsigned int i = 1; i <= 1000; i++)
		diag_add(&d, DIAG_ERROR, (struct diag_pos){ i, 1 }, "error %u", i);
	CU_ASSERT_EQUAL_FATAL(d.count, 1000);
	for (size_t i = 0; i < d.count; i += 333) {
		snprintf(want, sizeof(want), "p.yaml:%zu:1: error: error %zu", i + 1, i + 1);
		diag_format(&d, i, line, sizeof(line));
		CU_ASSERT_STRING_EQUAL(line, want);
	}
	diag_free(&d);
}

static void prints_one_line_each(void)
{
	struct diag_list d;
	char *out = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&out, &len);

	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	diag_init(&d, "p.yaml");
	diag_add(&d, DIAG_ERROR, (struct diag_pos){ 2, 3 }, "first (hint)");
	diag_add(&d, DIAG_WARNING, (struct diag_pos){ 0, 0 }, "second");
	diag_print(&d, f);
	fclose(f);
	CU_ASSERT_STRING_EQUAL(out, "p.yaml:2:3: error: first (hint)\n"
				    "p.yaml: warning: second\n");
	free(out);
	diag_free(&d);
}

int register_diag_tests(void)
{
	static const struct unit_test tests[] = {
		{ "formats errors and warnings", formats_errors_and_warnings },
		{ "omits an unknown position", omits_an_unknown_position },
		{ "copies the file name", copies_the_file_name },
		{ "reports a short buffer and a bad index",
		  reports_a_short_buffer_and_a_bad_index },
		{ "keeps many in order", keeps_many_in_order },
		{ "prints one line each", prints_one_line_each },
		{ 0 },
	};

	return unit_add_suite("diag", NULL, NULL, tests);
}
