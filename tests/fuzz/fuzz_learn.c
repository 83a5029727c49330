// SPDX-License-Identifier: GPL-2.0-only
/*
 * libFuzzer harness: any bytes as an events log that `sockfence learn
 * --from-json` reads (learn.c), a line at a time, then the proposal and
 * the diff against the built-in default policy, printed to /dev/null.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "learn.h"
#include "policy_source.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* No cgroup hierarchy to search: ids resolve to a path made from the id. */
static int fake_cgroup_path(__u64 id, char *out, size_t len)
{
	snprintf(out, len, id & 1 ? "system.slice/u%llu.service" : "user.slice/s%llu.scope",
		 (unsigned long long)id);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct policy base;
	static struct diag_list diags;
	static FILE *sink;
	struct learn_set set;
	char *text = malloc(size + 1), *line, *next;

	if (!text)
		return 0;
	if (!sink) {
		diag_init(&diags, "default");
		if (policy_parse(sf_default_policy, strlen(sf_default_policy), &base, &diags) != 0 ||
		    !(sink = fopen("/dev/null", "w")))
			abort();
	}
	memcpy(text, data, size);
	text[size] = '\0';
	learn_init(&set, &base);
	set.cgroup_path = fake_cgroup_path;
	for (line = text; line; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		learn_add_line(&set, line);
	}
	learn_propose(&set, sink);
	learn_diff(&set, sink);
	learn_free(&set);
	free(text);
	return 0;
}
