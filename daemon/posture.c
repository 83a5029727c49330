// SPDX-License-Identifier: GPL-2.0-only
#include "posture.h"

#include <dirent.h>
#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cgroup2.h"
#include "decide.h"
#include "docker_hosts.h"
#include "existing.h"
#include "grow.h"
#include "policy_compile.h"
#include "process_identity.h"
#include "socket_owners.h"
#include "tcp_sockets.h"

const char *posture_kind_name(__u8 kind)
{
	static const char *const names[] = { "listener", "socket-file", "mount", "connection",
					     "dockerd-host" };

	return kind < sizeof(names) / sizeof(names[0]) ? names[kind] : "unknown";
}

struct posture_item *posture_add(struct posture *p, __u8 kind, bool finding)
{
	struct posture_item *it;

	if (GROW_FOR_ONE(p->items, p->n, p->cap, 16))
		return NULL;
	it = &p->items[p->n++];
	memset(it, 0, sizeof(*it));
	it->kind = kind;
	it->finding = finding;
	p->findings += finding;
	return it;
}

/* Who a process is, for an item: pid, command, container. */
static void name_process(struct posture_item *it, pid_t pid, const char *cgroup_root)
{
	struct process_identity id;

	it->pid = pid;
	if (process_identity_read(pid, "/proc", cgroup_root, &id) != 0)
		return;
	snprintf(it->comm, sizeof(it->comm), "%s", id.who.caller.comm);
	snprintf(it->container_id, sizeof(it->container_id), "%s", id.who.caller.container_id);
	it->container = id.who.caller.container_by != 0;
}

static bool loopback(const struct in6_addr *a)
{
	if (IN6_IS_ADDR_V4MAPPED(a))
		return a->s6_addr[12] == 127;
	return IN6_IS_ADDR_LOOPBACK(a);
}

static void listeners(const struct sf_policy *p, const struct socket_owners *owners,
		      const char *cgroup_root, struct posture *out)
{
	struct tcp_sockets t;

	if (tcp_sockets_read_listeners(&t) != 0)
		return;
	for (size_t i = 0; i < t.n; i++) {
		const struct tcp_socket *s = &t.items[i];
		int at = sf_find_tcp(p, s->sport);
		struct posture_item *it;
		pid_t pid = 0;

		if (at < 0)
			continue;
		it = posture_add(out, POSTURE_LISTENER, !loopback(&s->src));
		if (!it)
			break;
		snprintf(it->endpoint, sizeof(it->endpoint), "%s",
			 p->endpoint_names[p->tcp_targets[at].endpoint_id]);
		tcp_endpoint_text(&s->src, s->sport, it->what, sizeof(it->what));
		snprintf(it->detail, sizeof(it->detail), "%s",
			 it->finding ? "exposed: reachable from other hosts" : "loopback only");
		if (socket_owners_of(owners, s->ino, &pid, 1))
			name_process(it, pid, cgroup_root);
	}
	tcp_sockets_free(&t);
}

/* root:docker (or root:root) 0660 at most: what Docker sets up itself. */
static void socket_files(const struct sf_policy *p, struct posture *out)
{
	for (__u32 i = 0; i < p->n_unix && i < SF_MAX_TARGETS; i++) {
		const struct sf_unix_target *t = &p->unix_targets[i];
		const struct group *g;
		const struct passwd *u;
		struct posture_item *it;
		struct stat st;
		bool wide;

		if (stat(t->path, &st) != 0)
			continue;
		g = getgrgid(st.st_gid);
		u = getpwuid(st.st_uid);
		wide = (st.st_mode & 07777 & ~0660) != 0;
		it = posture_add(out, POSTURE_SOCKET_FILE,
				 st.st_uid != 0 || wide ||
					 (st.st_gid != 0 && (!g || strcmp(g->gr_name, "docker"))));
		if (!it)
			return;
		snprintf(it->endpoint, sizeof(it->endpoint), "%s",
			 p->endpoint_names[t->endpoint_id]);
		snprintf(it->what, sizeof(it->what), "%s", t->path);
		snprintf(it->detail, sizeof(it->detail), "owner %s:%s mode %04o%s",
			 u ? u->pw_name : "?", g ? g->gr_name : "?", st.st_mode & 07777,
			 it->finding ? " (expected root:docker 0660 at most)" : "");
	}
}

static bool add_mount(const struct sf_policy *p, const struct sf_unix_target *t, const char *pid,
		      const char *mnt, const char *cgroup_root, struct posture *out)
{
	struct posture_item *it = posture_add(out, POSTURE_MOUNT, false);

	if (!it)
		return false;
	name_process(it, atoi(pid), cgroup_root);
	it->finding = it->container; /* counted here: known only now */
	out->findings += it->finding;
	snprintf(it->endpoint, sizeof(it->endpoint), "%s", p->endpoint_names[t->endpoint_id]);
	snprintf(it->what, sizeof(it->what), "%.*s", (int)sizeof(it->what) - 1, mnt);
	snprintf(it->detail, sizeof(it->detail), "bind mount of %.*s%s", SF_PATH_LEN, t->path,
		 it->container ? " into a container: it controls the host" : "");
	return true;
}

/* Bind mounts of a protected socket: each mount namespace once, by inode. */
static void mounts_of(const struct sf_policy *p, const char *pid, const char *cgroup_root,
		      struct posture *out)
{
	char path[96], line[8192], mnt[4096], at[4352];
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%.20s/mountinfo", pid);
	f = fopen(path, "re");
	if (!f)
		return;
	while (fgets(line, sizeof(line), f)) {
		struct stat st;
		int found;

		/* id parent major:minor root mount-point ... */
		if (sscanf(line, "%*s %*s %*s %*s %4095s", mnt) != 1)
			continue;
		snprintf(at, sizeof(at), "/proc/%.20s/root%s", pid, mnt);
		if (stat(at, &st) != 0 || !S_ISSOCK(st.st_mode))
			continue;
		found = sf_find_unix(p, compile_kernel_dev(st.st_dev), st.st_ino);
		if (found >= 0 &&
		    !add_mount(p, &p->unix_targets[found], pid, mnt, cgroup_root, out))
			break;
	}
	fclose(f);
}

static void mounts(const struct sf_policy *p, const char *cgroup_root, struct posture *out)
{
	unsigned long long seen[1024];
	size_t n_seen = 0;
	DIR *d = opendir("/proc");
	struct dirent *e;

	if (!d)
		return;
	while ((e = readdir(d))) {
		char ns[96];
		struct stat st;
		size_t i;

		if (e->d_name[0] < '1' || e->d_name[0] > '9')
			continue;
		snprintf(ns, sizeof(ns), "/proc/%.20s/ns/mnt", e->d_name);
		if (stat(ns, &st) != 0)
			continue;
		for (i = 0; i < n_seen && seen[i] != st.st_ino; i++)
			;
		if (i < n_seen)
			continue;
		if (n_seen < 1024)
			seen[n_seen++] = st.st_ino;
		mounts_of(p, e->d_name, cgroup_root, out);
	}
	closedir(d);
}

static void connections(const struct sf_policy *p, int kept_fd, struct posture *out)
{
	struct connections list;

	if (existing_find(p, kept_fd, &list) != 0)
		return;
	for (size_t i = 0; i < list.n; i++) {
		const struct connection *c = &list.items[i];
		const struct sf_caller *who = &c->owner.who.caller;
		bool container = c->judged == CONNECTION_JUDGED && who->container_by;
		struct posture_item *it =
			posture_add(out, POSTURE_CONNECTION,
				    container || (c->judged != CONNECTION_NO_OWNER &&
						  c->verdict == SF_VERDICT_DENY));
		char verdict[64];

		if (!it)
			break;
		snprintf(it->endpoint, sizeof(it->endpoint), "%s", c->endpoint);
		snprintf(it->what, sizeof(it->what), "%.80s%s%.50s", c->target,
			 c->client[0] ? " from " : "", c->client);
		connection_verdict_text(c, verdict, sizeof(verdict));
		snprintf(it->detail, sizeof(it->detail), "%s%s", verdict,
			 c->judged == CONNECTION_REMOTE ? ", another host or network namespace"
							: "");
		if (c->judged == CONNECTION_JUDGED) {
			it->pid = (int)who->tgid;
			snprintf(it->comm, sizeof(it->comm), "%s", who->comm);
			snprintf(it->container_id, sizeof(it->container_id), "%s",
				 who->container_id);
			it->container = container;
		}
	}
	connections_free(&list);
}

int posture_gather(const struct sf_policy *policy, int kept_fd, const char *docker_config,
		   struct posture *out)
{
	struct socket_owners owners;
	char root[4096];
	int err;

	memset(out, 0, sizeof(*out));
	if (cgroup2_mount_point(root, sizeof(root)) != 0)
		root[0] = '\0';
	err = socket_owners_read(&owners, "/proc");
	if (err)
		return err;
	listeners(policy, &owners, root, out);
	socket_owners_free(&owners);
	socket_files(policy, out);
	mounts(policy, root, out);
	connections(policy, kept_fd, out);
	docker_hosts_gather(docker_config, "/proc", out);
	return 0;
}

void posture_free(struct posture *p)
{
	free(p->items);
	memset(p, 0, sizeof(*p));
}
