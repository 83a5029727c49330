// SPDX-License-Identifier: GPL-2.0-only
#include "loader.h"

#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "backend.h"
#include "hooks.h"
#include "log.h"
#include "pins.h"
#include "policy_slots.h"
#include "sockfence.skel.h"

/* While auto tries the lsm backend, libbpf's account of a refusal is detail. */
static bool libbpf_quiet;

static int libbpf_print(enum libbpf_print_level level, const char *fmt, va_list args)
{
	if ((level == LIBBPF_DEBUG || libbpf_quiet) && !log_is_verbose())
		return 0;
	fputs("sockfence: ", stderr); /* libbpf adds its own prefix */
	return vfprintf(stderr, fmt, args);
}

/* What a failed load or attach means for the user, by errno. */
const char *loader_error_hint(int err, bool log_shown)
{
	switch (err) {
	case EPERM:
		return "the kernel refused the programs: run sockfence as root "
		       "(CAP_SYS_ADMIN, or CAP_BPF + CAP_PERFMON, + CAP_MAC_ADMIN for "
		       "BPF LSM); kernel lockdown or a sandbox that forbids LSM or "
		       "tracing programs also cause this";
	case EINVAL:
	case EACCES:
		return log_shown ? "the verifier rejected a program; its log is printed above"
				 : "the verifier rejected a program; run with -v to see its log";
	case ENOENT:
	case ESRCH:
		return "a kernel function or type the programs need is missing: "
		       "the kernel is too old or lacks BTF (Linux 6.1 or newer is "
		       "supported)";
	case E2BIG:
		return "the program is too large for this kernel's verifier";
	case ENOTSUP:
	case 524: /* ENOTSUPP, kernel-internal */
		return "this kernel cannot attach these programs (BPF LSM needs "
		       "CONFIG_BPF_LSM=y and lsm=...,bpf; fmod_ret needs BPF trampolines, "
		       "CONFIG_DYNAMIC_FTRACE_WITH_DIRECT_CALLS, as on x86_64 and arm64)";
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
		struct bpf_map *map = bpf_object__find_map_by_name(
			l->skel->obj, pins_object_map_name(pins_map_names[i]));
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

/*
 * The programs of the chosen backend's hooks load; every other program of
 * the object, listed in the hook table or not, stays out of the kernel.
 */
static int choose_programs(struct loader *l, const struct backend *b)
{
	struct bpf_object *obj = l->skel->obj;
	struct bpf_program *prog;
	int err;

	bpf_object__for_each_program (prog, obj)
		bpf_program__set_autoload(prog, false);
	for (size_t i = 0; i < SF_HOOK_COUNT; i++) {
		const struct hook *h = &hooks[i];

		prog = bpf_object__find_program_by_name(obj, h->program);
		if (!prog) {
			log_err("the BPF object has no program %s for hook %s: sockfence was "
				"built from mismatched sources; rebuild it",
				h->program, h->name);
			return -ENOENT;
		}
		if (!hook_used_by(h, b->kind, b->unix_attach_type >= 0))
			continue;
		bpf_program__set_autoload(prog, true);
		/* -v: the verifier's statistics (time, instructions, states) per program. */
		if (log_is_verbose())
			bpf_program__set_log_level(prog, 4);
		if (h->needs == SF_HOOK_NEEDS_UNIX_CONNECT_HOOK) {
			err = bpf_program__set_expected_attach_type(prog, b->unix_attach_type);
			if (err)
				return err;
		}
		if (l->n_programs == LOADER_MAX_LINKS)
			return -E2BIG; /* cannot happen: the table sizes the array */
		l->programs[l->n_programs++] = (struct loader_program){ h, prog };
	}
	return 0;
}

int loader_load(struct loader *l, const struct backend *b)
{
	int err;

	memset(l, 0, sizeof(*l));
	l->old_events_fd = -1;
	for (size_t i = 0; i < LOADER_MAX_LINKS; i++)
		l->link_fds[i] = -1;
	libbpf_set_print(libbpf_print);
	l->skel = sockfence_bpf__open();
	if (!l->skel) {
		err = -errno;
		log_err("cannot open the embedded BPF object: %s", strerror(-err));
		return err;
	}
	err = choose_programs(l, b);
	if (err) {
		log_err("cannot prepare the %s programs: %s", backend_name(b->kind),
			strerror(-err));
		return err;
	}
	err = reuse_pinned_maps(l);
	if (err)
		return err;
	libbpf_quiet = b->trial;
	err = sockfence_bpf__load(l->skel);
	libbpf_quiet = false;
	if (err && b->trial) {
		log_info("the %s backend did not load: %s (errno %d; -v shows libbpf's account)",
			 backend_name(b->kind), strerror(-err), -err);
		return err;
	}
	if (err) {
		log_err("loading BPF programs failed: %s (errno %d): %s", strerror(-err), -err,
			loader_error_hint(-err, true)); /* libbpf printed the log (not quiet) */
		return err;
	}
	return 0;
}

int loader_publish(struct loader *l, const struct sf_policy *compiled)
{
	struct policy_slots slots = { .policy_fd = bpf_map__fd(l->skel->maps.policy),
				      .state_fd = bpf_map__fd(l->skel->maps.data_policy_state),
				      .readers_fd = bpf_map__fd(l->skel->maps.policy_readers) };

	return policy_slots_publish(&slots, compiled);
}

/*
 * One link per program: LSM programs to their hooks, cgroup programs to the
 * backend's cgroup directory (links there are always multi-attach: other
 * programs on the same cgroup, or below it, run as well and all must allow).
 */
static int attach_one(const struct loader_program *p, int cgroup_fd)
{
	int prog_fd = bpf_program__fd(p->prog);
	int fd = bpf_link_create(prog_fd, cgroup_fd < 0 ? 0 : cgroup_fd,
				 bpf_program__expected_attach_type(p->prog), NULL);

	if (fd < 0) {
		int err = -errno;

		log_err("attaching %s failed: %s (errno %d): %s", p->hook->name, strerror(-err),
			-err, loader_error_hint(-err, true));
		return err;
	}
	return fd;
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

int loader_attach(struct loader *l, const struct backend *b)
{
	char names[LOADER_MAX_LINKS][64], path[PATH_MAX];
	const char *current[LOADER_MAX_LINKS];
	size_t n = l->n_programs;
	int cgroup_fd = -1, err = 0;
	struct timespec now;

	if (l->n_links != 0 || n > LOADER_MAX_LINKS) {
		log_err("internal error: attaching %zu programs with %zu links made", n,
			l->n_links);
		return -EINVAL;
	}
	if (b->kind == SF_BACKEND_CGROUP) {
		cgroup_fd = open(b->cgroup_path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (cgroup_fd < 0) {
			err = -errno;
			log_err("cannot open cgroup %s: %s", b->cgroup_path, strerror(-err));
			return err;
		}
	}
	for (size_t i = 0; !err && i < n; i++) {
		int fd = attach_one(&l->programs[i], cgroup_fd);

		if (fd < 0)
			err = fd;
		else
			l->link_fds[l->n_links++] = fd;
	}
	if (cgroup_fd >= 0)
		close(cgroup_fd);
	if (err)
		return err;
	clock_gettime(CLOCK_REALTIME, &now);
	err = pins_make_dirs();
	for (size_t i = 0; !err && i < n; i++) {
		snprintf(names[i], sizeof(names[i]), "%s-%lld%09ld", l->programs[i].hook->name,
			 (long long)now.tv_sec, now.tv_nsec);
		current[i] = names[i];
		pins_link_path(path, sizeof(path), names[i]);
		if (bpf_obj_pin(l->link_fds[i], path) != 0) {
			err = -errno;
			log_err("cannot pin %s: %s", path, strerror(-err));
		}
	}
	for (size_t i = 0; !err && !l->adopted && i < pins_n_maps; i++) {
		struct bpf_map *map = bpf_object__find_map_by_name(
			l->skel->obj, pins_object_map_name(pins_map_names[i]));

		pins_map_path(path, sizeof(path), pins_map_names[i]);
		err = pins_replace(bpf_map__fd(map), path);
	}
	if (!err && !l->adopted)
		pins_remove_unknown_maps();
	if (!err)
		unpin_other_links(current, n);
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

/* Counters a generation's rules can raise: the highest rule index + 1 (decide.h's index). */
static __u32 rule_hits_used(const struct sf_policy *p)
{
	__u32 used = 0;

	for (__u32 i = 0; i < p->n_rules && i < SF_MAX_RULES; i++) {
		if (p->rules[i].index >= used)
			used = p->rules[i].index + 1;
	}
	return used < SF_MAX_RULES ? used : SF_MAX_RULES;
}

int loader_clear_rule_hits(const struct loader *l, const struct sf_policy *before)
{
	int n_cpus = libbpf_num_possible_cpus();
	/* Only before's rules and the default counted since the last clear. */
	__u32 used = before ? rule_hits_used(before) : SF_MAX_RULES, count = used + 1;
	__u32 *keys;
	__u64 *zeros;
	int err = 0;

	if (n_cpus < 0)
		return n_cpus;
	keys = calloc(count, sizeof(*keys));
	zeros = calloc((size_t)count * n_cpus, sizeof(*zeros));
	if (!keys || !zeros) {
		err = -ENOMEM;
		goto cleanup;
	}
	for (__u32 i = 0; i < used; i++)
		keys[i] = i;
	keys[used] = SF_MAX_RULES; /* the policy's default */
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

static void release_loader(void *ctx)
{
	loader_destroy(ctx); /* our references to links and programs, the last ones */
}

int loader_unload(struct loader *l)
{
	return pins_unload(release_loader, l);
}

int loader_events_map_fd(const struct loader *l)
{
	return bpf_map__fd(l->skel->maps.events);
}

int loader_agg_map_fd(const struct loader *l)
{
	return l->skel ? bpf_map__fd(l->skel->maps.agg) : -1;
}

int loader_rule_hits_map_fd(const struct loader *l)
{
	return l->skel ? bpf_map__fd(l->skel->maps.rule_hits) : -1;
}

int loader_shares_map_fd(const struct loader *l)
{
	return l->skel ? bpf_map__fd(l->skel->maps.shares) : -1;
}

int loader_kept_map_fd(const struct loader *l)
{
	return l->skel ? bpf_map__fd(l->skel->maps.kept) : -1;
}

int loader_policy_state_map_fd(const struct loader *l)
{
	return l->skel ? bpf_map__fd(l->skel->maps.data_policy_state) : -1;
}

int loader_read_counters(const struct loader *l, __u64 out[SF_CNT_MAX])
{
	int err = 0;

	if (!l->skel)
		return -ENOENT;
	for (__u32 key = 0; key < SF_CNT_MAX && !err; key++)
		err = pins_percpu_sum(bpf_map__fd(l->skel->maps.counters), key, &out[key]);
	return err;
}

void loader_destroy(struct loader *l)
{
	if (l->skel && l->old_events_fd >= 0)
		close(l->old_events_fd);
	l->old_events_fd = -1;
	for (size_t i = 0; i < l->n_links; i++) {
		if (l->link_fds[i] >= 0)
			close(l->link_fds[i]);
		l->link_fds[i] = -1;
	}
	l->n_links = 0;
	sockfence_bpf__destroy(l->skel);
	l->skel = NULL;
}
