// SPDX-License-Identifier: GPL-2.0-only
#include "journal_sink.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <systemd/sd-journal.h>

#include "log.h"

void journal_sink_init(struct journal_sink *j)
{
	*j = (struct journal_sink){ .enabled =
					    getenv("INVOCATION_ID") || getenv("JOURNAL_STREAM") };
}

static const char *type_of(const struct sf_event *ev, const char **id)
{
	if (ev->kind == SF_EVENT_EXPOSURE) {
		*id = JOURNAL_ID_EXPOSURE;
		return "exposure";
	}
	if (ev->kind == SF_EVENT_REPEATS) {
		*id = JOURNAL_ID_REPEATS;
		return "repeats";
	}
	*id = JOURNAL_ID_DECISION;
	return "event";
}

void journal_sink_event(struct journal_sink *j, const struct event_view *v, int priority)
{
	const struct sf_event *ev = &v->ev;
	const struct sf_caller *c = &ev->caller;
	char rule[16], container[SF_CONTAINER_ID_LEN + 1], comm[SF_COMM_LEN + 1];
	const char *id, *type = type_of(ev, &id);
	const char *target = ev->path[0] ? ev->path : v->target;
	const char *what = ev->kind == SF_EVENT_EXPOSURE ? "listen on" : "connect to";
	char endpoint[SF_NAME_LEN + 1];
	int err;

	if (!j->enabled)
		return;
	if (ev->rule == SF_RULE_DEFAULT)
		snprintf(rule, sizeof(rule), "default");
	else
		snprintf(rule, sizeof(rule), "%u", ev->rule + 1);
	snprintf(container, sizeof(container), "%.*s", SF_CONTAINER_ID_LEN, c->container_id);
	snprintf(comm, sizeof(comm), "%.*s", SF_COMM_LEN, c->comm);
	snprintf(endpoint, sizeof(endpoint), "%.*s", SF_NAME_LEN, ev->endpoint);
	/* Values go as they are: the journal keeps any bytes, newlines included. */
	err = sd_journal_send(
		"MESSAGE=%s: %s %s (endpoint %s) by %s, rule %s", v->verdict, what, target,
		endpoint, ev->remote.family ? v->source : comm, rule, "MESSAGE_ID=%s", id,
		"PRIORITY=%d", priority & LOG_PRIMASK, "SYSLOG_IDENTIFIER=sockfence",
		"SOCKFENCE_TYPE=%s", type, "SOCKFENCE_VERDICT=%s", v->verdict, "SOCKFENCE_HOOK=%s",
		v->hook, "SOCKFENCE_ENDPOINT=%s", endpoint, "SOCKFENCE_TARGET=%s", target,
		"SOCKFENCE_RULE=%s", rule, "SOCKFENCE_GENERATION=%u", ev->generation,
		"SOCKFENCE_PID=%u", c->tgid, "SOCKFENCE_UID=%u", c->uid, "SOCKFENCE_GID=%u", c->gid,
		"SOCKFENCE_COMM=%s", comm, "SOCKFENCE_EXE=%s",
		v->has_exe_path ? v->exe_path : v->exe_inode, "SOCKFENCE_CGROUP=%llu",
		(unsigned long long)c->cgroup_id, "SOCKFENCE_CONTAINER=%s", container,
		"SOCKFENCE_CONTAINER_BY=%u", c->container_by, "SOCKFENCE_SOURCE=%s",
		ev->remote.family ? v->source : "", "SOCKFENCE_MORE=%u", ev->more, NULL);
	if (err >= 0) {
		j->sent++;
		return;
	}
	if (j->failed++ == 0)
		log_warn("cannot write events to the journal: %s (the syslog lines still go out; "
			 "counted as journal_lost in the summary)",
			 strerror(-err));
}
