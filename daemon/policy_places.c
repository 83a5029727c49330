// SPDX-License-Identifier: GPL-2.0-only
#include "policy_places.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "decide.h"
#include "policy_compile.h"

/* A place before the directories are numbered. */
struct place {
	__u64 dir_dev;
	__u64 dir_ino;
	__u64 name_hash;
	__u32 name_len;
	__u32 endpoint_id;
	const char *path;
};

struct places {
	struct place items[SF_MAX_TARGETS];
	__u32 n;
};

static int compare_dirs(const void *a, const void *b)
{
	const struct sf_unix_dir *x = a, *y = b;

	if (x->dev != y->dev)
		return x->dev < y->dev ? -1 : 1;
	return (x->ino > y->ino) - (x->ino < y->ino);
}

static int compare_dentries(const void *a, const void *b)
{
	const struct sf_unix_dentry *x = a, *y = b;

	if (x->dir != y->dir)
		return x->dir < y->dir ? -1 : 1;
	return (x->name_hash > y->name_hash) - (x->name_hash < y->name_hash);
}

/* Adds file name's place in directory dir (a path that may hold symlinks). */
static void add_place(struct places *ps, const struct policy *policy, const char *dir,
		      const char *name, __u32 endpoint_id, const char *path, struct diag_pos pos,
		      struct diag_list *diags)
{
	char resolved[PATH_MAX];
	struct place p = { .endpoint_id = endpoint_id, .path = path };
	struct stat st;

	if (!realpath(dir, resolved) || stat(resolved, &st) != 0 || !S_ISDIR(st.st_mode))
		return; /* no directory yet: re-read when it appears */
	p.dir_dev = compile_kernel_dev(st.st_dev);
	p.dir_ino = st.st_ino;
	p.name_hash = sf_name_hash(name);
	p.name_len = (__u32)strlen(name);
	for (__u32 i = 0; i < ps->n; i++) {
		const struct place *q = &ps->items[i];

		if (q->dir_dev != p.dir_dev || q->dir_ino != p.dir_ino ||
		    q->name_hash != p.name_hash)
			continue;
		if (q->endpoint_id != endpoint_id)
			diag_add(
				diags, DIAG_ERROR, pos,
				"%s is the same place as %s of endpoint '%s' (%s/%s; one place can "
				"belong to one endpoint only)",
				path, q->path, policy->endpoints[q->endpoint_id].name, resolved,
				name);
		return;
	}
	if (ps->n >= SF_MAX_TARGETS) {
		diag_add(diags, DIAG_ERROR, pos, "too many socket places (at most %d)",
			 SF_MAX_TARGETS);
		return;
	}
	ps->items[ps->n++] = p;
}

/* Splits path at its last '/' into add_place()'s directory and name. */
static void add_path_place(struct places *ps, const struct policy *policy, const char *path,
			   __u32 endpoint_id, const char *configured, struct diag_pos pos,
			   struct diag_list *diags)
{
	char dir[PATH_MAX];
	const char *slash = strrchr(path, '/');

	if (!slash || !slash[1] || (size_t)(slash - path) >= sizeof(dir))
		return;
	snprintf(dir, sizeof(dir), "%.*s", slash == path ? 1 : (int)(slash - path), path);
	add_place(ps, policy, dir, slash + 1, endpoint_id, configured, pos, diags);
}

static void number_places(struct places *ps, struct sf_policy *out)
{
	out->n_unix_dirs = 0;
	for (__u32 i = 0; i < ps->n; i++) {
		struct sf_unix_dir d = { .dev = ps->items[i].dir_dev, .ino = ps->items[i].dir_ino };
		bool seen = false;

		for (__u32 j = 0; j < out->n_unix_dirs && !seen; j++)
			seen = compare_dirs(&out->unix_dirs[j], &d) == 0;
		if (!seen)
			out->unix_dirs[out->n_unix_dirs++] = d;
	}
	qsort(out->unix_dirs, out->n_unix_dirs, sizeof(out->unix_dirs[0]), compare_dirs);
	out->n_unix_dentries = ps->n;
	memset(out->fast.place_name_lens, 0, sizeof(out->fast.place_name_lens));
	for (__u32 i = 0; i < ps->n; i++) {
		struct sf_unix_dentry *e = &out->unix_dentries[i];
		struct sf_unix_dir key = { .dev = ps->items[i].dir_dev,
					   .ino = ps->items[i].dir_ino };
		const struct sf_unix_dir *dir =
			bsearch(&key, out->unix_dirs, out->n_unix_dirs, sizeof(key), compare_dirs);

		e->dir = (__u64)(dir - out->unix_dirs);
		e->name_hash = ps->items[i].name_hash;
		sf_place_name_len_add(&out->fast, ps->items[i].name_len);
		e->endpoint_id = ps->items[i].endpoint_id;
		snprintf(e->path, sizeof(e->path), "%s", ps->items[i].path);
	}
	qsort(out->unix_dentries, out->n_unix_dentries, sizeof(out->unix_dentries[0]),
	      compare_dentries);
}

void policy_places(const struct policy *policy, struct sf_policy *out, struct diag_list *diags)
{
	struct places *ps = calloc(1, sizeof(*ps));
	char target[PATH_MAX];

	if (!ps) {
		diag_add(diags, DIAG_ERROR, (struct diag_pos){ 0 }, "out of memory");
		return;
	}
	for (__u32 id = 0; id < policy->n_endpoints; id++) {
		const struct policy_endpoint *ep = &policy->endpoints[id];

		for (size_t i = 0; i < ep->n_paths; i++) {
			const char *path = ep->paths[i];
			struct stat st;

			add_path_place(ps, policy, path, id, path, ep->path_pos[i], diags);
			/* A symlink's file, where its socket is bound. */
			if (lstat(path, &st) == 0 && S_ISLNK(st.st_mode) && realpath(path, target))
				add_path_place(ps, policy, target, id, path, ep->path_pos[i],
					       diags);
		}
	}
	number_places(ps, out);
	free(ps);
}
