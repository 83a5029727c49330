// SPDX-License-Identifier: GPL-2.0-only
/*
 * policy-bench: the user-space half of a reload, timed on the build host
 * (no BPF, no root needed).
 *
 *   policy-bench --rounds N FILE...
 *
 * For each round and each FILE in turn (interleaved, after one warm-up
 * round) it times, from the file's text in memory, policy_parse(),
 * policy_lint() and policy_compile(), then a whole daemon_reload() of the
 * file with no kernel attached: read, parse, lint, compile, the log lines
 * and the swap of the policy in force, i.e. everything a reload does except
 * publishing the map to the kernel and the control socket round trip. One
 * line per FILE and round:
 *   "file=F rules=N round=R parse_us=X lint_us=X compile_us=X total_us=X reload_us=X"
 * The daemon's log lines go to stderr: redirect it.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "daemon.h"
#include "policy.h"
#include "policy_compile.h"

static double now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

static char *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "r");
	char *text = NULL;
	long size;

	if (!f || fseek(f, 0, SEEK_END) != 0 || (size = ftell(f)) < 0 ||
	    fseek(f, 0, SEEK_SET) != 0 || !(text = malloc(size + 1)) ||
	    fread(text, 1, size, f) != (size_t)size) {
		fprintf(stderr, "policy-bench: cannot read %s: %s\n", path, strerror(errno));
		exit(2);
	}
	fclose(f);
	text[size] = '\0';
	*len = size;
	return text;
}

/* One timed pass over path; prints its line unless quiet. */
static void measure(const char *path, const char *text, size_t len, struct sf_policy *compiled,
		    struct daemon *d, long round, int quiet)
{
	double t0, t1, t2, t3, t4, t5;
	struct diag_list diags;
	struct policy policy;
	char summary[512];
	int err;

	diag_init(&diags, path);
	t0 = now_us();
	err = policy_parse(text, len, &policy, &diags);
	t1 = now_us();
	if (!err)
		policy_lint(&policy, &diags);
	t2 = now_us();
	if (!err)
		err = policy_compile(&policy, 1, compiled, &diags);
	t3 = now_us();
	if (err) {
		diag_print(&diags, stderr);
		fprintf(stderr, "policy-bench: %s is not a valid policy\n", path);
		exit(1);
	}
	t4 = now_us();
	err = daemon_reload(d, path, NULL, NULL, summary, sizeof(summary));
	t5 = now_us();
	if (err) {
		fprintf(stderr, "policy-bench: reload of %s failed: %s\n", path, summary);
		exit(1);
	}
	if (!quiet)
		printf("file=%s rules=%zu round=%ld parse_us=%.1f lint_us=%.1f compile_us=%.1f "
		       "total_us=%.1f reload_us=%.1f\n",
		       path, policy.n_rules, round, t1 - t0, t2 - t1, t3 - t2, t3 - t0, t5 - t4);
	policy_free(&policy);
	diag_free(&diags);
}

int main(int argc, char **argv)
{
	struct daemon d = { .policy_explicit = true };
	struct sf_policy *compiled;
	size_t *lens;
	char **texts;
	long rounds;
	int n;

	if (argc < 4 || strcmp(argv[1], "--rounds") != 0) {
		fprintf(stderr, "usage: policy-bench --rounds N FILE...\n");
		return 2;
	}
	rounds = strtol(argv[2], NULL, 10);
	n = argc - 3;
	compiled = calloc(1, sizeof(*compiled));
	texts = calloc(n, sizeof(*texts));
	lens = calloc(n, sizeof(*lens));
	d.policy_path = strdup(argv[3]);
	if (!compiled || !texts || !lens || !d.policy_path || rounds <= 0)
		return 2;
	for (int i = 0; i < n; i++)
		texts[i] = read_file(argv[3 + i], &lens[i]);
	for (long r = -1; r < rounds; r++) {
		for (int i = 0; i < n; i++)
			measure(argv[3 + i], texts[i], lens[i], compiled, &d, r, r < 0);
	}
	for (int i = 0; i < n; i++)
		free(texts[i]);
	free(texts);
	free(lens);
	free(compiled);
	daemon_fini(&d);
	return 0;
}
