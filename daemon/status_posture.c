// SPDX-License-Identifier: GPL-2.0-only
/*
 * sockfence status --posture [--json]: how exposed the Docker API is now,
 * from the kernel's view. Exit status 4 when anything needs fixing.
 */
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "pins.h"
#include "posture.h"
#include "status_posture.h"

#define DOCKER_CONFIG "/etc/docker/daemon.json"

static json_object *item_json(const struct posture_item *it)
{
	json_object *o = json_object_new_object();

	json_object_object_add(o, "kind", json_object_new_string(posture_kind_name(it->kind)));
	json_object_object_add(o, "finding", json_object_new_boolean(it->finding));
	if (it->endpoint[0])
		json_object_object_add(o, "endpoint", json_object_new_string(it->endpoint));
	json_object_object_add(o, "what", json_object_new_string(it->what));
	json_object_object_add(o, "detail", json_object_new_string(it->detail));
	if (it->pid) {
		json_object_object_add(o, "pid", json_object_new_int(it->pid));
		json_object_object_add(o, "comm", json_object_new_string(it->comm));
		json_object_object_add(o, "container", json_object_new_boolean(it->container));
		json_object_object_add(o, "container_id", json_object_new_string(it->container_id));
	}
	return o;
}

static void print_json(const struct posture *p)
{
	json_object *root = json_object_new_object(), *items = json_object_new_array();

	for (size_t i = 0; i < p->n; i++)
		json_object_array_add(items, item_json(&p->items[i]));
	json_object_object_add(root, "findings", json_object_new_int64((int64_t)p->findings));
	json_object_object_add(root, "items", items);
	printf("%s\n", json_object_to_json_string_ext(
			       root, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE));
	json_object_put(root);
}

static void print_text(const struct posture *p)
{
	printf("posture: %zu finding%s\n", p->findings, p->findings == 1 ? "" : "s");
	for (size_t i = 0; i < p->n; i++) {
		const struct posture_item *it = &p->items[i];
		char who[160] = "";

		if (it->pid)
			snprintf(who, sizeof(who), ", pid %d (%s)%s%.12s", it->pid, it->comm,
				 it->container ? " container " : "", it->container_id);
		printf("  %-7s %-12s %s%s%s %s: %s%s\n", it->finding ? "FINDING" : "ok",
		       posture_kind_name(it->kind), it->endpoint, it->endpoint[0] ? " " : "",
		       it->what, "", it->detail, who);
	}
}

int status_posture(bool json)
{
	struct sf_policy *policy = calloc(1, sizeof(*policy));
	struct posture p;
	int kept_fd, err;

	if (!policy || pins_read_active_policy(policy) != 0) {
		fprintf(stderr,
			"sockfence: nothing is enforced (no policy pinned at %s): the posture "
			"is judged against the endpoints of the policy in force; start "
			"sockfence first\n",
			SF_PIN_DIR);
		free(policy);
		return 3;
	}
	kept_fd = pins_open_map("kept");
	err = posture_gather(policy, kept_fd, DOCKER_CONFIG, &p);
	if (kept_fd >= 0)
		close(kept_fd);
	free(policy);
	if (err) {
		fprintf(stderr,
			"sockfence: cannot read the posture: %s (reading /proc and the "
			"kernel's socket tables needs root)\n",
			strerror(-err));
		return 1;
	}
	if (json)
		print_json(&p);
	else
		print_text(&p);
	err = p.findings ? 4 : 0;
	posture_free(&p);
	return err;
}
