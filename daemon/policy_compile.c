// SPDX-License-Identifier: GPL-2.0-only
#include "policy_compile.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "cgroup2.h"
#include "decide.h"
#include "policy_abstract.h"
#include "policy_places.h"

__u64 compile_kernel_dev(dev_t st_dev)
{
	/* include/linux/kdev_t.h: MINORBITS is 20 inside the kernel. */
	return ((__u64)major(st_dev) << 20) | minor(st_dev);
}

static int compare_unix(const void *a, const void *b)
{
	const struct sf_unix_target *x = a, *y = b;

	if (sf_unix_less(x, y->dev, y->ino))
		return -1;
	return sf_unix_less(y, x->dev, x->ino) ? 1 : 0;
}

static int compare_tcp(const void *a, const void *b)
{
	const struct sf_tcp_target *x = a, *y = b;

	return (x->port > y->port) - (x->port < y->port);
}

static int compare_names(const void *a, const void *b)
{
	const struct sf_unix_name *x = a, *y = b;

	return (x->hash > y->hash) - (x->hash < y->hash);
}

/*
 * The cgroup backend's view of a path: its file name, whether or not a
 * socket is there yet. A name another endpoint already has stays with the
 * first (backend_check_policy() refuses that policy for the cgroup backend).
 */
/* A target table of the generation has no room for another entry. */
static bool table_full(__u32 used, const char *what, struct diag_pos pos, struct diag_list *diags)
{
	if (used < SF_MAX_TARGETS)
		return false;
	diag_add(diags, DIAG_ERROR, pos, "too many %s (at most %d)", what, SF_MAX_TARGETS);
	return true;
}

static void add_unix_name(const char *path, struct diag_pos pos, __u32 endpoint_id,
			  struct sf_policy *out, struct diag_list *diags)
{
	__u64 hash = sf_name_hash(path);
	struct sf_unix_name *n;

	for (__u32 i = 0; i < out->n_unix_names; i++) {
		if (out->unix_names[i].hash == hash)
			return;
	}
	if (table_full(out->n_unix_names, "socket file names", pos, diags))
		return;
	n = &out->unix_names[out->n_unix_names++];
	n->hash = hash;
	n->endpoint_id = endpoint_id;
	snprintf(n->path, sizeof(n->path), "%s", path);
}

static struct sf_unix_target *find_resolved(struct sf_policy *out, __u64 dev, __u64 ino)
{
	for (__u32 i = 0; i < out->n_unix; i++) {
		if (out->unix_targets[i].dev == dev && out->unix_targets[i].ino == ino)
			return &out->unix_targets[i];
	}
	return NULL;
}

static void add_unix_path(const struct policy *policy, __u32 endpoint_id, size_t path_index,
			  struct sf_policy *out, struct diag_list *diags)
{
	const struct policy_endpoint *ep = &policy->endpoints[endpoint_id];
	const char *path = ep->paths[path_index];
	struct diag_pos pos = ep->path_pos[path_index];
	struct sf_unix_target *seen, *t;
	struct stat st;

	if (stat(path, &st) != 0) {
		if (errno == ENOENT)
			diag_add(diags, DIAG_WARNING, pos,
				 "%s does not exist yet (protected as soon as a socket appears "
				 "there)",
				 path);
		else if (errno == EACCES && geteuid() != 0)
			/* `sockfence check` by a user: the daemon, root, will see it. */
			diag_add(diags, DIAG_WARNING, pos,
				 "cannot check %s as this user (%s); run 'sockfence check' as "
				 "root to check it",
				 path, strerror(errno));
		else
			diag_add(diags, DIAG_ERROR, pos, "cannot stat %s: %s (fix the path)", path,
				 strerror(errno));
		return;
	}
	if (!S_ISSOCK(st.st_mode)) {
		diag_add(diags, DIAG_WARNING, pos,
			 "%s is not a unix socket (protected as soon as a socket replaces it)",
			 path);
		return;
	}
	seen = find_resolved(out, compile_kernel_dev(st.st_dev), st.st_ino);
	if (seen) {
		if (seen->endpoint_id != endpoint_id)
			diag_add(diags, DIAG_ERROR, pos,
				 "%s is the same socket as %s of endpoint '%s' (one socket can "
				 "belong to one endpoint only)",
				 path, seen->path, policy->endpoints[seen->endpoint_id].name);
		return;
	}
	if (table_full(out->n_unix, "protected sockets", pos, diags))
		return;
	t = &out->unix_targets[out->n_unix++];
	t->dev = compile_kernel_dev(st.st_dev);
	t->ino = st.st_ino;
	t->endpoint_id = endpoint_id;
	snprintf(t->path, sizeof(t->path), "%s", path);
}

/* An exe that is not there matches nothing (no inode has dev ~0). */
static void resolve_exe(const struct policy_rule *r, struct sf_rule *out, struct diag_list *diags)
{
	struct stat st;

	out->exe_dev = ~0ULL;
	out->exe_ino = 0;
	if (stat(r->exe, &st) != 0 || !S_ISREG(st.st_mode)) {
		diag_add(diags, DIAG_WARNING, r->exe_pos,
			 "exe %s is not a file now (%s); the rule matches no caller until it is "
			 "(sockfence re-reads it when it appears)",
			 r->exe, errno ? strerror(errno) : "not a regular file");
		return;
	}
	out->exe_dev = compile_kernel_dev(st.st_dev);
	out->exe_ino = st.st_ino;
}

/* A cgroup's id is its directory's inode number in the cgroup v2 tree. */
static void resolve_cgroup(const struct policy_rule *r, struct sf_rule *out,
			   struct diag_list *diags)
{
	char root[PATH_MAX], path[PATH_MAX + 64];
	struct stat st;

	out->cgroup_id = 0; /* no cgroup has id 0: matches nothing */
	cgroup2_mount_point(root, sizeof(root));
	if (!root[0]) {
		diag_add(diags, DIAG_WARNING, r->cgroup_pos,
			 "no cgroup v2 hierarchy is mounted; cgroup %s matches no caller",
			 r->cgroup);
		return;
	}
	snprintf(path, sizeof(path), "%s/%s", root, r->cgroup);
	if (stat(path, &st) != 0 || !S_ISDIR(st.st_mode)) {
		diag_add(diags, DIAG_WARNING, r->cgroup_pos,
			 "cgroup %s does not exist now (%s); the rule matches no caller until it "
			 "does (sockfence re-reads it every few seconds)",
			 r->cgroup, path);
		return;
	}
	out->cgroup_id = st.st_ino;
}

/* A remote rule's source prefixes: a run of the policy's source table. */
static void add_sources(const struct policy_rule *r, struct sf_policy *p, struct sf_rule *out,
			struct diag_list *diags)
{
	if (p->n_sources + r->n_sources > SF_MAX_SOURCES) {
		diag_add(diags, DIAG_ERROR, r->pos,
			 "too many source prefixes: at most %d in all rules (merge prefixes)",
			 SF_MAX_SOURCES);
		return;
	}
	out->source_first = (__u16)p->n_sources;
	out->source_count = (__u8)r->n_sources;
	for (size_t i = 0; i < r->n_sources; i++)
		p->sources[p->n_sources++] = r->sources[i];
}

static void compile_rule(const struct policy *policy, size_t i, struct sf_policy *p,
			 struct diag_list *diags)
{
	const struct policy_rule *r = &policy->rules[i];
	struct sf_rule *out = &p->rules[i];

	out->index = i;
	out->match = r->match;
	out->uid = r->uid;
	out->gid = r->gid;
	out->endpoints = r->endpoints;
	out->action = r->action;
	out->mode = r->mode == POLICY_MODE_INHERIT ? policy->mode : r->mode;
	out->origin = r->origin;
	if (r->match & SF_MATCH_EXE)
		resolve_exe(r, out, diags);
	if (r->match & SF_MATCH_CGROUP)
		resolve_cgroup(r, out, diags);
	if (r->match & SF_MATCH_CONTAINER) {
		out->container_len = strlen(r->container);
		memcpy(out->container, r->container, out->container_len);
	}
	if (r->match & SF_MATCH_SOURCE)
		add_sources(r, p, out, diags);
}

/*
 * The quick "not protected" the hooks test first (sf_inode_filter_has,
 * sf_port_protected), and the held path's (sf_ino_filter_has).
 */
static void fill_filters(struct sf_policy *out)
{
	memset(&out->unix_ino_filter, 0, sizeof(out->unix_ino_filter));
	memset(&out->dir_ino_filter, 0, sizeof(out->dir_ino_filter));
	memset(&out->fast.unix_inodes, 0, sizeof(out->fast.unix_inodes));
	memset(out->fast.tcp_ports, 0, sizeof(out->fast.tcp_ports));
	for (__u32 i = 0; i < out->n_unix; i++) {
		sf_ino_filter_add(&out->unix_ino_filter, out->unix_targets[i].dev,
				  out->unix_targets[i].ino);
		sf_inode_filter_add(&out->fast.unix_inodes, out->unix_targets[i].ino);
	}
	for (__u32 i = 0; i < out->n_unix_dirs; i++)
		sf_ino_filter_add(&out->dir_ino_filter, out->unix_dirs[i].dev,
				  out->unix_dirs[i].ino);
	for (__u32 i = 0; i < out->n_tcp; i++) {
		__u32 port = out->tcp_targets[i].port & 0xffff;

		out->fast.tcp_ports[port / 64] |= 1ULL << (port % 64);
	}
}

int policy_compile(const struct policy *policy, __u32 generation, struct sf_policy *out,
		   struct diag_list *diags)
{
	size_t errors_before = diags->errors;

	memset(out, 0, sizeof(*out));
	if (policy->n_endpoints > SF_MAX_ENDPOINTS || policy->n_rules > SF_MAX_RULES) {
		diag_add(diags, DIAG_ERROR, (struct diag_pos){ 0 }, "policy exceeds the limits");
		return -EINVAL;
	}
	out->generation = generation;
	out->default_action = policy->default_action;
	out->mode = policy->mode;
	out->exposure = policy->exposure;
	out->n_endpoints = policy->n_endpoints;
	for (__u32 id = 0; id < policy->n_endpoints; id++) {
		const struct policy_endpoint *ep = &policy->endpoints[id];

		snprintf(out->endpoint_names[id], SF_NAME_LEN, "%s", ep->name);
		out->endpoint_hash[id] = sf_text_hash(out->endpoint_names[id]);
		for (size_t p = 0; p < ep->n_paths; p++) {
			add_unix_path(policy, id, p, out, diags);
			add_unix_name(ep->paths[p], ep->path_pos[p], id, out, diags);
		}
		for (size_t p = 0; p < ep->n_ports; p++) {
			if (table_full(out->n_tcp, "protected ports", ep->pos, diags))
				break;
			out->tcp_targets[out->n_tcp].port = ep->ports[p];
			out->tcp_targets[out->n_tcp++].endpoint_id = id;
		}
	}
	qsort(out->unix_targets, out->n_unix, sizeof(out->unix_targets[0]), compare_unix);
	qsort(out->tcp_targets, out->n_tcp, sizeof(out->tcp_targets[0]), compare_tcp);
	qsort(out->unix_names, out->n_unix_names, sizeof(out->unix_names[0]), compare_names);
	/* Paths that already clash as sockets would clash as places again. */
	if (diags->errors == errors_before)
		policy_places(policy, out, diags);
	policy_abstract(policy, out, diags);
	fill_filters(out);
	out->n_rules = policy->n_rules;
	out->unread = SF_UNREAD_EXE | SF_UNREAD_CGROUPS;
	for (size_t i = 0; i < policy->n_rules; i++) {
		compile_rule(policy, i, out, diags);
		sf_rule_index_add(&out->rule_index, &out->rules[i], (__u32)i);
		if (out->rules[i].match & SF_MATCH_EXE)
			out->unread &= ~SF_UNREAD_EXE;
		if (out->rules[i].match & SF_MATCH_CGROUP)
			out->unread &= ~SF_UNREAD_CGROUPS;
	}
	return diags->errors > errors_before ? -EINVAL : 0;
}
