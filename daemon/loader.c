// SPDX-License-Identifier: GPL-2.0-only
#include "loader.h"

#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "log.h"
#include "sockfence.skel.h"

static int libbpf_print(enum libbpf_print_level level, const char *fmt, va_list args)
{
	if (level == LIBBPF_DEBUG && !log_is_verbose())
		return 0;
	fputs("sockfence: ", stderr); /* libbpf adds its own prefix */
	return vfprintf(stderr, fmt, args);
}

/* What a failed load or attach means for the user, by errno. */
static const char *bpf_error_hint(int err)
{
	switch (err) {
	case EPERM:
		return "the kernel refused BPF LSM programs: run sockfence as root "
		       "(CAP_SYS_ADMIN, or CAP_BPF + CAP_PERFMON + CAP_MAC_ADMIN); "
		       "kernel lockdown or a sandbox that forbids BPF LSM also "
		       "cause this";
	case EINVAL:
	case EACCES:
		return "the verifier rejected a program; its log is printed above";
	case ENOENT:
	case ESRCH:
		return "a kernel function or type the programs need is missing: "
		       "the kernel is too old or lacks BTF (Linux 6.1 or newer is "
		       "supported)";
	case E2BIG:
		return "the program is too large for this kernel's verifier";
	case ENOTSUP:
	case 524: /* ENOTSUPP, kernel-internal */
		return "BPF LSM attachment is not supported by this kernel "
		       "(CONFIG_BPF_LSM=y and lsm=...,bpf are required)";
	}
	return "see the libbpf messages above";
}

int loader_load(struct loader *l)
{
	int err;

	libbpf_set_print(libbpf_print);
	l->skel = sockfence_bpf__open();
	if (!l->skel) {
		err = -errno;
		log_err("cannot open the embedded BPF object: %s", strerror(-err));
		return err;
	}
	err = sockfence_bpf__load(l->skel);
	if (err) {
		log_err("loading BPF programs failed: %s (errno %d): %s", strerror(-err), -err,
			bpf_error_hint(-err));
		return err;
	}
	return 0;
}

int loader_publish(struct loader *l, const struct sf_policy *compiled)
{
	int outer = bpf_map__fd(l->skel->maps.policy);
	__u32 zero = 0;
	int inner, err = 0;

	inner = bpf_map_create(BPF_MAP_TYPE_ARRAY, "sf_policy_gen", sizeof(zero), sizeof(*compiled),
			       1, NULL);
	if (inner < 0) {
		err = -errno;
		log_err("cannot create a map for policy generation %u: %s", compiled->generation,
			strerror(-err));
		return err;
	}
	if (bpf_map_update_elem(inner, &zero, compiled, BPF_ANY) != 0 ||
	    bpf_map_update_elem(outer, &zero, &inner, BPF_ANY) != 0) {
		err = -errno;
		log_err("cannot activate policy generation %u: %s", compiled->generation,
			strerror(-err));
	}
	/* The outer map holds its own reference; ours is no longer needed. */
	close(inner);
	return err;
}

int loader_attach(struct loader *l)
{
	int err = sockfence_bpf__attach(l->skel);

	if (err)
		log_err("attaching BPF programs failed: %s (errno %d): %s", strerror(-err), -err,
			bpf_error_hint(-err));
	return err;
}

int loader_events_map_fd(const struct loader *l)
{
	return bpf_map__fd(l->skel->maps.events);
}

int loader_read_counters(const struct loader *l, __u64 out[SF_CNT_MAX])
{
	int fd = bpf_map__fd(l->skel->maps.counters);
	int n_cpus = libbpf_num_possible_cpus();
	__u64 *per_cpu;
	int err = 0;

	if (n_cpus < 0)
		return n_cpus;
	per_cpu = calloc(n_cpus, sizeof(*per_cpu));
	if (!per_cpu)
		return -ENOMEM;
	for (__u32 key = 0; key < SF_CNT_MAX; key++) {
		out[key] = 0;
		if (bpf_map_lookup_elem(fd, &key, per_cpu) != 0) {
			err = -errno;
			break;
		}
		for (int cpu = 0; cpu < n_cpus; cpu++)
			out[key] += per_cpu[cpu];
	}
	free(per_cpu);
	return err;
}

void loader_destroy(struct loader *l)
{
	sockfence_bpf__destroy(l->skel);
	l->skel = NULL;
}
