// SPDX-License-Identifier: GPL-2.0-only
#include "policy_yaml.h"

#include <arpa/inet.h>
#include <grp.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "policy_words.h"

/* Appends to out[len] at *at; output that does not fit is cut (out stays a string). */
static void put(char *out, size_t len, size_t *at, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (*at >= len)
		return;
	va_start(ap, fmt);
	n = vsnprintf(out + *at, len - *at, fmt, ap);
	va_end(ap);
	if (n > 0)
		*at += (size_t)n < len - *at ? (size_t)n : len - *at;
}

/* Whether text can be written as a plain YAML scalar without quotes. */
static bool plain_scalar(const char *text)
{
	if (!*text)
		return false;
	for (const char *c = text; *c; c++) {
		if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/._-+",
			    *c))
			return false;
	}
	return true;
}

/* text as a YAML scalar: plain, or single-quoted ('' inside). */
static void put_scalar(char *out, size_t len, size_t *at, const char *text)
{
	if (plain_scalar(text)) {
		put(out, len, at, "%s", text);
		return;
	}
	put(out, len, at, "'");
	for (const char *c = text; *c; c++)
		put(out, len, at, *c == '\'' ? "''" : "%c", *c);
	put(out, len, at, "'");
}

static void put_endpoints(const struct policy *p, uint64_t mask, char *out, size_t len, size_t *at)
{
	size_t n = 0;

	for (size_t i = 0; i < p->n_endpoints && i < 64; i++)
		n += (mask >> i) & 1;
	put(out, len, at, "endpoint: %s", n == 1 ? "" : "[");
	n = 0;
	for (size_t i = 0; i < p->n_endpoints && i < 64; i++) {
		if ((mask >> i) & 1)
			put(out, len, at, "%s%s", n++ ? ", " : "", p->endpoints[i].name);
	}
	if (n != 1)
		put(out, len, at, "]");
}

/* A source prefix as the parser reads it: IPv4 for the IPv4-mapped ones. */
static void put_source(const struct sf_source *s, char *out, size_t len, size_t *at)
{
	static const __u8 mapped[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff };
	char text[INET6_ADDRSTRLEN];

	if (s->prefix_len >= 96 && memcmp(s->addr, mapped, sizeof(mapped)) == 0) {
		inet_ntop(AF_INET, s->addr + 12, text, sizeof(text));
		put(out, len, at, "%s/%u", text, s->prefix_len - 96);
	} else {
		inet_ntop(AF_INET6, s->addr, text, sizeof(text));
		put(out, len, at, "%s/%u", text, s->prefix_len);
	}
}

static void put_id(const char *key, const char *name_key, uint32_t id, const char *name,
		   bool numeric, char *out, size_t len, size_t *at)
{
	if (!numeric && name) {
		put(out, len, at, ", %s: ", name_key);
		put_scalar(out, len, at, name);
	} else if (id == POLICY_ID_NONE) {
		/* An allow rule's name this host does not have: it matches no one. */
		put(out, len, at, ", %s: '(none on this host)'", name_key);
	} else {
		put(out, len, at, ", %s: %u", key, id);
	}
}

void policy_yaml_rule(const struct policy *p, const struct policy_rule *r, bool numeric_ids,
		      char *out, size_t len)
{
	size_t at = 0;

	out[0] = '\0';
	put(out, len, &at, "{ action: %s, ", policy_word(&policy_action_words, r->action));
	put_endpoints(p, r->endpoints, out, len, &at);
	if (r->origin != SF_ORIGIN_ANY)
		put(out, len, &at, ", from: %s", policy_word(&policy_origin_words, r->origin));
	if (r->match & SF_MATCH_UID) {
		struct passwd *pw = r->uid == POLICY_ID_NONE ? NULL : getpwuid(r->uid);

		put_id("uid", "user", r->uid, pw ? pw->pw_name : NULL, numeric_ids, out, len, &at);
	}
	if (r->match & SF_MATCH_GID) {
		struct group *gr = r->gid == POLICY_ID_NONE ? NULL : getgrgid(r->gid);

		put_id("gid", "group", r->gid, gr ? gr->gr_name : NULL, numeric_ids, out, len, &at);
	}
	if ((r->match & SF_MATCH_EXE) && r->exe) {
		put(out, len, &at, ", exe: ");
		put_scalar(out, len, &at, r->exe);
	}
	if ((r->match & SF_MATCH_CGROUP) && r->cgroup) {
		put(out, len, &at, ", cgroup: ");
		put_scalar(out, len, &at, r->cgroup);
	}
	if (r->match & SF_MATCH_CONTAINER)
		put(out, len, &at, ", container: %s", r->container);
	if (r->match & SF_MATCH_SOURCE) {
		put(out, len, &at, ", source: [");
		for (size_t i = 0; i < r->n_sources && i < SF_MAX_SOURCES_PER_RULE; i++) {
			put(out, len, &at, i ? ", " : "");
			put_source(&r->sources[i], out, len, &at);
		}
		put(out, len, &at, "]");
	}
	if (r->mode != POLICY_MODE_INHERIT)
		put(out, len, &at, ", mode: %s", policy_word(&policy_mode_words, r->mode));
	put(out, len, &at, " }");
}

void policy_yaml_settings(const struct policy *p, FILE *out)
{
	fprintf(out, "mode: %s\n", policy_word(&policy_mode_words, p->mode));
	fprintf(out, "default: %s\n", policy_word(&policy_action_words, p->default_action));
	if (p->backend != POLICY_BACKEND_AUTO)
		fprintf(out, "backend: %s\n", policy_word(&policy_backend_words, p->backend));
	if (p->allow_degraded)
		fprintf(out, "allow-degraded: true\n");
	if (p->existing_connections != POLICY_EXISTING_REPORT)
		fprintf(out, "existing-connections: %s\n",
			policy_word(&policy_existing_words, p->existing_connections));
	if (p->exposure != SF_EXPOSURE_AUDIT)
		fprintf(out, "exposure: %s\n", policy_word(&policy_exposure_words, p->exposure));
}

static void list(FILE *out, const char *key, char **items, size_t n)
{
	char text[512];

	fprintf(out, "%s: [", key);
	for (size_t i = 0; i < n; i++) {
		size_t at = 0;

		put_scalar(text, sizeof(text), &at, items[i]);
		fprintf(out, "%s%s", i ? ", " : "", text);
	}
	fprintf(out, "]");
}

void policy_yaml_endpoints(const struct policy *p, FILE *out)
{
	fprintf(out, "endpoints:\n");
	for (size_t i = 0; i < p->n_endpoints; i++) {
		const struct policy_endpoint *e = &p->endpoints[i];
		size_t n_unix = e->n_paths + e->n_abstracts;
		const char *sep = "";

		fprintf(out, "  %s: { ", e->name);
		if (n_unix) {
			char **all = calloc(n_unix, sizeof(*all));

			if (all) {
				memcpy(all, e->paths, e->n_paths * sizeof(*all));
				memcpy(all + e->n_paths, e->abstracts,
				       e->n_abstracts * sizeof(*all));
				list(out, "unix", all, n_unix);
				free(all);
			}
			sep = ", ";
		}
		if (e->n_ports) {
			fprintf(out, "%stcp: [", sep);
			for (size_t k = 0; k < e->n_ports; k++)
				fprintf(out, "%s%u", k ? ", " : "", e->ports[k]);
			fprintf(out, "]");
		}
		fprintf(out, " }\n");
	}
}
