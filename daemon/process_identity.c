// SPDX-License-Identifier: GPL-2.0-only
#include "process_identity.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "container.h"
#include "policy_compile.h"

/* Uid:, Gid:, Groups:, NSpid: and PPid: of /proc/PID/status. */
static int read_status(const char *base, struct sf_identity *who)
{
	char path[96], line[4096];
	struct sf_caller *c = &who->caller;
	FILE *f;

	snprintf(path, sizeof(path), "%s/status", base);
	f = fopen(path, "re");
	if (!f)
		return -ESRCH;
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "Uid: %u %u", &c->uid, &c->euid) == 2 ||
		    sscanf(line, "Gid: %u %u", &c->gid, &c->egid) == 2 ||
		    sscanf(line, "PPid: %u", &c->ppid) == 1)
			continue;
		if (strncmp(line, "Groups:", 7) == 0) {
			char *p = line + 7, *end;

			for (;;) {
				unsigned long gid = strtoul(p, &end, 10);

				if (end == p)
					break;
				p = end;
				if (who->groups.count < SF_MAX_GROUPS)
					who->groups.gid[who->groups.count++] = (__u32)gid;
				else
					who->groups.truncated = 1;
			}
		} else if (strncmp(line, "NSpid:", 6) == 0) {
			/* One pid per namespace level, the initial one first. */
			char *p = line + 6, *end;
			__u32 n = 0;

			while (strtoul(p, &end, 10), end != p) {
				p = end;
				n++;
			}
			c->pidns_level = n ? n - 1 : 0;
		}
	}
	fclose(f);
	return 0;
}

static void read_comm(const char *base, struct sf_caller *c)
{
	char path[96];
	FILE *f;

	snprintf(path, sizeof(path), "%s/comm", base);
	f = fopen(path, "re");
	if (!f)
		return;
	if (fgets(c->comm, sizeof(c->comm), f))
		c->comm[strcspn(c->comm, "\n")] = '\0';
	fclose(f);
}

static void read_exe(const char *base, struct process_identity *out)
{
	char path[96];
	struct stat st;
	ssize_t n;

	snprintf(path, sizeof(path), "%s/exe", base);
	if (stat(path, &st) == 0) {
		out->who.caller.exe_dev = compile_kernel_dev(st.st_dev);
		out->who.caller.exe_ino = st.st_ino;
	}
	n = readlink(path, out->exe, sizeof(out->exe) - 1);
	out->exe[n > 0 ? n : 0] = '\0';
}

/* The "0::/path" line of /proc/PID/cgroup: the cgroup v2 path. */
static int read_cgroup_path(const char *base, char *out, size_t len)
{
	char path[96], line[4096];
	FILE *f;
	int err = -ENOENT;

	snprintf(path, sizeof(path), "%s/cgroup", base);
	f = fopen(path, "re");
	if (!f)
		return -ESRCH;
	while (fgets(line, sizeof(line), f)) {
		if (strncmp(line, "0::", 3) == 0) {
			line[strcspn(line, "\n")] = '\0';
			snprintf(out, len, "%s", line + 3);
			err = 0;
			break;
		}
	}
	fclose(f);
	return err;
}

/* Leaf first, as kernfs walks to the root: each level's id (its inode) and name. */
static void read_cgroups(const char *base, const char *root, struct sf_identity *who)
{
	struct sf_cgroups *cg = &who->cgroups;
	char rel[4096], dir[4352];

	if (!root[0] || read_cgroup_path(base, rel, sizeof(rel)) != 0 || rel[0] != '/')
		return;
	for (__u32 level = 0; level < SF_CGROUP_DEPTH; level++) {
		char *slash = strrchr(rel, '/');
		struct stat st;

		snprintf(dir, sizeof(dir), "%s%s", root, rel);
		if (stat(dir, &st) != 0)
			break;
		cg->id[level] = st.st_ino;
		if (level < SF_CGROUP_NAMES) /* the root's name is "" */
			snprintf(cg->name[level], SF_CGROUP_NAME_LEN, "%s", slash + 1);
		cg->depth = level + 1;
		if (!rel[1])
			return; /* that was the root */
		if (slash == rel)
			rel[1] = '\0'; /* the root is next */
		else
			*slash = '\0';
	}
	/* Stopped before the root: deeper than the kernel reads, or unreadable. */
	cg->truncated = cg->depth > 0;
}

int process_identity_read(pid_t pid, const char *proc_dir, const char *cgroup_root,
			  struct process_identity *out)
{
	struct sf_caller *c = &out->who.caller;
	char base[64];
	int err;

	memset(out, 0, sizeof(*out));
	snprintf(base, sizeof(base), "%s/%d", proc_dir, (int)pid);
	err = read_status(base, &out->who);
	if (err)
		return err;
	c->pid = c->tgid = (__u32)pid;
	read_comm(base, c);
	read_exe(base, out);
	read_cgroups(base, cgroup_root, &out->who);
	c->cgroup_id = out->who.cgroups.depth ? out->who.cgroups.id[0] : 0;
	if (c->pidns_level > 0)
		c->container_by |= SF_CONTAINER_PIDNS;
	if (sf_container_cgroup(&out->who.cgroups, (struct sf_container_id *)c->container_id))
		c->container_by |= SF_CONTAINER_CGROUP;
	return 0;
}
