// SPDX-License-Identifier: GPL-2.0-only
#include "backend.h"

#include <bpf/btf.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>

#include "cgroup2.h"
#include "loader.h"
#include "log.h"
#include "lsm_check.h"
#include "policy_words.h"

int backend_parse_name(const char *name, uint8_t *out)
{
	int value = policy_word_value(&policy_backend_words, name);

	if (value < 0)
		return -EINVAL;
	*out = (uint8_t)value;
	return 0;
}

const char *backend_name(unsigned int kind)
{
	return policy_word(&policy_backend_words, kind);
}

int backend_unix_connect_type(void)
{
	struct btf *btf = btf__load_vmlinux_btf();
	int type = -ENOENT, id;

	if (!btf)
		return -errno;
	id = btf__find_by_name_kind(btf, "bpf_attach_type", BTF_KIND_ENUM);
	if (id > 0) {
		const struct btf_type *t = btf__type_by_id(btf, id);
		const struct btf_enum *value = btf_enum(t);

		for (int i = 0; i < btf_vlen(t); i++, value++) {
			if (strcmp(btf__name_by_offset(btf, value->name_off),
				   "BPF_CGROUP_UNIX_CONNECT") == 0)
				type = value->val;
		}
	}
	btf__free(btf);
	return type;
}

/* Is path the root of the cgroup v2 hierarchy (the same directory)? */
static bool is_cgroup2_root(const char *path)
{
	char root[PATH_MAX];
	struct stat sa, sb;

	return cgroup2_mount_point(root, sizeof(root)) == 0 && stat(root, &sa) == 0 &&
	       stat(path, &sb) == 0 && sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

int backend_prepare_cgroup(struct backend *b, const char *cgroup_path)
{
	char root[PATH_MAX];
	struct stat st;
	bool have_root = cgroup2_mount_point(root, sizeof(root)) == 0;

	b->kind = SF_BACKEND_CGROUP;
	if (!have_root && !cgroup_path) {
		log_err("the cgroup backend needs the cgroup v2 hierarchy, and none is mounted "
			"(no cgroup2 in /proc/self/mounts); mount it, e.g. 'mount -t cgroup2 none "
			"/sys/fs/cgroup/unified', or enable BPF LSM");
		return -ENOENT;
	}
	snprintf(b->cgroup_path, sizeof(b->cgroup_path), "%s", cgroup_path ? cgroup_path : root);
	if (stat(b->cgroup_path, &st) != 0 || !S_ISDIR(st.st_mode)) {
		log_err("cannot attach to cgroup %s: %s (give a directory of the cgroup v2 "
			"hierarchy)",
			b->cgroup_path, errno ? strerror(errno) : "not a directory");
		return -ENOENT;
	}
	b->cgroup_is_root = is_cgroup2_root(b->cgroup_path);
	b->unix_attach_type = backend_unix_connect_type();
	return 0;
}

void backend_from_meta(struct backend *b, const struct sf_meta *meta)
{
	memset(b, 0, sizeof(*b));
	b->kind = meta->backend;
	snprintf(b->reason, sizeof(b->reason), "%.*s", (int)sizeof(meta->backend_reason),
		 meta->backend_reason);
	snprintf(b->cgroup_path, sizeof(b->cgroup_path), "%.*s", (int)sizeof(meta->cgroup_path),
		 meta->cgroup_path);
	b->cgroup_is_root = is_cgroup2_root(b->cgroup_path);
	b->unix_attach_type = b->kind == SF_BACKEND_CGROUP ? backend_unix_connect_type() : -1;
}

/* Loads the programs of a trampoline backend (lsm or fmod_ret). */
static int load_trampoline(struct backend *b, enum sf_backend kind, struct loader *l)
{
	int err = lsm_check_privileges(kind);

	b->kind = kind;
	b->unix_attach_type = -1;
	return err ? err : loader_load(l, b);
}

static int load_cgroup(struct backend *b, const char *cgroup_path, struct loader *l)
{
	int err = lsm_check_privileges(SF_BACKEND_CGROUP);

	if (!err)
		err = backend_prepare_cgroup(b, cgroup_path);
	return err ? err : loader_load(l, b);
}

/* auto's trial of a trampoline backend: a failure is a reason, not an error. */
static int try_trampoline(struct backend *b, enum sf_backend kind, struct loader *l, char *why,
			  size_t why_len)
{
	int err;

	b->trial = true;
	err = load_trampoline(b, kind, l);
	b->trial = false;
	if (err) {
		loader_destroy(l);
		snprintf(why, why_len, "the %s programs did not load (%s: %s)", backend_name(kind),
			 strerror(-err), loader_error_hint(-err, log_is_verbose()));
	}
	return err;
}

static int load_lsm_only(struct backend *b, struct loader *l, int lsm_err, const char *why)
{
	char hint[512];

	if (lsm_err) {
		lsm_enable_hint(hint, sizeof(hint));
		log_err("the lsm backend was asked for, but %s", why);
		log_err("fix: %s; or use the fmod_ret backend, which needs no boot change "
			"('--backend fmod_ret', or 'backend: fmod_ret' in the policy)",
			hint);
		return lsm_err;
	}
	snprintf(b->reason, sizeof(b->reason), "the lsm backend was asked for; %s", why);
	return load_trampoline(b, SF_BACKEND_LSM, l);
}

/*
 * auto: lsm where BPF LSM is active and its programs load, else fmod_ret
 * where the kernel takes tracing programs, else cgroup; every step it
 * skips is in the reason. lsm is never taken on trust: where the LSM list
 * cannot be read its programs might load yet never run, so it is skipped,
 * and fmod_ret (full enforcement as well) comes next.
 */
static int load_auto(struct backend *b, const char *cgroup_path, struct loader *l, int lsm_err,
		     const char *lsm_why)
{
	char skipped_lsm[400], skipped_fmodret[400];

	if (!lsm_err) {
		if (try_trampoline(b, SF_BACKEND_LSM, l, skipped_lsm, sizeof(skipped_lsm)) == 0) {
			snprintf(b->reason, sizeof(b->reason),
				 "auto: %.400s and its programs loaded", lsm_why);
			return 0;
		}
		log_warn("auto: %s, but %s; trying the fmod_ret backend", lsm_why, skipped_lsm);
	} else {
		snprintf(skipped_lsm, sizeof(skipped_lsm), "%s", lsm_why);
	}
	if (try_trampoline(b, SF_BACKEND_FMODRET, l, skipped_fmodret, sizeof(skipped_fmodret)) ==
	    0) {
		snprintf(b->reason, sizeof(b->reason),
			 "auto: lsm skipped (%.300s); the fmod_ret programs on the kernel's "
			 "security_* functions loaded",
			 skipped_lsm);
		return 0;
	}
	snprintf(b->reason, sizeof(b->reason),
		 "auto: lsm skipped (%.220s); fmod_ret skipped (%.220s)", skipped_lsm,
		 skipped_fmodret);
	log_warn("%s; falling back to the cgroup backend", b->reason);
	return load_cgroup(b, cgroup_path, l);
}

int backend_load(struct backend *b, unsigned int wanted, const char *cgroup_path, struct loader *l)
{
	char why[384];
	int lsm_err;

	memset(b, 0, sizeof(*b));
	b->unix_attach_type = -1;
	if (wanted == SF_BACKEND_CGROUP) {
		snprintf(b->reason, sizeof(b->reason), "the cgroup backend was asked for");
		return load_cgroup(b, cgroup_path, l);
	}
	if (wanted == SF_BACKEND_FMODRET) {
		snprintf(b->reason, sizeof(b->reason), "the fmod_ret backend was asked for");
		return load_trampoline(b, SF_BACKEND_FMODRET, l);
	}
	lsm_mount_securityfs();
	lsm_err = lsm_bpf_active(why, sizeof(why));
	if (wanted == SF_BACKEND_LSM)
		return load_lsm_only(b, l, lsm_err, why);
	return load_auto(b, cgroup_path, l, lsm_err, why);
}

static void say(backend_line_fn line, void *ctx, bool fatal, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void say(backend_line_fn line, void *ctx, bool fatal, const char *fmt, ...)
{
	char text[640];
	va_list args;

	va_start(args, fmt);
	vsnprintf(text, sizeof(text), fmt, args);
	va_end(args);
	line(ctx, fatal, text);
}

size_t backend_degradations(const struct backend *b, const struct sf_policy *p,
			    backend_line_fn line, void *ctx)
{
	struct utsname uts = { 0 };
	size_t fatal = 0;

	if (b->kind != SF_BACKEND_CGROUP)
		return 0;
	uname(&uts);
	if (p->n_unix_names && b->unix_attach_type < 0) {
		say(line, ctx, true,
		    "unix sockets are NOT protected: this kernel (%s) has no cgroup hook for "
		    "unix connects (Linux 6.7 added it); only TCP ports are enforced",
		    uts.release);
		fatal++;
	} else if (p->n_unix_names) {
		say(line, ctx, false,
		    "unix sockets are recognised by the file name in the path a client connects "
		    "to, not by inode: a hard link or bind mount of a protected socket under "
		    "another file name is not judged, and any socket with a protected file name "
		    "is judged as that endpoint");
	}
	if (p->n_unix_abstract) {
		say(line, ctx, true,
		    "abstract unix sockets (@names) are NOT protected: the cgroup backend cannot "
		    "tell the network namespace that owns one");
		fatal++;
	}
	if (p->n_tcp)
		say(line, ctx, false,
		    "connection requests to protected ports from other hosts and network "
		    "namespaces are not refused: no cgroup hook sees a SYN arrive; only this "
		    "host's own connects are judged");
	if (!b->cgroup_is_root)
		say(line, ctx, false,
		    "only processes in cgroup %s and below are judged; every other process "
		    "connects unchecked",
		    b->cgroup_path);
	return fatal;
}

struct check_ctx {
	const struct policy *policy;
	struct diag_list *diags;
};

static void check_line(void *ctx, bool fatal, const char *line)
{
	struct check_ctx *c = ctx;

	if (!fatal)
		return; /* reported at start and by status, not at every reload */
	if (c->policy->allow_degraded)
		diag_add(c->diags, DIAG_WARNING, c->policy->backend_pos,
			 "degraded enforcement accepted (allow-degraded: true): %s", line);
	else
		diag_add(c->diags, DIAG_ERROR, c->policy->backend_pos,
			 "the cgroup backend cannot enforce this policy: %s (enable BPF LSM, "
			 "or accept it with 'allow-degraded: true')",
			 line);
}

static const char *file_name(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? slash + 1 : path;
}

/* Two endpoints with sockets of one file name: the cgroup hook sees one. */
static void check_shared_names(const struct policy *policy, struct diag_list *diags)
{
	for (size_t a = 0; a < policy->n_endpoints; a++) {
		const struct policy_endpoint *ea = &policy->endpoints[a];

		for (size_t i = 0; i < ea->n_paths; i++) {
			for (size_t b = 0; b < a; b++) {
				const struct policy_endpoint *eb = &policy->endpoints[b];

				for (size_t j = 0; j < eb->n_paths; j++) {
					if (strcmp(file_name(ea->paths[i]),
						   file_name(eb->paths[j])))
						continue;
					diag_add(
						diags, DIAG_ERROR, ea->path_pos[i],
						"%s of endpoint '%s' has the file name of %s of "
						"endpoint '%s': the cgroup backend recognises unix "
						"sockets by file name and cannot tell them apart "
						"(put both paths in one endpoint, rename a socket, "
						"or enable BPF LSM)",
						ea->paths[i], ea->name, eb->paths[j], eb->name);
				}
			}
		}
	}
}

int backend_check_policy(const struct backend *b, const struct policy *policy,
			 const struct sf_policy *compiled, struct diag_list *diags)
{
	struct check_ctx ctx = { .policy = policy, .diags = diags };
	size_t errors = diags->errors;

	if (b->kind != SF_BACKEND_CGROUP)
		return 0;
	check_shared_names(policy, diags);
	backend_degradations(b, compiled, check_line, &ctx);
	return diags->errors > errors ? -EINVAL : 0;
}
