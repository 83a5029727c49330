/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Which kernel mechanism enforces, and what it cannot do. The lsm backend
 * (BPF LSM) and the fmod_ret backend (the same checks on the kernel's
 * security_* functions, where BPF LSM is off) judge unix sockets by inode;
 * the cgroup backend (cgroup sock_addr hooks), for kernels that refuse
 * both, judges unix sockets by file name and needs Linux 6.7 for them at
 * all. docs/backends.md says the same to users.
 */
#ifndef SOCKFENCE_BACKEND_H
#define SOCKFENCE_BACKEND_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "diag.h"
#include "policy.h"
#include "sockfence.h"

struct loader;

struct backend {
	enum sf_backend kind;
	char reason[512];	    /* why this one: shown at start, in syslog, in status */
	char cgroup_path[PATH_MAX]; /* cgroup: the directory the programs attach to */
	bool cgroup_is_root;	    /* ... is the root of the cgroup v2 hierarchy */
	int unix_attach_type;	    /* cgroup: BPF_CGROUP_UNIX_CONNECT here, or -1 (< 6.7) */
	bool trial;		    /* auto trying a backend: a failure is reported, not an error */
};

/* "auto", "lsm", "fmod_ret", "cgroup" to POLICY_BACKEND_AUTO or an enum sf_backend. */
int backend_parse_name(const char *name, uint8_t *out);
const char *backend_name(unsigned int kind);

/*
 * The kernel's value of BPF_CGROUP_UNIX_CONNECT, read from its BTF (the
 * enum bpf_attach_type), or -ENOENT when the kernel has no such hook.
 */
int backend_unix_connect_type(void);

/*
 * Fills b for the cgroup backend: where to attach (cgroup_path, or the root
 * of the cgroup v2 hierarchy from the mount table when NULL) and whether
 * this kernel has the unix hook. Logs what is wrong and fails otherwise.
 */
int backend_prepare_cgroup(struct backend *b, const char *cgroup_path);

/* The backend a daemon recorded in the pinned meta map, for status. */
void backend_from_meta(struct backend *b, const struct sf_meta *meta);

/*
 * Chooses and loads: wanted is POLICY_BACKEND_AUTO or an enum sf_backend.
 * auto takes lsm when BPF LSM is active and its programs load, else
 * fmod_ret when its programs load, else cgroup, and says why in b->reason
 * (every backend it skipped, and why). An explicit choice that cannot work
 * fails with the fix in the log.
 */
int backend_load(struct backend *b, unsigned int wanted, const char *cgroup_path, struct loader *l);

/* Receives each line of backend_degradations(); fatal: not enforced at all. */
typedef void (*backend_line_fn)(void *ctx, bool fatal, const char *line);

/*
 * What the backend cannot enforce of the compiled policy p, one line each
 * (also for a backend read back from the pins: kind, cgroup_path,
 * cgroup_is_root and unix_attach_type are all it uses). Returns the number
 * of fatal lines: protections the policy asks for that are not enforced.
 */
size_t backend_degradations(const struct backend *b, const struct sf_policy *p,
			    backend_line_fn line, void *ctx);

/*
 * The backend's verdict on a policy about to be published: an error when it
 * cannot enforce part of it (unless the policy says allow-degraded: true,
 * then a warning, at every start and reload), or when two endpoints share a
 * socket file name the cgroup backend cannot tell apart. Returns -EINVAL
 * when it added an error, else 0.
 */
int backend_check_policy(const struct backend *b, const struct policy *policy,
			 const struct sf_policy *compiled, struct diag_list *diags);

#endif /* SOCKFENCE_BACKEND_H */
