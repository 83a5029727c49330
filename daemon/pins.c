// SPDX-License-Identifier: GPL-2.0-only
#include "pins.h"

#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <time.h>
#include <unistd.h>

#include "log.h"
#include "policy_slots.h"

#define BPF_FS_MAGIC 0xcafe4a11

const char *const pins_map_names[] = { "policy",   "policy_state", "policy_readers", "events",
				       "counters", "rule_hits",	   "meta",	     "agg",
				       "kept",	   "shares" };
const size_t pins_n_maps = sizeof(pins_map_names) / sizeof(pins_map_names[0]);

const char *pins_object_map_name(const char *pin_name)
{
	/* The object's own data section (judge.bpf.h), pinned under a plain name. */
	if (strcmp(pin_name, "policy_state") == 0)
		return ".data.policy_state";
	return pin_name;
}

void pins_map_path(char *out, size_t len, const char *name)
{
	snprintf(out, len, "%s/%s", SF_PIN_MAPS, name);
}

void pins_link_path(char *out, size_t len, const char *name)
{
	snprintf(out, len, "%s/%s", SF_PIN_LINKS, name);
}

int pins_check_bpffs(void)
{
	struct statfs st;

	if (statfs("/sys/fs/bpf", &st) == 0 && st.f_type == BPF_FS_MAGIC)
		return 0;
	/* Root only, so no one else can create the pin directory first. */
	if (mount("bpf", "/sys/fs/bpf", "bpf", MS_NOSUID | MS_NODEV | MS_NOEXEC, "mode=0700") ==
	    0) {
		log_notice(
			"mounted a BPF filesystem at /sys/fs/bpf (mode 0700) to pin enforcement");
		return 0;
	}
	log_err("no BPF filesystem at /sys/fs/bpf, and mounting one failed (%s): enforcement "
		"could not outlive the daemon. Mount it with 'mount -t bpf -o mode=0700 bpf "
		"/sys/fs/bpf' (systemd does this at boot).",
		strerror(errno));
	return -ENOENT;
}

/*
 * Is st a directory root alone can change: not a symbolic link, owned by
 * root, writable by no one else? Only such a directory keeps the pins from
 * being unlinked, or replaced by objects someone else made, by another user.
 */
static bool dir_is_roots_alone(const struct stat *st)
{
	return S_ISDIR(st->st_mode) && st->st_uid == 0 && !(st->st_mode & (S_IWGRP | S_IWOTH));
}

static void describe(const struct stat *st, char *out, size_t len)
{
	const char *kind = S_ISLNK(st->st_mode)	  ? "a symbolic link"
			   : S_ISDIR(st->st_mode) ? "a directory"
						  : "not a directory";

	snprintf(out, len, "%s owned by uid %u, mode %04o", kind, (unsigned)st->st_uid,
		 (unsigned)(st->st_mode & 07777));
}

/*
 * Someone else made SF_PIN_DIR (a BPF filesystem mounted without options
 * is mode 1777): rename it aside, so that nothing in it is adopted and a
 * new one is made. The sticky bit then keeps its owner off the new one.
 */
static int move_aside(const struct stat *st)
{
	char aside[PATH_MAX], what[128];

	describe(st, what, sizeof(what));
	snprintf(aside, sizeof(aside), "%s-untrusted-uid%u-%lld", SF_PIN_DIR, (unsigned)st->st_uid,
		 (long long)time(NULL));
	if (rename(SF_PIN_DIR, aside) != 0) {
		int err = -errno;

		log_err("%s is %s, so another user could remove enforcement from it, and moving "
			"it aside to %s failed: %s. Remove it ('rm -r %s') and start again.",
			SF_PIN_DIR, what, aside, strerror(-err), SF_PIN_DIR);
		return err;
	}
	log_warn("%s was %s: another user could have removed the pins or planted objects in "
		 "it. Moved it to %s (nothing in it is used) and pinning in a new directory "
		 "(root, 0700). Mount the BPF filesystem with mode=0700 so that no one else can "
		 "create it: 'mount -t bpf -o mode=0700 bpf /sys/fs/bpf'.",
		 SF_PIN_DIR, what, aside);
	return 0;
}

/* Makes dir (mode 0700) or checks the one there; moves the top one aside when not root's. */
static int make_trusted_dir(const char *dir, bool may_move_aside)
{
	struct stat st;
	char what[128];

	for (int attempt = 0; attempt < 4; attempt++) {
		int err;

		if (mkdir(dir, 0700) == 0)
			continue; /* checked on the next turn, as if it had been there */
		if (errno != EEXIST) {
			err = -errno;
			log_err("cannot create %s: %s", dir, strerror(-err));
			return err;
		}
		if (lstat(dir, &st) != 0)
			continue; /* gone again: try once more */
		if (dir_is_roots_alone(&st)) {
			if ((st.st_mode & 07777) != 0700 && chmod(dir, 0700) == 0)
				log_notice("%s was mode %04o: made it 0700", dir,
					   (unsigned)(st.st_mode & 07777));
			return 0;
		}
		if (!may_move_aside) {
			describe(&st, what, sizeof(what));
			log_err("%s is %s, inside a directory only root may change: refusing to "
				"pin there. Remove it ('sockfence unload --yes', or 'rm -r %s').",
				dir, what, SF_PIN_DIR);
			return -EPERM;
		}
		err = move_aside(&st);
		if (err)
			return err;
	}
	log_err("cannot create %s: it keeps being replaced", dir);
	return -EAGAIN;
}

int pins_make_dirs(void)
{
	int err = make_trusted_dir(SF_PIN_DIR, true);

	if (!err)
		err = make_trusted_dir(SF_PIN_MAPS, false);
	if (!err)
		err = make_trusted_dir(SF_PIN_LINKS, false);
	return err;
}

bool pins_dir_trusted(void)
{
	struct stat st;

	return lstat(SF_PIN_DIR, &st) != 0 || dir_is_roots_alone(&st);
}

int pins_count_links(void)
{
	DIR *dir = opendir(SF_PIN_LINKS);
	struct dirent *entry;
	int n = 0;

	if (!dir)
		return 0;
	while ((entry = readdir(dir)) != NULL) {
		if (entry->d_name[0] != '.')
			n++;
	}
	closedir(dir);
	return n;
}

int pins_open_map(const char *name)
{
	char path[PATH_MAX];
	int fd;

	pins_map_path(path, sizeof(path), name);
	fd = bpf_obj_get(path);
	return fd < 0 ? -errno : fd;
}

int pins_read_meta(struct sf_meta *meta)
{
	__u32 zero = 0;
	int fd = pins_open_map("meta"), err = 0;

	if (fd < 0)
		return fd;
	if (bpf_map_lookup_elem(fd, &zero, meta) != 0)
		err = -errno;
	close(fd);
	return err;
}

int pins_percpu_sum(int map_fd, __u32 key, __u64 *sum)
{
	int n_cpus = libbpf_num_possible_cpus();
	__u64 *values;
	int err = 0;

	if (n_cpus < 0)
		return n_cpus;
	values = calloc(n_cpus, sizeof(*values));
	if (!values)
		return -ENOMEM;
	*sum = 0;
	if (bpf_map_lookup_elem(map_fd, &key, values) != 0)
		err = -errno;
	for (int cpu = 0; !err && cpu < n_cpus; cpu++)
		*sum += values[cpu];
	free(values);
	return err;
}

int pins_read_active_policy(struct sf_policy *out)
{
	struct policy_slots slots = { .policy_fd = pins_open_map("policy"),
				      .state_fd = pins_open_map("policy_state"),
				      .readers_fd = -1 };
	int err = slots.policy_fd < 0 ? slots.policy_fd : slots.state_fd;

	if (err >= 0)
		err = policy_slots_read_active(&slots, out);
	if (slots.policy_fd >= 0)
		close(slots.policy_fd);
	if (slots.state_fd >= 0)
		close(slots.state_fd);
	return err < 0 ? err : 0;
}

int pins_replace(int fd, const char *path)
{
	if ((unlink(path) != 0 && errno != ENOENT) || bpf_obj_pin(fd, path) != 0) {
		int err = -errno;

		log_err("cannot pin %s: %s", path, strerror(-err));
		return err;
	}
	return 0;
}

void pins_remove_unknown_maps(void)
{
	DIR *dir = opendir(SF_PIN_MAPS);
	struct dirent *entry;
	char path[PATH_MAX];

	if (!dir)
		return;
	while ((entry = readdir(dir)) != NULL) {
		bool known = entry->d_name[0] == '.';

		for (size_t i = 0; i < pins_n_maps && !known; i++)
			known = strcmp(entry->d_name, pins_map_names[i]) == 0;
		if (known)
			continue;
		pins_map_path(path, sizeof(path), entry->d_name);
		log_info("removing %s, a map of an earlier map layout", path);
		unlink(path);
	}
	closedir(dir);
}

static int linked_prog_ids(__u32 *ids, int max)
{
	DIR *dir = opendir(SF_PIN_LINKS);
	struct dirent *entry;
	char path[PATH_MAX];
	int n = 0;

	if (!dir)
		return 0;
	while ((entry = readdir(dir)) != NULL && n < max) {
		struct bpf_link_info info = { 0 };
		__u32 len = sizeof(info);
		int fd;

		if (entry->d_name[0] == '.')
			continue;
		pins_link_path(path, sizeof(path), entry->d_name);
		fd = bpf_obj_get(path);
		if (fd < 0)
			continue;
		if (bpf_obj_get_info_by_fd(fd, &info, &len) == 0)
			ids[n++] = info.prog_id;
		close(fd);
	}
	closedir(dir);
	return n;
}

/*
 * A link whose last reference went is detached later, from a workqueue
 * (Linux 6.12 shows it), and drops its program only after detaching: a
 * program gone means its hook is clear.
 */
static int wait_progs_gone(const __u32 *ids, int n, int timeout_ms)
{
	for (int waited = 0; waited <= timeout_ms; waited += 10) {
		int alive = 0;

		for (int i = 0; i < n; i++) {
			int fd = bpf_prog_get_fd_by_id(ids[i]);

			if (fd >= 0) {
				alive++;
				close(fd);
			}
		}
		if (!alive)
			return 0;
		usleep(10000);
	}
	log_err("the programs were unpinned but are still loaded after %d ms", timeout_ms);
	return -ETIMEDOUT;
}

static int remove_dir_entries(const char *path)
{
	DIR *dir = opendir(path);
	struct dirent *entry;
	char child[PATH_MAX];
	int err = 0;

	if (!dir)
		return errno == ENOENT ? 0 : -errno;
	while ((entry = readdir(dir)) != NULL) {
		if (entry->d_name[0] == '.' &&
		    (!entry->d_name[1] || (entry->d_name[1] == '.' && !entry->d_name[2])))
			continue;
		snprintf(child, sizeof(child), "%s/%s", path, entry->d_name);
		if (unlink(child) != 0 && errno != ENOENT)
			err = -errno;
	}
	closedir(dir);
	return err;
}

static int remove_all(void)
{
	/* Links first: enforcement ends there, the maps go after. */
	int err = remove_dir_entries(SF_PIN_LINKS);

	if (!err)
		err = remove_dir_entries(SF_PIN_MAPS);
	if (!err) {
		rmdir(SF_PIN_LINKS);
		rmdir(SF_PIN_MAPS);
		if (rmdir(SF_PIN_DIR) != 0 && errno != ENOENT)
			err = -errno;
	}
	if (err)
		log_err("cannot remove the pins under %s: %s", SF_PIN_DIR, strerror(-err));
	return err;
}

int pins_unload(void (*release_own)(void *ctx), void *ctx)
{
	__u32 ids[PINS_MAX_LINKS];
	int n = linked_prog_ids(ids, PINS_MAX_LINKS);
	int err = remove_all();

	if (release_own)
		release_own(ctx);
	if (!err)
		err = wait_progs_gone(ids, n, PINS_UNLOAD_WAIT_MS);
	return err;
}
