// SPDX-License-Identifier: GPL-2.0-only
#include "metrics.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* A label value with \, " and newline escaped, as the format asks. */
static void put_label(FILE *out, const char *name, const char *value)
{
	fprintf(out, "%s=\"", name);
	for (const char *c = value; *c; c++) {
		if (*c == '\\' || *c == '"')
			fputc('\\', out);
		if (*c == '\n')
			fputs("\\n", out);
		else
			fputc(*c, out);
	}
	fputc('"', out);
}

static void head(FILE *out, const char *name, const char *type, const char *help)
{
	fprintf(out, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, type);
}

/* The names of rule r's endpoints, comma-separated. */
static void rule_endpoints(const struct sf_policy *p, const struct sf_rule *r, char *out,
			   size_t len)
{
	size_t used = 0;

	out[0] = '\0';
	for (__u32 e = 0; e < p->n_endpoints && e < SF_MAX_ENDPOINTS; e++) {
		int n;

		if (!(r->endpoints & (1ULL << e)))
			continue;
		n = snprintf(out + used, len - used, "%s%.*s", used ? "," : "", SF_NAME_LEN,
			     p->endpoint_names[e]);
		if (n < 0 || (size_t)n >= len - used)
			break;
		used += n;
	}
}

static const char *verdict_name(__u8 action, __u8 mode)
{
	if (action == SF_ACTION_ALLOW)
		return "allow";
	return mode == SF_MODE_AUDIT ? "audit-deny" : "deny";
}

static void decisions(FILE *out, const struct metrics_view *v)
{
	const struct sf_policy *p = v->policy;
	char endpoints[SF_MAX_ENDPOINTS * (SF_NAME_LEN + 1)], rule[16];

	head(out, "sockfence_decisions_total", "counter",
	     "Decisions of the policy generation in force, by the rule that decided (its "
	     "endpoints and verdict); since that generation was loaded.");
	if (!p)
		return;
	for (__u32 i = 0; i < p->n_rules && i < SF_MAX_RULES; i++) {
		const struct sf_rule *r = &p->rules[i];

		rule_endpoints(p, r, endpoints, sizeof(endpoints));
		snprintf(rule, sizeof(rule), "%u", r->index + 1);
		fputs("sockfence_decisions_total{", out);
		put_label(out, "rule", rule);
		fputc(',', out);
		put_label(out, "endpoints", endpoints);
		fputc(',', out);
		put_label(out, "verdict", verdict_name(r->action, r->mode));
		fprintf(out, "} %llu\n", (unsigned long long)v->hits[i]);
	}
	fprintf(out,
		"sockfence_decisions_total{rule=\"default\",endpoints=\"*\",verdict=\"%s\"} %llu\n",
		verdict_name(p->default_action, p->mode),
		(unsigned long long)v->hits[SF_MAX_RULES]);
}

/* One sample of a counter split by outcome: NAME{outcome="OUTCOME"} VALUE. */
static void outcome(FILE *out, const char *name, const char *what, uint64_t value)
{
	fprintf(out, "%s{outcome=\"%s\"} %llu\n", name, what, (unsigned long long)value);
}

static void events(FILE *out, const struct metrics_view *v)
{
	static const struct {
		int counter;
		const char *outcome;
	} kernel[] = {
		{ SF_CNT_EVENTS_EMITTED, "emitted" },
		{ SF_CNT_EVENTS_AGGREGATED, "aggregated" },
		{ SF_CNT_EVENTS_DROPPED, "dropped" },
		{ SF_CNT_EVENTS_SHED, "shed" },
	};

	head(out, "sockfence_events_total", "counter",
	     "Reported decisions, by what the kernel did with them: emitted to the daemon, "
	     "aggregated into an identical one, dropped (ring buffer full), shed (over the "
	     "identity's share).");
	for (size_t i = 0; i < sizeof(kernel) / sizeof(kernel[0]); i++)
		outcome(out, "sockfence_events_total", kernel[i].outcome,
			v->kernel[kernel[i].counter]);
	head(out, "sockfence_syslog_lines_total", "counter",
	     "Event lines for syslog: written, rate-limited (over --syslog-rate), lost (the "
	     "syslog socket was full).");
	outcome(out, "sockfence_syslog_lines_total", "written", v->syslog_written);
	outcome(out, "sockfence_syslog_lines_total", "rate_limited", v->syslog_rate_limited);
	outcome(out, "sockfence_syslog_lines_total", "lost", v->syslog_lost);
	head(out, "sockfence_json_records_total", "counter",
	     "Records for the --events-json file: written, lost (it could not be opened or "
	     "written).");
	outcome(out, "sockfence_json_records_total", "written", v->json_written);
	outcome(out, "sockfence_json_records_total", "lost", v->json_lost);
	head(out, "sockfence_journal_entries_total", "counter",
	     "Journal entries (under systemd): written, lost (sd_journal_send failed).");
	outcome(out, "sockfence_journal_entries_total", "written", v->journal_written);
	outcome(out, "sockfence_journal_entries_total", "lost", v->journal_lost);
	head(out, "sockfence_subscriber_events_dropped_total", "counter",
	     "Events a live subscriber (sockfence events) did not get: it read too slowly.");
	fprintf(out, "sockfence_subscriber_events_dropped_total %llu\n",
		(unsigned long long)v->subscriber_dropped);
}

static void policy(FILE *out, const struct metrics_view *v)
{
	const struct sf_policy *p = v->policy;
	const struct {
		const char *table;
		uint32_t entries, capacity;
	} tables[] = {
		{ "endpoints", p ? p->n_endpoints : 0, SF_MAX_ENDPOINTS },
		{ "rules", p ? p->n_rules : 0, SF_MAX_RULES },
		{ "unix_sockets", p ? p->n_unix : 0, SF_MAX_TARGETS },
		{ "tcp_ports", p ? p->n_tcp : 0, SF_MAX_TARGETS },
		{ "sources", p ? p->n_sources : 0, SF_MAX_SOURCES },
	};

	head(out, "sockfence_policy_generation", "gauge", "The policy generation in force.");
	fprintf(out, "sockfence_policy_generation %u\n", p ? p->generation : 0);
	head(out, "sockfence_policy_info", "gauge",
	     "The policy in force: where it came from and the SHA-256 of its text.");
	fputs("sockfence_policy_info{", out);
	put_label(out, "source", v->policy_source ? v->policy_source : "");
	fputc(',', out);
	put_label(out, "sha256", v->policy_sha256 ? v->policy_sha256 : "");
	fputs("} 1\n", out);
	head(out, "sockfence_policy_loaded_timestamp_seconds", "gauge",
	     "When the policy generation in force was published (unix time).");
	fprintf(out, "sockfence_policy_loaded_timestamp_seconds %llu\n",
		(unsigned long long)v->policy_loaded_at);
	head(out, "sockfence_policy_entries", "gauge", "Entries of the compiled policy, by table.");
	for (size_t i = 0; i < sizeof(tables) / sizeof(tables[0]); i++)
		fprintf(out, "sockfence_policy_entries{table=\"%s\"} %u\n", tables[i].table,
			tables[i].entries);
	head(out, "sockfence_policy_capacity", "gauge",
	     "Entries a compiled policy can hold, by table.");
	for (size_t i = 0; i < sizeof(tables) / sizeof(tables[0]); i++)
		fprintf(out, "sockfence_policy_capacity{table=\"%s\"} %u\n", tables[i].table,
			tables[i].capacity);
}

static void maps(FILE *out, const struct metrics_view *v)
{
	head(out, "sockfence_map_entries", "gauge",
	     "Entries in the kernel's hash maps: agg (flood control), shares (fair events), "
	     "kept (protected sockets whose path moved).");
	for (unsigned int i = 0; i < v->n_maps && i < METRICS_MAPS_MAX; i++)
		if (v->maps[i].entries >= 0)
			fprintf(out, "sockfence_map_entries{map=\"%s\"} %lld\n", v->maps[i].name,
				(long long)v->maps[i].entries);
	head(out, "sockfence_map_capacity", "gauge", "Entries those maps can hold.");
	for (unsigned int i = 0; i < v->n_maps && i < METRICS_MAPS_MAX; i++)
		fprintf(out, "sockfence_map_capacity{map=\"%s\"} %u\n", v->maps[i].name,
			v->maps[i].capacity);
}

int metrics_format(FILE *out, const struct metrics_view *v)
{
	head(out, "sockfence_up", "gauge",
	     "1 while the sockfence daemon runs and writes this file; 0 once it stopped "
	     "(enforcement stays pinned; a file not rewritten for long means the daemon died).");
	fprintf(out, "sockfence_up %d\n", v->up ? 1 : 0);
	head(out, "sockfence_backend_info", "gauge", "The kernel backend that enforces.");
	fputs("sockfence_backend_info{", out);
	put_label(out, "backend", v->backend ? v->backend : "none");
	fputs("} 1\n", out);
	decisions(out, v);
	events(out, v);
	policy(out, v);
	maps(out, v);
	return ferror(out) ? -EIO : 0;
}

int metrics_write_file(const char *path, const struct metrics_view *v)
{
	char tmp[PATH_MAX];
	FILE *out;
	int fd, err;

	if (snprintf(tmp, sizeof(tmp), "%s.tmp", path) >= (int)sizeof(tmp))
		return -ENAMETOOLONG;
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0644);
	if (fd < 0)
		return -errno;
	out = fdopen(fd, "w");
	if (!out) {
		err = -errno;
		close(fd);
		unlink(tmp);
		return err;
	}
	err = metrics_format(out, v);
	if (fclose(out) != 0 && !err)
		err = -errno;
	if (!err && rename(tmp, path) != 0)
		err = -errno;
	if (err)
		unlink(tmp);
	return err;
}
