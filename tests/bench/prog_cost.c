// SPDX-License-Identifier: GPL-2.0-only
/*
 * sfbench-cost: how long each loaded BPF program ran per run while a
 * command ran. Turns the kernel's run-time statistics on (BPF_ENABLE_STATS,
 * on for as long as its fd is open), reads every program's run count and
 * run time, runs COMMAND, reads them again and prints one line per program
 * that ran:
 *
 *   cost prog=NAME type=N runs=N ns=N ns_per_run=F
 *
 * Under `-icount shift=2` a guest nanosecond is a quarter instruction, so
 * ns_per_run / 4 counts the instructions of one run (the statistics' own
 * two clock reads included, alike for every program). Benchmarks only.
 *
 *   sfbench-cost COMMAND [ARG...]
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <bpf/bpf.h>

#define COST_MAX_PROGS 256

struct prog_sample {
	__u32 id;
	__u32 type;
	char name[BPF_OBJ_NAME_LEN];
	__u64 run_cnt;
	__u64 run_time_ns;
};

/* Every loaded program's counters; the count taken, or -1. */
static int sample_all(struct prog_sample *out, int max)
{
	__u32 id = 0;
	int n = 0;

	while (n < max && bpf_prog_get_next_id(id, &id) == 0) {
		struct bpf_prog_info info = { 0 };
		__u32 len = sizeof(info);
		int fd = bpf_prog_get_fd_by_id(id);

		if (fd < 0)
			continue; /* unloaded since */
		if (bpf_obj_get_info_by_fd(fd, &info, &len) == 0) {
			out[n].id = id;
			out[n].type = info.type;
			snprintf(out[n].name, sizeof(out[n].name), "%s", info.name);
			out[n].run_cnt = info.run_cnt;
			out[n].run_time_ns = info.run_time_ns;
			n++;
		}
		close(fd);
	}
	return n;
}

static const struct prog_sample *find(const struct prog_sample *s, int n, __u32 id)
{
	for (int i = 0; i < n; i++)
		if (s[i].id == id)
			return &s[i];
	return NULL;
}

int main(int argc, char **argv)
{
	static struct prog_sample before[COST_MAX_PROGS], after[COST_MAX_PROGS];
	int stats_fd, n_before, n_after, status;
	pid_t child;

	if (argc < 2) {
		fprintf(stderr, "usage: sfbench-cost COMMAND [ARG...]\n");
		return 2;
	}
	stats_fd = bpf_enable_stats(BPF_STATS_RUN_TIME);
	if (stats_fd < 0) {
		fprintf(stderr, "sfbench-cost: cannot turn on BPF run-time statistics: %s\n",
			strerror(errno));
		return 2;
	}
	n_before = sample_all(before, COST_MAX_PROGS);
	child = fork();
	if (child == 0) {
		close(stats_fd);
		execvp(argv[1], argv + 1);
		fprintf(stderr, "sfbench-cost: cannot run %s: %s\n", argv[1], strerror(errno));
		_exit(127);
	}
	if (child < 0 || waitpid(child, &status, 0) < 0) {
		fprintf(stderr, "sfbench-cost: cannot run %s: %s\n", argv[1], strerror(errno));
		return 2;
	}
	n_after = sample_all(after, COST_MAX_PROGS);
	close(stats_fd);
	for (int i = 0; i < n_after; i++) {
		const struct prog_sample *b = find(before, n_before, after[i].id);
		__u64 runs = after[i].run_cnt - (b ? b->run_cnt : 0);
		__u64 ns = after[i].run_time_ns - (b ? b->run_time_ns : 0);

		if (runs == 0)
			continue;
		printf("cost prog=%s type=%u runs=%llu ns=%llu ns_per_run=%.1f\n", after[i].name,
		       after[i].type, (unsigned long long)runs, (unsigned long long)ns,
		       (double)ns / (double)runs);
	}
	return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}
