// SPDX-License-Identifier: GPL-2.0-only
#include "cgroup2.h"

#include <errno.h>
#include <mntent.h>
#include <stdio.h>
#include <string.h>

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
