// SPDX-License-Identifier: GPL-2.0-only
#include "policy_print.h"

#include <arpa/inet.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

#include "decide.h"
#include "policy_compile.h"
#include "policy_words.h"

static const char *action_name(__u8 action)
{
	return policy_word(&policy_action_words, action);
}

static const char *mode_name(__u8 mode)
{
	return policy_word(&policy_mode_words, mode);
}

/* What the compiled generation makes of one configured path. */
static void print_path_status(FILE *out, const char *path, const struct sf_policy *compiled)
{
	struct stat st;
	int found;

	if (stat(path, &st) != 0 || !S_ISSOCK(st.st_mode)) {
		fprintf(out, "not a socket yet (protected once one appears)\n");
		return;
	}
	found = sf_find_unix(compiled, compile_kernel_dev(st.st_dev), st.st_ino);
	if (found < 0)
		fprintf(out, "socket appeared after compiling; check again\n");
	else if (strcmp(compiled->unix_targets[found].path, path) != 0)
		fprintf(out, "same socket as %s\n", compiled->unix_targets[found].path);
	else
		fprintf(out, "socket %u:%u inode %llu\n", major(st.st_dev), minor(st.st_dev),
			(unsigned long long)st.st_ino);
}

static void print_endpoints(FILE *out, const struct policy *policy,
			    const struct sf_policy *compiled)
{
	fprintf(out, "%-16s %-40s %s\n", "ENDPOINT", "TARGET", "NOW");
	for (size_t e = 0; e < policy->n_endpoints; e++) {
		const struct policy_endpoint *ep = &policy->endpoints[e];

		for (size_t p = 0; p < ep->n_paths; p++) {
			fprintf(out, "%-16s unix %-35s ", ep->name, ep->paths[p]);
			print_path_status(out, ep->paths[p], compiled);
		}
		for (size_t p = 0; p < ep->n_abstracts; p++)
			fprintf(out,
				"%-16s unix %-35s abstract, %s, in the host's network namespace\n",
				ep->name, ep->abstracts[p],
				ep->abstracts[p][strlen(ep->abstracts[p]) - 1] == '*'
					? "every name "
					  "with this prefix"
					: "this name");
		for (size_t p = 0; p < ep->n_ports; p++)
			fprintf(out, "%-16s tcp %-36u any address\n", ep->name, ep->ports[p]);
	}
}

void policy_endpoint_list(const struct sf_policy *compiled, __u64 mask, char *out, size_t len)
{
	size_t used = 0;

	out[0] = '\0';
	for (__u32 e = 0; e < compiled->n_endpoints && e < SF_MAX_ENDPOINTS && used < len; e++) {
		if (mask & (1ULL << e))
			used += snprintf(out + used, len - used, "%s%.*s", used ? "," : "",
					 SF_NAME_LEN, compiled->endpoint_names[e]);
	}
}

/*
 * Who a rule matches, as the policy named them: "uid=0 gid=999 exe=...
 * container=... cgroup=...", or "anyone" when it names no one.
 */
void policy_rule_who(const struct policy_rule *rule, char *out, size_t len)
{
	size_t used = 0;

#define ADD(...)                                                                                   \
	do {                                                                                       \
		if (used < len)                                                                    \
			used += snprintf(out + used, len - used, __VA_ARGS__);                     \
	} while (0)
	out[0] = '\0';
	if (rule->match & SF_MATCH_UID && rule->uid == POLICY_ID_NONE)
		ADD("uid=none(no such user: matches no one)");
	else if (rule->match & SF_MATCH_UID)
		ADD("uid=%u", rule->uid);
	if (rule->match & SF_MATCH_GID && rule->gid == POLICY_ID_NONE)
		ADD("%sgid=none(no such group: matches no one)", used ? " " : "");
	else if (rule->match & SF_MATCH_GID)
		ADD("%sgid=%u", used ? " " : "", rule->gid);
	if (rule->match & SF_MATCH_EXE)
		ADD("%sexe=%s", used ? " " : "", rule->exe);
	if (rule->match & SF_MATCH_CONTAINER)
		ADD("%scontainer=%s", used ? " " : "", rule->container);
	if (rule->match & SF_MATCH_CGROUP)
		ADD("%scgroup=%s", used ? " " : "", rule->cgroup);
	for (size_t i = 0; i < rule->n_sources; i++) {
		const struct sf_source *src = &rule->sources[i];
		bool v4 = src->prefix_len >= 96 && src->addr[10] == 0xff && src->addr[11] == 0xff &&
			  !src->addr[0] && !src->addr[8];
		char text[INET6_ADDRSTRLEN];

		inet_ntop(v4 ? AF_INET : AF_INET6, v4 ? &src->addr[12] : src->addr, text,
			  sizeof(text));
		ADD("%ssource=%s/%u", used ? " " : "", text,
		    v4 ? src->prefix_len - 96 : src->prefix_len);
	}
#undef ADD
	if (!used)
		snprintf(out, len, "anyone");
}

static void print_rules(FILE *out, const struct policy *policy, const struct sf_policy *compiled)
{
	char names[512], who[1024];

	fprintf(out, "%-5s %-5s %-6s %-8s %-28s %-10s %s\n", "RULE", "LINE", "ACTION", "MODE",
		"ENDPOINTS", "FROM", "WHO");
	for (__u32 i = 0; i < compiled->n_rules; i++) {
		const struct sf_rule *r = &compiled->rules[i];

		policy_endpoint_list(compiled, r->endpoints, names, sizeof(names));
		policy_rule_who(&policy->rules[i], who, sizeof(who));
		fprintf(out, "%-5u %-5u %-6s %-8s %-28s %-10s %s\n", i + 1,
			policy->rules[i].pos.line, action_name(r->action), mode_name(r->mode),
			names, policy_word(&policy_origin_words, r->origin), who);
	}
	fprintf(out, "%-5s %-5s %-6s %-8s %s\n", "-", "-", action_name(compiled->default_action),
		mode_name(compiled->mode), "(default: anything no rule matched)");
}

void policy_print_table(FILE *out, const struct policy *policy, const struct sf_policy *compiled)
{
	fprintf(out, "mode %s, default %s, %zu endpoints, %zu rules (first match wins)\n\n",
		mode_name(policy->mode), action_name(policy->default_action), policy->n_endpoints,
		policy->n_rules);
	if (policy->exposure == SF_EXPOSURE_DENY)
		fprintf(out, "exposure: deny (a listen on a protected port beyond loopback is "
			     "refused)\n\n");
	if (policy->existing_connections == POLICY_EXISTING_CLOSE)
		fprintf(out, "existing-connections: close (refused TCP connections are closed at "
			     "start and after each reload)\n\n");
	print_endpoints(out, policy, compiled);
	fputc('\n', out);
	print_rules(out, policy, compiled);
}
