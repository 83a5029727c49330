// SPDX-License-Identifier: GPL-2.0-only
#include "event_format.h"

#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

/* Append-only writer over a fixed buffer that remembers overflow. */
struct writer {
	char *buf;
	size_t len;
	size_t cap;
	bool overflow;
};

static void put(struct writer *w, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void put(struct writer *w, const char *fmt, ...)
{
	va_list args;
	int n;

	if (w->overflow)
		return;
	va_start(args, fmt);
	n = vsnprintf(w->buf + w->len, w->cap - w->len, fmt, args);
	va_end(args);
	if (n < 0 || (size_t)n >= w->cap - w->len) {
		w->overflow = true;
		return;
	}
	w->len += n;
}

static bool is_bare(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       strchr("._/:@+,%~[]-", c) != NULL;
}

int logfmt_escape(char *out, size_t out_len, const char *value, size_t max)
{
	struct writer w = { .buf = out, .cap = out_len };
	size_t n = strnlen(value, max);
	bool bare = n > 0;

	if (out_len == 0)
		return -ENOSPC;
	out[0] = '\0';
	for (size_t i = 0; i < n && bare; i++)
		bare = is_bare((unsigned char)value[i]);
	if (bare) {
		put(&w, "%.*s", (int)n, value);
		return w.overflow ? -ENOSPC : (int)w.len;
	}
	put(&w, "\"");
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)value[i];

		if (c == '"' || c == '\\')
			put(&w, "\\%c", c);
		else if (c == '\n')
			put(&w, "\\n");
		else if (c == '\t')
			put(&w, "\\t");
		else if (c < 0x20 || c >= 0x7f)
			put(&w, "\\x%02x", c);
		else
			put(&w, "%c", c);
	}
	put(&w, "\"");
	return w.overflow ? -ENOSPC : (int)w.len;
}

static void put_value(struct writer *w, const char *key, const char *value, size_t max)
{
	char escaped[4 * SF_PATH_MAX + 3];
	int n = logfmt_escape(escaped, sizeof(escaped), value, max);

	if (n < 0) {
		w->overflow = true;
		return;
	}
	put(w, " %s=%s", key, escaped);
}

static void put_target(struct writer *w, const struct event_view *v)
{
	const struct sf_event *ev = &v->ev;

	if (ev->target.family != AF_UNIX) {
		if (v->target[0])
			put(w, " target=%s", v->target);
		else
			put(w, " target=unknown family=%u", ev->target.family);
		return;
	}
	if (ev->path[0])
		put_value(w, "target", ev->path, sizeof(ev->path));
	else
		put(w, " target=unknown");
	if (v->inode[0])
		put(w, " inode=%s", v->inode);
}

static void put_exe(struct writer *w, const struct event_view *v)
{
	if (v->has_exe_path)
		put_value(w, "exe", v->exe_path, sizeof(v->exe_path));
	else if (v->exe_inode[0])
		put(w, " exe=inode:%s", v->exe_inode);
}

int event_format_logfmt(char *out, size_t out_len, const struct event_view *v)
{
	const struct sf_event *ev = &v->ev;
	const struct sf_caller *c = &ev->caller;
	struct writer w = { .buf = out, .cap = out_len };

	if (out_len == 0)
		return -ENOSPC;
	out[0] = '\0';
	put(&w, "verdict=%s hook=%s", v->verdict, v->hook);
	put_value(&w, "endpoint", ev->endpoint[0] ? ev->endpoint : "unknown", sizeof(ev->endpoint));
	put_target(&w, v);
	if (ev->rule == SF_RULE_DEFAULT)
		put(&w, " rule=default");
	else
		put(&w, " rule=%u", ev->rule + 1);
	if (v->source[0]) {
		/* No caller on this host to name: where it came from instead. */
		put(&w, " gen=%u origin=remote source=%s", ev->generation, v->source);
		put_value(&w, "iif", v->interface, sizeof(v->interface));
		if (v->listener_pid > 0) {
			put(&w, " listener_pid=%d", v->listener_pid);
			put_value(&w, "listener_comm", v->listener_comm, sizeof(v->listener_comm));
		}
		if (ev->more)
			put(&w, " more=%u", ev->more);
		if (ev->kind == SF_EVENT_REPEATS)
			put(&w, " type=repeats");
		return w.overflow ? -ENOSPC : (int)w.len;
	}
	put(&w, " gen=%u pid=%u tid=%u ppid=%u uid=%u euid=%u gid=%u egid=%u pidns_level=%u",
	    ev->generation, c->tgid, c->pid, c->ppid, c->uid, c->euid, c->gid, c->egid,
	    c->pidns_level);
	put_value(&w, "comm", c->comm, sizeof(c->comm));
	put_exe(&w, v);
	put(&w, " cgroup=%llu", (unsigned long long)c->cgroup_id);
	if (c->container_by)
		put(&w, " container_by=%s%s%s", c->container_by & SF_CONTAINER_PIDNS ? "pidns" : "",
		    c->container_by == (SF_CONTAINER_PIDNS | SF_CONTAINER_CGROUP) ? "," : "",
		    c->container_by & SF_CONTAINER_CGROUP ? "cgroup" : "");
	if (c->container_id[0])
		put_value(&w, "container", c->container_id, sizeof(c->container_id));
	if (ev->more)
		put(&w, " more=%u", ev->more);
	if (ev->kind == SF_EVENT_REPEATS)
		put(&w, " type=repeats");
	if (ev->kind == SF_EVENT_EXPOSURE)
		put(&w, " type=exposure");
	return w.overflow ? -ENOSPC : (int)w.len;
}
