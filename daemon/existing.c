// SPDX-License-Identifier: GPL-2.0-only
#include "existing.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cgroup2.h"
#include "kept.h"
#include "log.h"
#include "pins.h"

int existing_find(const struct sf_policy *active, int kept_fd, struct connections *out)
{
	struct connections_scope scope = { .policy = active, .proc_dir = "/proc" };
	struct connections_kept *kept = NULL;
	char root[4096];
	int err;

	memset(out, 0, sizeof(*out));
	if (cgroup2_mount_point(root, sizeof(root)) != 0)
		root[0] = '\0';
	scope.cgroup_root = root;
	if (kept_fd >= 0) {
		err = kept_read_all(kept_fd, &kept, &scope.n_kept);
		if (err)
			return err;
		scope.kept = kept;
	}
	err = connections_find(&scope, out);
	free(kept);
	return err;
}

struct tally {
	size_t allowed, refused, closed, open, remote, unowned;
};

/* What became of one connection, for its log line; counts it. */
static int outcome(const struct connection *c, bool close, struct tally *t, char *out, size_t len)
{
	t->remote += c->judged == CONNECTION_REMOTE;
	if (c->judged != CONNECTION_NO_OWNER && c->verdict != SF_VERDICT_DENY) {
		t->allowed++;
		snprintf(out, len, "the policy lets it through");
		return LOG_INFO;
	}
	t->refused += c->judged != CONNECTION_NO_OWNER;
	t->unowned += c->judged == CONNECTION_NO_OWNER;
	if (c->kind != CONNECTION_TCP) {
		t->open++;
		if (c->judged == CONNECTION_NO_OWNER)
			snprintf(out, len,
				 "left open: no process holds it now (a receiver is judged "
				 "when it takes it)");
		else
			snprintf(out, len,
				 "the policy refuses it, left open: a unix connection "
				 "cannot be closed from outside; stop that process (or "
				 "restart the daemon it talks to)");
		return LOG_WARNING;
	}
	if (c->closed == 1) {
		t->closed++;
		snprintf(out, len, "closed (existing-connections: close)");
		return LOG_NOTICE;
	}
	t->open++;
	if (!close)
		snprintf(out, len,
			 "left open: 'existing-connections: close' in the policy closes "
			 "refused TCP connections");
	else if (c->closed == -EOPNOTSUPP)
		snprintf(out, len,
			 "left open: this kernel cannot close sockets from outside "
			 "(built without CONFIG_INET_DIAG_DESTROY); stop that process");
	else
		snprintf(out, len, "left open: closing it failed: %s", strerror(-c->closed));
	return LOG_WARNING;
}

int existing_sweep(const struct sf_policy *active, int kept_fd, bool close, const char *when)
{
	struct connections list;
	struct tally t = { 0 };
	int err = existing_find(active, kept_fd, &list);

	if (err) {
		log_err("cannot list the connections to protected endpoints %s: %s (reading the "
			"kernel's socket tables and /proc); 'sockfence status --connections' "
			"retries",
			when, strerror(-err));
		return err;
	}
	if (list.abstract_unseen)
		log_warn("abstract sockets are protected in another network namespace than "
			 "sockfence's: their existing connections are not listed");
	if (close)
		connections_close_refused(&list);
	for (size_t i = 0; i < list.n; i++) {
		const struct connection *c = &list.items[i];
		char what[512], verdict[64], result[256];
		int level = outcome(c, close, &t, result, sizeof(result));

		connection_describe(c, what, sizeof(what));
		connection_verdict_text(c, verdict, sizeof(verdict));
		log_msg(level, "existing connection %s: %s: %s", what, verdict, result);
	}
	if (list.n)
		log_notice(
			"%zu connections to protected endpoints existed %s: %zu let through, %zu "
			"refused, %zu held by no process, %zu from other hosts; %zu closed, %zu "
			"refused left open",
			list.n, when, t.allowed, t.refused, t.unowned, t.remote, t.closed, t.open);
	else
		log_info("no connections to protected endpoints existed %s", when);
	connections_free(&list);
	return (int)t.open;
}

int existing_find_pinned(struct sf_policy *policy, struct connections *out)
{
	int kept_fd, err;

	if (pins_read_active_policy(policy) != 0)
		return -ENOENT;
	kept_fd = pins_open_map("kept");
	err = existing_find(policy, kept_fd, out);
	if (kept_fd >= 0)
		close(kept_fd);
	return err;
}
