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

int loader_fill_endpoints(struct loader *l, const struct endpoint_state *st)
{
	int unix_fd = bpf_map__fd(l->skel->maps.unix_endpoints);
	int tcp_fd = bpf_map__fd(l->skel->maps.tcp_ports);
	size_t n_ports = 0;

	for (size_t i = 0; i < st->n_unix; i++) {
		const struct resolved_unix *r = &st->unix_targets[i];
		struct sf_endpoint value = { .id = r->endpoint_id };

		if (bpf_map_update_elem(unix_fd, &r->key, &value, BPF_ANY) != 0) {
			log_err("cannot protect %s: map update failed: %s", r->path,
				strerror(errno));
			return -errno;
		}
	}
	for (size_t i = 0; i < st->config->n_targets; i++) {
		const struct endpoint_target *t = &st->config->targets[i];
		struct sf_endpoint value = { .id = t->endpoint_id };
		__u16 port = t->port;

		if (t->kind != ENDPOINT_TCP)
			continue;
		if (++n_ports > SF_MAX_TCP_PORTS) {
			log_err("too many TCP ports: at most %d", SF_MAX_TCP_PORTS);
			return -E2BIG;
		}
		if (bpf_map_update_elem(tcp_fd, &port, &value, BPF_ANY) != 0) {
			log_err("cannot protect TCP port %u: map update failed: %s", port,
				strerror(errno));
			return -errno;
		}
	}
	return 0;
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
