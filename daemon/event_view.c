// SPDX-License-Identifier: GPL-2.0-only
#include "event_view.h"

#include <arpa/inet.h>
#include <net/if.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "hooks.h"
#include "listener_owner.h"
#include "policy_words.h"

void event_format_inode(char *out, size_t len, __u64 dev, __u64 ino)
{
	snprintf(out, len, "%llu:%llu:%llu", (unsigned long long)(dev >> 20),
		 (unsigned long long)(dev & 0xfffff), (unsigned long long)ino);
}

void event_format_time(char *out, size_t out_len, const struct timespec *when)
{
	struct tm tm;
	char date[32];

	if (!gmtime_r(&when->tv_sec, &tm) ||
	    !strftime(date, sizeof(date), "%Y-%m-%dT%H:%M:%S", &tm))
		snprintf(date, sizeof(date), "1970-01-01T00:00:00");
	snprintf(out, out_len, "%s.%06ldZ", date, when->tv_nsec / 1000);
}

const char *event_verdict_name(__u8 verdict)
{
	return policy_word(&policy_verdict_words, verdict);
}

bool event_exe_path(const struct sf_caller *c, char *out, size_t len)
{
	char link[64];
	struct stat st;
	ssize_t n;

	if (!c->exe_ino || len == 0)
		return false;
	snprintf(link, sizeof(link), "/proc/%u/exe", c->tgid);
	n = readlink(link, out, len - 1);
	if (n <= 0)
		return false;
	out[n] = '\0';
	/* The process may have gone or exec'd since: trust only the same inode. */
	return stat(link, &st) == 0 && st.st_ino == c->exe_ino &&
	       (((__u64)major(st.st_dev) << 20) | minor(st.st_dev)) == c->exe_dev;
}

static void decode_target(struct event_view *v)
{
	const struct sf_target *t = &v->ev.target;

	switch (t->family) {
	case AF_UNIX:
		v->family = "unix";
		if (t->ino) /* the cgroup backend never sees the inode */
			event_format_inode(v->inode, sizeof(v->inode), t->dev, t->ino);
		return;
	case AF_INET:
	case AF_INET6:
		v->family = t->family == AF_INET ? "ipv4" : "ipv6";
		inet_ntop(t->family, t->addr, v->address, sizeof(v->address));
		snprintf(v->target, sizeof(v->target), t->family == AF_INET ? "%s:%u" : "[%s]:%u",
			 v->address, t->port);
		return;
	}
	v->family = "unknown";
}

static void decode_remote(struct event_view *v)
{
	const struct sf_remote *r = &v->ev.remote;

	if (r->family != AF_INET && r->family != AF_INET6)
		return;
	inet_ntop(r->family, r->addr, v->source_address, sizeof(v->source_address));
	snprintf(v->source, sizeof(v->source), r->family == AF_INET ? "%s:%u" : "[%s]:%u",
		 v->source_address, r->port);
	if (!if_indextoname(r->ifindex, v->interface))
		snprintf(v->interface, sizeof(v->interface), "%u", r->ifindex);
	v->listener_pid =
		listener_owner(v->ev.target.ino, v->listener_comm, sizeof(v->listener_comm));
}

void event_view_decode(struct event_view *v, const struct sf_event *ev, const struct timespec *when)
{
	const struct sf_caller *c = &ev->caller;

	memset(v, 0, sizeof(*v));
	v->ev = *ev;
	v->when = *when;
	event_format_time(v->time, sizeof(v->time), when);
	v->verdict = event_verdict_name(ev->verdict);
	v->hook = hook_name(ev->hook);
	decode_target(v);
	decode_remote(v);
	if (!c->exe_ino)
		return;
	event_format_inode(v->exe_inode, sizeof(v->exe_inode), c->exe_dev, c->exe_ino);
	v->has_exe_path = event_exe_path(c, v->exe_path, sizeof(v->exe_path));
}
