// SPDX-License-Identifier: GPL-2.0-only
#include "connections.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "decide.h"
#include "grow.h"
#include "policy_words.h"
#include "socket_owners.h"
#include "unix_sockets.h"

#define UNIX_ESTABLISHED 1 /* unix sockets reuse the TCP state numbers */

struct finder {
	const struct connections_scope *scope;
	struct connections *out;
	struct socket_owners owners;
};

static struct connection *add(struct connections *list)
{
	if (GROW_FOR_ONE(list->items, list->n, list->cap, 16))
		return NULL;
	memset(&list->items[list->n], 0, sizeof(list->items[0]));
	return &list->items[list->n++];
}

/* The strictest first: a refusal outweighs an audit, an audit an allow. */
static int severity(__u8 verdict)
{
	return verdict == SF_VERDICT_DENY ? 2 : verdict == SF_VERDICT_AUDIT_DENY ? 1 : 0;
}

/* The rule the kernel's walk would take for who (first match wins). */
static void judge_identity(const struct sf_policy *p, __u32 endpoint_id,
			   const struct sf_identity *who, __u8 *verdict, __u32 *rule)
{
	__u32 i = sf_first_match(p, endpoint_id, who);

	if (i < SF_MAX_RULES) {
		*verdict = sf_verdict_of(p->rules[i].action, p->rules[i].mode);
		*rule = p->rules[i].index;
		return;
	}
	*verdict = sf_verdict_of(p->default_action, p->mode);
	*rule = SF_RULE_DEFAULT;
}

/* A client on another host: the rules the listener's hook applies to its source. */
static void judge_remote(const struct sf_policy *p, struct connection *c, const __u8 *source)
{
	__u32 i = sf_first_remote_match(p, c->endpoint_id, (const struct sf_addr16 *)source);

	if (i < SF_MAX_RULES) {
		c->verdict = sf_verdict_of(p->rules[i].action, p->rules[i].mode);
		c->rule = p->rules[i].index;
		return;
	}
	c->verdict = sf_verdict_of(p->default_action, p->mode);
	c->rule = SF_RULE_DEFAULT;
}

/* Who holds the client's end, and the verdict for the strictest of them. */
static void judge_owners(struct finder *f, struct connection *c)
{
	const struct connections_scope *s = f->scope;
	pid_t pids[64];
	size_t n = socket_owners_of(&f->owners, c->socket_ino, pids, 64);
	bool any = false;

	c->n_pids = n;
	for (size_t i = 0; i < n && i < CONNECTION_PIDS; i++)
		c->pids[i] = pids[i];
	for (size_t i = 0; i < n && i < 64; i++) {
		struct process_identity id;
		__u8 verdict;
		__u32 rule;

		if (process_identity_read(pids[i], s->proc_dir, s->cgroup_root, &id) != 0)
			continue; /* exited meanwhile */
		judge_identity(s->policy, c->endpoint_id, &id.who, &verdict, &rule);
		if (!any || severity(verdict) > severity(c->verdict)) {
			c->verdict = verdict;
			c->rule = rule;
			c->owner = id;
		}
		any = true;
	}
	c->judged = any ? CONNECTION_JUDGED : CONNECTION_NO_OWNER;
}

static void name_endpoint(const struct sf_policy *p, struct connection *c, __u32 endpoint_id)
{
	c->endpoint_id = endpoint_id;
	if (endpoint_id < SF_MAX_ENDPOINTS)
		snprintf(c->endpoint, sizeof(c->endpoint), "%.*s", SF_NAME_LEN - 1,
			 p->endpoint_names[endpoint_id]);
}

/* The endpoint a bound socket file belongs to, by inode; -1 when none. */
static int protected_file(const struct connections_scope *s, const struct unix_socket *u,
			  const char **path)
{
	const struct sf_policy *p = s->policy;

	for (__u32 i = 0; i < p->n_unix && i < SF_MAX_TARGETS; i++) {
		const struct sf_unix_target *t = &p->unix_targets[i];

		/* unix_diag carries 32 bits of the inode number. */
		if (t->dev == u->file_dev && (__u32)t->ino == u->file_ino) {
			*path = t->path;
			return (int)t->endpoint_id;
		}
	}
	for (size_t i = 0; i < s->n_kept; i++) {
		const struct connections_kept *k = &s->kept[i];

		if (k->dev == u->file_dev && (__u32)k->ino == u->file_ino) {
			*path = k->path;
			return sf_endpoint_by_hash(p, k->endpoint_hash);
		}
	}
	return -1;
}

/* The network namespace the policy's abstract names live in, is it ours? */
static bool in_host_netns(const struct sf_policy *p)
{
	struct stat st;

	return stat("/proc/self/ns/net", &st) == 0 && (__u32)st.st_ino == p->host_netns;
}

/* One connection whose client's end is socket inode peer. */
static int add_unix(struct finder *f, const struct unix_sockets *t, __u32 peer, __u8 kind,
		    int endpoint_id, const char *target)
{
	const struct unix_socket *client = unix_sockets_find(t, peer);
	struct connection *c = add(f->out);

	if (!c)
		return -ENOMEM;
	c->kind = kind;
	name_endpoint(f->scope->policy, c, (__u32)endpoint_id);
	snprintf(c->target, sizeof(c->target), "%s", target);
	c->socket_ino = peer;
	if (client && client->has_uid) {
		c->has_uid = true;
		c->socket_uid = client->uid;
	}
	judge_owners(f, c);
	return 0;
}

/*
 * Connections to the protected socket u: accepted ends carry the
 * listener's file or name and have the client as peer; connections not
 * yet accepted are in the listener's queue.
 */
static int add_unix_all(struct finder *f, const struct unix_sockets *t, const struct unix_socket *u,
			__u8 kind, int endpoint_id, const char *target)
{
	int err = 0;

	if (u->state == UNIX_ESTABLISHED)
		return u->peer ? add_unix(f, t, u->peer, kind, endpoint_id, target) : 0;
	for (size_t i = 0; !err && i < u->n_queued; i++) {
		if (u->queued[i])
			err = add_unix(f, t, u->queued[i], kind, endpoint_id, target);
	}
	return err;
}

/* Every connection to a socket protected by inode or by abstract name. */
static int find_unix(struct finder *f)
{
	const struct sf_policy *p = f->scope->policy;
	bool abstract = p->n_unix_abstract > 0 && in_host_netns(p);
	struct unix_sockets t;
	int err = unix_sockets_read(&t);

	if (err)
		return err;
	f->out->abstract_unseen = p->n_unix_abstract > 0 && !abstract;
	for (size_t i = 0; !err && i < t.n; i++) {
		const struct unix_socket *u = &t.items[i];
		const char *path = NULL;
		char name[SF_PATH_LEN + 1];
		int id;

		if (u->has_file) {
			id = protected_file(f->scope, u, &path);
			if (id >= 0)
				err = add_unix_all(f, &t, u, CONNECTION_UNIX, id, path);
		} else if (abstract && u->abstract_len) {
			int at = sf_find_abstract(p, u->abstract);

			if (at < 0 || at >= SF_MAX_ABSTRACT)
				continue;
			snprintf(name, sizeof(name), "@%s", u->abstract);
			err = add_unix_all(f, &t, u, CONNECTION_ABSTRACT,
					   (int)p->unix_abstract[at].endpoint_id, name);
		}
	}
	unix_sockets_free(&t);
	return err;
}

static int add_tcp(struct finder *f, const struct tcp_socket *s, int target, bool remote)
{
	const struct sf_policy *p = f->scope->policy;
	struct connection *c = add(f->out);

	if (!c)
		return -ENOMEM;
	c->kind = CONNECTION_TCP;
	name_endpoint(p, c, p->tcp_targets[target].endpoint_id);
	c->tcp = *s;
	c->socket_ino = s->ino;
	c->has_uid = true;
	c->socket_uid = s->uid;
	if (remote) {
		tcp_endpoint_text(&s->src, s->sport, c->target, sizeof(c->target));
		tcp_endpoint_text(&s->dst, s->dport, c->client, sizeof(c->client));
		c->judged = CONNECTION_REMOTE;
		judge_remote(p, c, s->dst.s6_addr);
		return 0;
	}
	tcp_endpoint_text(&s->dst, s->dport, c->target, sizeof(c->target));
	tcp_endpoint_text(&s->src, s->sport, c->client, sizeof(c->client));
	judge_owners(f, c);
	return 0;
}

/*
 * A client's end has the protected port as destination. A server's end
 * with it as source whose client is not on this host is a remote client.
 */
static int find_tcp(struct finder *f)
{
	const struct sf_policy *p = f->scope->policy;
	struct tcp_sockets t;
	int err;

	if (!p->n_tcp)
		return 0;
	err = tcp_sockets_read(&t);
	if (err)
		return err;
	for (size_t i = 0; !err && i < t.n; i++) {
		const struct tcp_socket *s = &t.items[i];
		int to = sf_find_tcp(p, s->dport), at = sf_find_tcp(p, s->sport);

		if (to >= 0 && s->ino)
			err = add_tcp(f, s, to, false);
		else if (at >= 0 && to < 0 && !tcp_sockets_peer(&t, s))
			err = add_tcp(f, s, at, true);
	}
	tcp_sockets_free(&t);
	return err;
}

int connections_find(const struct connections_scope *scope, struct connections *out)
{
	struct finder f = { .scope = scope, .out = out };
	int err;

	memset(out, 0, sizeof(*out));
	err = socket_owners_read(&f.owners, scope->proc_dir);
	if (!err)
		err = find_unix(&f);
	if (!err)
		err = find_tcp(&f);
	socket_owners_free(&f.owners);
	if (err)
		connections_free(out);
	return err;
}

bool connection_refused_tcp(const struct connection *c)
{
	if (c->kind != CONNECTION_TCP)
		return false;
	return c->judged == CONNECTION_NO_OWNER || c->verdict == SF_VERDICT_DENY;
}

void connections_close_refused(struct connections *list)
{
	for (size_t i = 0; i < list->n; i++) {
		struct connection *c = &list->items[i];

		if (!connection_refused_tcp(c))
			continue;
		c->closed = tcp_socket_destroy(&c->tcp);
		if (c->closed == 0 || c->closed == -ENOENT)
			c->closed = 1; /* gone either way */
	}
}

void connection_describe(const struct connection *c, char *out, size_t len)
{
	const struct sf_caller *who = &c->owner.who.caller;
	char from[96] = "", owner[256];

	if (c->client[0])
		snprintf(from, sizeof(from), " from %s", c->client);
	if (c->judged == CONNECTION_REMOTE)
		snprintf(owner, sizeof(owner), ", another host or network namespace");
	else if (c->judged == CONNECTION_NO_OWNER)
		snprintf(owner, sizeof(owner), ", socket %u held by no process", c->socket_ino);
	else
		snprintf(owner, sizeof(owner), ", pid %u (%s) uid %u%s%.12s%s, socket %u%s",
			 who->tgid, who->comm, who->uid, who->container_id[0] ? " container " : "",
			 who->container_id,
			 who->container_by && !who->container_id[0] ? " in a container" : "",
			 c->socket_ino, c->n_pids > 1 ? " (and other processes)" : "");
	snprintf(out, len, "%s %s%s%s", c->endpoint, c->target, from, owner);
}

void connection_verdict_text(const struct connection *c, char *out, size_t len)
{
	if (c->judged == CONNECTION_NO_OWNER)
		snprintf(out, len, "no owner");
	else if (c->rule == SF_RULE_DEFAULT)
		snprintf(out, len, "%s (default)", policy_word(&policy_verdict_words, c->verdict));
	else
		snprintf(out, len, "%s (rule %u)", policy_word(&policy_verdict_words, c->verdict),
			 c->rule + 1);
}

void connections_free(struct connections *list)
{
	free(list->items);
	memset(list, 0, sizeof(*list));
}
