// SPDX-License-Identifier: GPL-2.0-only
/*
 * sockfence status --connections [--json]: the connections to the pinned
 * generation's endpoints that exist now, with their owners and what the
 * policy in force says of each.
 */
#include <errno.h>
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "connections.h"
#include "existing.h"
#include "pins.h"
#include "policy_words.h"
#include "status_connections.h"

static const char *const kind_words[] = { "unix", "abstract", "tcp" };
static const char *const judged_words[] = { "owner", "no-owner", "remote" };

static json_object *connection_json(const struct connection *c)
{
	const struct sf_caller *who = &c->owner.who.caller;
	json_object *o = json_object_new_object();
	json_object *pids = json_object_new_array();

	json_object_object_add(o, "endpoint", json_object_new_string(c->endpoint));
	json_object_object_add(o, "kind", json_object_new_string(kind_words[c->kind]));
	json_object_object_add(o, "target", json_object_new_string(c->target));
	if (c->client[0])
		json_object_object_add(o, "client", json_object_new_string(c->client));
	json_object_object_add(o, "socket_inode", json_object_new_int64(c->socket_ino));
	if (c->has_uid)
		json_object_object_add(o, "socket_uid", json_object_new_int64(c->socket_uid));
	json_object_object_add(o, "judged_by", json_object_new_string(judged_words[c->judged]));
	for (size_t i = 0; i < c->n_pids && i < CONNECTION_PIDS; i++)
		json_object_array_add(pids, json_object_new_int(c->pids[i]));
	json_object_object_add(o, "pids", pids);
	json_object_object_add(o, "processes", json_object_new_int64((int64_t)c->n_pids));
	if (c->judged == CONNECTION_JUDGED) {
		json_object_object_add(o, "pid", json_object_new_int64(who->tgid));
		json_object_object_add(o, "uid", json_object_new_int64(who->uid));
		json_object_object_add(o, "comm", json_object_new_string(who->comm));
		json_object_object_add(o, "exe", json_object_new_string(c->owner.exe));
		json_object_object_add(o, "container",
				       json_object_new_boolean(who->container_by != 0));
		json_object_object_add(o, "container_id",
				       json_object_new_string(who->container_id));
	}
	if (c->judged != CONNECTION_NO_OWNER) {
		json_object_object_add(
			o, "verdict",
			json_object_new_string(policy_word(&policy_verdict_words, c->verdict)));
		if (c->rule == SF_RULE_DEFAULT)
			json_object_object_add(o, "rule", json_object_new_string("default"));
		else
			json_object_object_add(o, "rule", json_object_new_int64(c->rule + 1));
	}
	json_object_object_add(o, "closable", json_object_new_boolean(c->kind == CONNECTION_TCP));
	return o;
}

static void print_json(const struct connections *list, __u32 generation)
{
	json_object *root = json_object_new_object();
	json_object *items = json_object_new_array();

	for (size_t i = 0; i < list->n; i++)
		json_object_array_add(items, connection_json(&list->items[i]));
	json_object_object_add(root, "generation", json_object_new_int64(generation));
	json_object_object_add(root, "abstract_unseen",
			       json_object_new_boolean(list->abstract_unseen));
	json_object_object_add(root, "connections", items);
	printf("%s\n", json_object_to_json_string_ext(
			       root, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE));
	json_object_put(root);
}

static void print_text(const struct connections *list, __u32 generation)
{
	printf("connections: %zu to protected endpoints (judged by generation %u in force)\n",
	       list->n, generation);
	for (size_t i = 0; i < list->n; i++) {
		char what[512], verdict[64];

		connection_describe(&list->items[i], what, sizeof(what));
		connection_verdict_text(&list->items[i], verdict, sizeof(verdict));
		printf("  %s: %s\n", what, verdict);
	}
	if (list->abstract_unseen)
		printf("  (abstract sockets are protected in another network namespace: not "
		       "listed from this one)\n");
}

int status_connections(bool json)
{
	struct sf_policy *policy = calloc(1, sizeof(*policy));
	struct connections list;
	int err = policy ? existing_find_pinned(policy, &list) : -ENOMEM;

	if (err == -ENOENT) {
		fprintf(stderr,
			"sockfence: nothing is enforced (no policy pinned at %s): no endpoint is "
			"protected, so there are no connections to list; start sockfence, which "
			"lists them at start\n",
			SF_PIN_DIR);
		free(policy);
		return 3;
	}
	if (err) {
		fprintf(stderr,
			"sockfence: cannot list connections: %s (reading the kernel's socket "
			"tables "
			"through sock_diag and every process's descriptors in /proc needs root)\n",
			strerror(-err));
		free(policy);
		return 1;
	}
	if (json)
		print_json(&list, policy->generation);
	else
		print_text(&list, policy->generation);
	connections_free(&list);
	free(policy);
	return 0;
}
