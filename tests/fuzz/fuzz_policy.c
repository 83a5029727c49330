// SPDX-License-Identifier: GPL-2.0-only
/*
 * libFuzzer harness: any bytes through the policy parser and, when they make
 * a valid policy, the lint and the compiler; everything freed so leaks show
 * up too.
 */
#include <stddef.h>
#include <stdint.h>

#include "policy.h"
#include "policy_compile.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct sf_policy compiled;
	struct diag_list diags;
	struct policy policy;
	char line[512];

	diag_init(&diags, "fuzz.yaml");
	if (policy_parse((const char *)data, size, &policy, &diags) == 0) {
		policy_lint(&policy, &diags);
		policy_compile(&policy, 1, &compiled, &diags);
		policy_free(&policy);
	}
	/* Exercise the printed form as well. */
	for (size_t i = 0; i < diags.count; i++)
		diag_format(&diags, i, line, sizeof(line));
	diag_free(&diags);
	return 0;
}
