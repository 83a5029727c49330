// SPDX-License-Identifier: GPL-2.0-only
#include "loader.h"

#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "log.h"
#include "pins.h"
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

/* Points the object's maps at the pinned ones, when their layout matches. */
static int reuse_pinned_maps(struct loader *l)
{
	struct sf_meta meta;

	if (pins_read_meta(&meta) != 0)
		return 0; /* nothing pinned: a first start */
	l->pinned_generation = meta.generation;
	if (meta.layout != SF_MAP_LAYOUT) {
		log_warn("pinned enforcement uses map layout %u, this sockfence %u: migrating "
			 "to fresh maps (policy re-read, counters restart, the old ring buffer is "
			 "drained into the log)",
			 meta.layout, SF_MAP_LAYOUT);
		l->migrating = true;
		l->old_events_fd = pins_open_map("events");
		return 0;
	}
	for (size_t i = 0; i < pins_n_maps; i++) {
		struct bpf_map *map = bpf_object__find_map_by_name(l->skel->obj, pins_map_names[i]);
		int fd = pins_open_map(pins_map_names[i]);
		int err = fd < 0 ? fd : bpf_map__reuse_fd(map, fd);

		if (fd >= 0)
			close(fd);
		if (err) {
			log_err("cannot reuse pinned map %s: %s; remove the pins with 'sockfence "
				"unload --yes' and start again",
				pins_map_names[i], strerror(-err));
			return err;
		}
	}
	l->adopted = true;
	return 0;
}

int loader_load(struct loader *l)
{
	int err;

	l->old_events_fd = -1;
	libbpf_set_print(libbpf_print);
	l->skel = sockfence_bpf__open();
	if (!l->skel) {
		err = -errno;
		log_err("cannot open the embedded BPF object: %s", strerror(-err));
		return err;
	}
	err = reuse_pinned_maps(l);
	if (err)
		return err;
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

static const struct pinned_link {
	const char *name;
	size_t offset; /* of the bpf_link pointer in the skeleton */
} pinned_links[] = {
	{ "unix_stream_connect", offsetof(struct sockfence_bpf, links.sf_unix_stream_connect) },
	{ "socket_connect", offsetof(struct sockfence_bpf, links.sf_socket_connect) },
};

#define N_PINNED_LINKS (sizeof(pinned_links) / sizeof(pinned_links[0]))

static struct bpf_link **skel_link(const struct loader *l, size_t i)
{
	return (struct bpf_link **)((char *)l->skel + pinned_links[i].offset);
}

/*
 * Make-before-break: each daemon pins its links under names of its own
 * (NAME-STAMP), and only once they are pinned and attached removes the pins
 * of earlier links, whose last reference goes with them. For a moment both
 * sets judge; a connect is denied if either denies.
 */
static void unpin_other_links(const char *const *current, size_t n)
{
	DIR *dir = opendir(SF_PIN_LINKS);
	struct dirent *entry;
	char path[PATH_MAX];

	if (!dir)
		return;
	while ((entry = readdir(dir)) != NULL) {
		bool ours = entry->d_name[0] == '.';

		for (size_t i = 0; i < n && !ours; i++)
			ours = strcmp(entry->d_name, current[i]) == 0;
		if (ours)
			continue;
		pins_link_path(path, sizeof(path), entry->d_name);
		log_debug("detaching the earlier link %s", path);
		unlink(path);
	}
	closedir(dir);
}

int loader_attach(struct loader *l)
{
	char names[N_PINNED_LINKS][64], path[PATH_MAX];
	const char *current[N_PINNED_LINKS];
	struct timespec now;
	int err = sockfence_bpf__attach(l->skel);

	if (err) {
		log_err("attaching BPF programs failed: %s (errno %d): %s", strerror(-err), -err,
			bpf_error_hint(-err));
		return err;
	}
	clock_gettime(CLOCK_REALTIME, &now);
	err = pins_make_dirs();
	for (size_t i = 0; !err && i < N_PINNED_LINKS; i++) {
		snprintf(names[i], sizeof(names[i]), "%s-%lld%09ld", pinned_links[i].name,
			 (long long)now.tv_sec, now.tv_nsec);
		current[i] = names[i];
		pins_link_path(path, sizeof(path), names[i]);
		if (bpf_obj_pin(bpf_link__fd(*skel_link(l, i)), path) != 0) {
			err = -errno;
			log_err("cannot pin %s: %s", path, strerror(-err));
		}
	}
	for (size_t i = 0; !err && !l->adopted && i < pins_n_maps; i++) {
		struct bpf_map *map = bpf_object__find_map_by_name(l->skel->obj, pins_map_names[i]);

		pins_map_path(path, sizeof(path), pins_map_names[i]);
		err = pins_replace(bpf_map__fd(map), path);
	}
	if (!err)
		unpin_other_links(current, N_PINNED_LINKS);
	return err;
}

int loader_write_meta(const struct loader *l, const struct sf_meta *meta)
{
	__u32 zero = 0;

	if (bpf_map_update_elem(bpf_map__fd(l->skel->maps.meta), &zero, meta, BPF_ANY) != 0) {
		log_warn("cannot record the daemon state in the meta map: %s", strerror(errno));
		return -errno;
	}
	return 0;
}

int loader_clear_rule_hits(const struct loader *l)
{
	int n_cpus = libbpf_num_possible_cpus();
	__u32 count = SF_RULE_HITS;
	__u32 *keys;
	__u64 *zeros;
	int err = 0;

	if (n_cpus < 0)
		return n_cpus;
	keys = calloc(SF_RULE_HITS, sizeof(*keys));
	zeros = calloc((size_t)SF_RULE_HITS * n_cpus, sizeof(*zeros));
	if (!keys || !zeros) {
		err = -ENOMEM;
		goto cleanup;
	}
	for (__u32 i = 0; i < SF_RULE_HITS; i++)
		keys[i] = i;
	/* One syscall for all of them: reloads must stay cheap. */
	if (bpf_map_update_batch(bpf_map__fd(l->skel->maps.rule_hits), keys, zeros, &count, NULL) !=
	    0) {
		err = -errno;
		log_warn("cannot reset the rule hit counters: %s", strerror(-err));
	}
cleanup:
	free(keys);
	free(zeros);
	return err;
}

int loader_unload(struct loader *l)
{
	__u32 ids[PINS_MAX_LINKS];
	int n = pins_linked_prog_ids(ids, PINS_MAX_LINKS);
	int err = pins_remove_all();

	loader_destroy(l); /* our references to links and programs, the last ones */
	if (!err)
		err = pins_wait_progs_gone(ids, n, 5000);
	return err;
}

int loader_events_map_fd(const struct loader *l)
{
	return bpf_map__fd(l->skel->maps.events);
}

int loader_agg_map_fd(const struct loader *l)
{
	return l->skel ? bpf_map__fd(l->skel->maps.agg) : -1;
}

int loader_read_counters(const struct loader *l, __u64 out[SF_CNT_MAX])
{
	if (!l->skel)
		return -ENOENT;
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
	if (l->skel && l->old_events_fd >= 0)
		close(l->old_events_fd);
	l->old_events_fd = -1;
	sockfence_bpf__destroy(l->skel);
	l->skel = NULL;
}
