// SPDX-License-Identifier: GPL-2.0-only
#include "daemon.h"

#include <bpf/bpf.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "kept.h"
#include "log.h"
#include "notify.h"
#include "pins.h"
#include "policy_compile.h"
#include "policy_source.h"

/* Sends every diagnostic to the log and to the requester. */
static void report_diags(const struct diag_list *diags, daemon_say_fn say, void *say_ctx)
{
	char line[1024];

	for (size_t i = 0; i < diags->count; i++) {
		if (diag_format(diags, i, line, sizeof(line)) < 0)
			continue;
		log_msg(diags->items[i].severity == DIAG_ERROR ? LOG_ERR : LOG_WARNING, "%s", line);
		if (say)
			say(say_ctx, line);
	}
}

/*
 * What `status` shows when no daemon answers, and the next daemon reads;
 * systemd's status line says the same generation.
 */
static void record_meta(struct daemon *d)
{
	char status[96];
	struct sf_meta meta = {
		.layout = SF_MAP_LAYOUT,
		.generation = d->active->generation,
		.loaded_at = (__u64)time(NULL),
		.daemon_started_at = d->started_at,
		.daemon_pid = getpid(),
	};

	d->loaded_at = meta.loaded_at;
	if (!d->loader)
		return;
	snprintf(status, sizeof(status), "STATUS=enforcing policy generation %u (%s backend)",
		 d->active->generation, d->backend ? backend_name(d->backend->kind) : "?");
	notify_systemd(status);
	snprintf(meta.policy_source, sizeof(meta.policy_source), "%s", d->policy_source);
	if (d->backend) {
		meta.backend = d->backend->kind;
		snprintf(meta.backend_reason, sizeof(meta.backend_reason), "%s",
			 d->backend->reason);
		/* Longer cgroup paths are cut in status; the daemon keeps its own. */
		snprintf(meta.cgroup_path, sizeof(meta.cgroup_path), "%.*s",
			 (int)sizeof(meta.cgroup_path) - 1, d->backend->cgroup_path);
	}
	loader_write_meta(d->loader, &meta);
}

/*
 * Sockets next no longer finds but that are still bound stay protected
 * (kept.h): before next is published. The generation before it is the
 * daemon's own, or at start the one an earlier daemon left pinned.
 * Returns 0, or a negative errno when one could not be kept: next must
 * then not be published.
 */
static int keep_dropped(const struct daemon *d, const struct sf_policy *next)
{
	int fd = d->loader ? loader_kept_map_fd(d->loader) : -1;
	struct sf_policy *pinned = NULL;
	const struct sf_policy *old = d->active;
	struct bound_files bound;
	int err = 0, read_err;

	if (fd < 0)
		return 0;
	if (!old && d->loader->adopted) {
		pinned = malloc(sizeof(*pinned));
		if (pinned && pins_read_active_policy(pinned) == 0)
			old = pinned;
	}
	/* Reading every unix socket of the host is the dear part: only when one may be kept. */
	if (old && kept_would_hold(old, next)) {
		read_err = sock_diag_bound_files(&bound);
		if (read_err)
			log_warn("cannot read which unix sockets are bound (sock_diag): %s; every "
				 "socket a path no longer leads to is kept protected, bound or not",
				 strerror(-read_err));
		err = kept_hold_dropped(fd, loader_policy_state_map_fd(d->loader), old, next,
					read_err ? NULL : &bound);
		if (!read_err)
			bound_files_free(&bound);
	}
	free(pinned);
	return err < 0 ? err : 0;
}

/*
 * Forgets the kept sockets that are closed (kept.h). While the kept
 * filters of "policy_state" are empty, there is nothing to read the socket tables for.
 */
static void prune_kept(const struct daemon *d)
{
	int fd = d->loader ? loader_kept_map_fd(d->loader) : -1;
	int filter_fd = d->loader ? loader_policy_state_map_fd(d->loader) : -1;
	struct bound_files bound;

	if (fd < 0 || filter_fd < 0 || !kept_any(filter_fd))
		return;
	if (sock_diag_bound_files(&bound) != 0)
		return;
	kept_prune(fd, filter_fd, &bound);
	bound_files_free(&bound);
}

static bool has_endpoint(const struct policy *p, const char *name)
{
	for (size_t i = 0; i < p->n_endpoints; i++) {
		if (strcmp(p->endpoints[i].name, name) == 0)
			return true;
	}
	return false;
}

/* "+a +b -c": endpoints the new policy adds and removes. */
static void endpoint_changes(const struct policy *old, const struct policy *new, char *out,
			     size_t len)
{
	size_t used = 0;

	out[0] = '\0';
	for (size_t i = 0; i < new->n_endpoints &&used < len; i++) {
		if (!has_endpoint(old, new->endpoints[i].name))
			used += snprintf(out + used, len - used, " +%s", new->endpoints[i].name);
	}
	for (size_t i = 0; i < old->n_endpoints && used < len; i++) {
		if (!has_endpoint(new, old->endpoints[i].name))
			used += snprintf(out + used, len - used, " -%s", old->endpoints[i].name);
	}
}

int daemon_reload(struct daemon *d, const char *path, daemon_say_fn say, void *say_ctx,
		  char *summary, size_t summary_len)
{
	__u32 generation = (d->active ? d->active->generation : d->base_generation) + 1;
	bool explicit = path != NULL || d->policy_explicit;
	struct sf_policy *compiled = calloc(1, sizeof(*compiled));
	struct policy policy = { 0 };
	struct diag_list diags;
	char *source = NULL;
	char changes[256];
	int err;

	if (!compiled) {
		snprintf(summary, summary_len, "out of memory");
		return -ENOMEM;
	}
	err = policy_source_load(path ? path : d->policy_path, explicit, &policy, &diags, &source);
	if (!err) {
		policy_lint(&policy, &diags);
		err = policy_compile(&policy, generation, compiled, &diags);
	}
	if (!err && d->backend)
		err = backend_check_policy(d->backend, &policy, compiled, &diags);
	if (!err && d->backend && policy.backend != POLICY_BACKEND_AUTO &&
	    policy.backend != d->backend->kind)
		log_warn("the policy asks for the %s backend; the %s backend stays until "
			 "sockfence restarts",
			 backend_name(policy.backend), backend_name(d->backend->kind));
	report_diags(&diags, say, say_ctx);
	if (!err)
		err = keep_dropped(d, compiled);
	if (!err)
		err = d->loader ? loader_publish(d->loader, compiled) : 0;
	if (!err && d->loader)
		loader_clear_rule_hits(d->loader, d->active);
	if (err) {
		if (d->active)
			snprintf(
				summary, summary_len,
				"policy from %s refused (%zu errors); generation %u stays in force",
				source ? source : "?", diags.errors, d->active->generation);
		else
			snprintf(summary, summary_len, "policy from %s refused (%zu errors)",
				 source ? source : "?", diags.errors);
		log_err("%s", summary);
		policy_free(&policy);
		free(compiled);
		free(source);
		diag_free(&diags);
		return err;
	}

	endpoint_changes(&d->policy, &policy, changes, sizeof(changes));
	snprintf(summary, summary_len,
		 "generation %u active from %s: %zu endpoints%s%s, %zu rules (was %zu), %zu "
		 "warnings",
		 generation, source, policy.n_endpoints, changes[0] ? ":" : "", changes,
		 policy.n_rules, d->policy.n_rules, diags.warnings);
	log_info("%s", summary);
	policy_free(&d->policy);
	d->policy = policy;
	free(d->active);
	d->active = compiled;
	free(d->policy_source);
	d->policy_source = source;
	record_meta(d);
	diag_free(&diags);
	return 0;
}

int daemon_read_backend_setting(const struct daemon *d, uint8_t *backend)
{
	struct policy policy = { 0 };
	struct diag_list diags;
	char *source = NULL;
	int err = policy_source_load(d->policy_path, d->policy_explicit, &policy, &diags, &source);

	if (err) {
		report_diags(&diags, NULL, NULL);
		log_err("policy from %s refused (%zu errors); not starting", source ? source : "?",
			diags.errors);
	}
	*backend = policy.backend;
	policy_free(&policy);
	diag_free(&diags);
	free(source);
	return err;
}

/* Same compiled content (sockets, exe inodes, cgroup ids), generation aside? */
static bool same_compiled(struct sf_policy *fresh, const struct sf_policy *active)
{
	__u32 generation = fresh->generation;
	bool same;

	fresh->generation = active->generation;
	same = memcmp(fresh, active, sizeof(*fresh)) == 0;
	fresh->generation = generation;
	return same;
}

int daemon_refresh(struct daemon *d)
{
	struct sf_policy *compiled;
	struct diag_list diags;
	int err;

	if (!d->active)
		return 0;
	compiled = calloc(1, sizeof(*compiled));
	if (!compiled)
		return -ENOMEM;
	diag_init(&diags, d->policy_source);
	err = policy_compile(&d->policy, d->active->generation + 1, compiled, &diags);
	if (err) {
		/* Paths now clash (two endpoints, one socket): keep what is in force. */
		report_diags(&diags, NULL, NULL);
		log_err("sockets changed but the policy no longer compiles; generation %u stays "
			"in force",
			d->active->generation);
	} else if (!same_compiled(compiled, d->active)) {
		err = keep_dropped(d, compiled);
		if (err)
			log_err("a socket that changed path could not be kept protected; "
				"generation %u stays in force",
				d->active->generation);
		else
			err = d->loader ? loader_publish(d->loader, compiled) : 0;
		if (!err) {
			for (__u32 i = 0; i < compiled->n_unix; i++)
				log_debug("protecting %s (inode %llu)",
					  compiled->unix_targets[i].path,
					  (unsigned long long)compiled->unix_targets[i].ino);
			log_info(
				"sockets, executables or cgroups of the policy changed (%u sockets "
				"present); generation %u active",
				compiled->n_unix, compiled->generation);
			free(d->active);
			d->active = compiled;
			compiled = NULL;
			record_meta(d);
		}
	}
	free(compiled);
	diag_free(&diags);
	prune_kept(d);
	return err;
}

void daemon_fini(struct daemon *d)
{
	policy_free(&d->policy);
	free(d->active);
	free(d->policy_source);
	free(d->policy_path);
	d->active = NULL;
	d->policy_source = NULL;
	d->policy_path = NULL;
}
