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
#include <unistd.h>

#include "log.h"

#define BPF_FS_MAGIC 0xcafe4a11

const char *const pins_map_names[] = { "policy", "events", "counters", "rule_hits",
				       "meta",	 "agg",	   "kept",     "kept_used" };
const size_t pins_n_maps = sizeof(pins_map_names) / sizeof(pins_map_names[0]);

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

int pins_make_dirs(void)
{
	const char *const dirs[] = { SF_PIN_DIR, SF_PIN_MAPS, SF_PIN_LINKS };

	for (size_t i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++) {
		if (mkdir(dirs[i], 0700) != 0 && errno != EEXIST) {
			int err = -errno;

			log_err("cannot create %s: %s", dirs[i], strerror(-err));
			return err;
		}
	}
	return 0;
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
	__u32 zero = 0, inner_id;
	int outer = pins_open_map("policy"), inner = -1, err = 0;

	if (outer < 0)
		return outer;
	/* From user space, a map-of-maps lookup yields the inner map's id. */
	if (bpf_map_lookup_elem(outer, &zero, &inner_id) != 0 ||
	    (inner = bpf_map_get_fd_by_id(inner_id)) < 0 ||
	    bpf_map_lookup_elem(inner, &zero, out) != 0)
		err = -errno;
	if (inner >= 0)
		close(inner);
	close(outer);
	return err;
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
