// SPDX-License-Identifier: GPL-2.0-only
#include "cgroup2.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <mntent.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int cgroup2_mount_point(char *out, size_t len)
{
	struct mntent entry;
	char buf[1024];
	FILE *mounts = setmntent("/proc/self/mounts", "re");

	out[0] = '\0';
	if (!mounts)
		return -errno;
	while (getmntent_r(mounts, &entry, buf, sizeof(buf))) {
		if (strcmp(entry.mnt_type, "cgroup2") == 0) {
			snprintf(out, len, "%s", entry.mnt_dir);
			break;
		}
	}
	endmntent(mounts);
	return out[0] ? 0 : -ENOENT;
}

/* Depth-first below dir (at rel under the root) for the directory of inode id. */
static int find_id(int dir, const char *rel, __u64 id, char *out, size_t len, int depth)
{
	DIR *d;
	struct dirent *e;
	int err = -ENOENT;

	if (depth > CGROUP2_MAX_DEPTH)
		return -ENOENT;
	d = fdopendir(dir);
	if (!d) {
		close(dir);
		return -ENOENT;
	}
	while (err == -ENOENT && (e = readdir(d))) {
		char child[PATH_MAX];
		struct stat st;
		int fd;

		if (e->d_type != DT_DIR || !strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		fd = openat(dirfd(d), e->d_name, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (fd < 0)
			continue; /* gone meanwhile */
		snprintf(child, sizeof(child), "%s%s%s", rel, *rel ? "/" : "", e->d_name);
		if (fstat(fd, &st) == 0 && (__u64)st.st_ino == id) {
			close(fd);
			snprintf(out, len, "%s", child);
			err = 0;
			break;
		}
		err = find_id(fd, child, id, out, len, depth + 1);
	}
	closedir(d);
	return err;
}

int cgroup2_path_of_id(__u64 id, char *out, size_t len)
{
	char root[PATH_MAX];
	struct stat st;
	int fd, err = cgroup2_mount_point(root, sizeof(root));

	out[0] = '\0';
	if (err)
		return err;
	fd = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (fstat(fd, &st) == 0 && (__u64)st.st_ino == id) {
		close(fd);
		return 0; /* the root itself: "" */
	}
	return find_id(fd, "", id, out, len, 0);
}
