// SPDX-License-Identifier: GPL-2.0-only
#include "event_json.h"

#include <errno.h>
#include <json-c/json.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

/* Length of the well-formed UTF-8 sequence at s (n bytes left), or 0. */
static size_t utf8_sequence(const unsigned char *s, size_t n)
{
	unsigned char lo = 0x80, hi = 0xbf;
	size_t len;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		len = 2;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		len = 3;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		len = 4;
	else
		return 0; /* a continuation byte, C0, C1 or F5..FF */
	/* The second byte's range rules out overlongs, surrogates, > U+10FFFF. */
	if (s[0] == 0xe0)
		lo = 0xa0;
	else if (s[0] == 0xed)
		hi = 0x9f;
	else if (s[0] == 0xf0)
		lo = 0x90;
	else if (s[0] == 0xf4)
		hi = 0x8f;
	if (n < len || s[1] < lo || s[1] > hi)
		return 0;
	for (size_t i = 2; i < len; i++) {
		if (s[i] < 0x80 || s[i] > 0xbf)
			return 0;
	}
	return len;
}

int json_utf8_sanitize(char *out, size_t out_len, const char *in, size_t max, bool *lossy)
{
	const unsigned char *s = (const unsigned char *)in;
	size_t n = strnlen(in, max), used = 0;

	*lossy = false;
	for (size_t i = 0; i < n;) {
		size_t len = utf8_sequence(s + i, n - i);
		const char *bytes = (const char *)s + i;

		if (len == 0) {
			bytes = "\xef\xbf\xbd"; /* U+FFFD REPLACEMENT CHARACTER */
			len = 3;
			*lossy = true;
			i++;
		} else {
			i += len;
		}
		if (used + len >= out_len)
			return -ENOSPC;
		memcpy(out + used, bytes, len);
		used += len;
	}
	if (used >= out_len)
		return -ENOSPC;
	out[used] = '\0';
	return (int)used;
}

/*
 * Adds key: the bytes as valid UTF-8, and when that lost anything, also
 * key_hex: the exact bytes, so nothing an attacker chose is hidden.
 */
static void add_bytes(json_object *obj, const char *key, const char *bytes, size_t max)
{
	char text[3 * SF_PATH_MAX + 1], hex[2 * SF_PATH_MAX + 1], hex_key[64];
	size_t n = strnlen(bytes, max);
	bool lossy;
	int len;

	if (n > SF_PATH_MAX)
		n = SF_PATH_MAX;
	len = json_utf8_sanitize(text, sizeof(text), bytes, n, &lossy);
	if (len < 0)
		return; /* cannot happen: text holds 3 bytes per input byte */
	json_object_object_add(obj, key, json_object_new_string_len(text, len));
	if (!lossy)
		return;
	for (size_t i = 0; i < n; i++)
		snprintf(hex + 2 * i, 3, "%02x", (unsigned char)bytes[i]);
	snprintf(hex_key, sizeof(hex_key), "%s_hex", key);
	json_object_object_add(obj, hex_key, json_object_new_string_len(hex, 2 * n));
}

static void add_u64(json_object *obj, const char *key, uint64_t value)
{
	json_object_object_add(obj, key, json_object_new_uint64(value));
}

static void add_str(json_object *obj, const char *key, const char *value)
{
	json_object_object_add(obj, key, json_object_new_string(value));
}

static void add_target(json_object *obj, const struct event_view *v)
{
	const struct sf_event *ev = &v->ev;

	add_str(obj, "family", v->family);
	if (ev->target.family == AF_UNIX) {
		if (ev->path[0])
			add_bytes(obj, "target", ev->path, sizeof(ev->path));
		else
			json_object_object_add(obj, "target", NULL);
		if (v->inode[0])
			add_str(obj, "inode", v->inode);
		return;
	}
	if (!v->target[0]) {
		json_object_object_add(obj, "target", NULL);
		return;
	}
	add_str(obj, "target", v->target);
	add_str(obj, "address", v->address);
	add_u64(obj, "port", ev->target.port);
}

static void add_caller(json_object *obj, const struct event_view *v)
{
	const struct sf_caller *c = &v->ev.caller;
	json_object *by = json_object_new_array();

	add_u64(obj, "pid", c->tgid);
	add_u64(obj, "tid", c->pid);
	add_u64(obj, "ppid", c->ppid);
	add_u64(obj, "uid", c->uid);
	add_u64(obj, "euid", c->euid);
	add_u64(obj, "gid", c->gid);
	add_u64(obj, "egid", c->egid);
	add_u64(obj, "pidns_level", c->pidns_level);
	add_bytes(obj, "comm", c->comm, sizeof(c->comm));
	if (v->has_exe_path)
		add_bytes(obj, "exe", v->exe_path, sizeof(v->exe_path));
	if (v->exe_inode[0])
		add_str(obj, "exe_inode", v->exe_inode);
	add_u64(obj, "cgroup_id", c->cgroup_id);
	if (c->container_by & SF_CONTAINER_PIDNS)
		json_object_array_add(by, json_object_new_string("pidns"));
	if (c->container_by & SF_CONTAINER_CGROUP)
		json_object_array_add(by, json_object_new_string("cgroup"));
	json_object_object_add(obj, "container_by", by);
	if (c->container_id[0])
		add_bytes(obj, "container", c->container_id, sizeof(c->container_id));
}

/* Serializes obj on one line (json-c escapes every control byte), frees it. */
static int emit(char *out, size_t out_len, json_object *obj)
{
	const char *text = json_object_to_json_string_ext(
		obj, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE);
	int n = snprintf(out, out_len, "%s\n", text ? text : "");

	json_object_put(obj);
	if (!text || n < 0 || (size_t)n >= out_len)
		return -ENOSPC;
	return n;
}

int event_format_json(char *out, size_t out_len, const struct event_view *v)
{
	const struct sf_event *ev = &v->ev;
	json_object *obj = json_object_new_object();

	if (!obj)
		return -ENOMEM;
	add_u64(obj, "version", SF_EVENT_JSON_VERSION);
	add_str(obj, "type",
		ev->kind == SF_EVENT_REPEATS	? "repeats"
		: ev->kind == SF_EVENT_EXPOSURE ? "exposure"
						: "event");
	add_str(obj, "time", v->time);
	add_str(obj, "verdict", v->verdict);
	add_str(obj, "hook", v->hook);
	add_bytes(obj, "endpoint", ev->endpoint[0] ? ev->endpoint : "unknown",
		  sizeof(ev->endpoint));
	add_target(obj, v);
	if (ev->rule == SF_RULE_DEFAULT)
		json_object_object_add(obj, "rule", NULL);
	else
		add_u64(obj, "rule", (uint64_t)ev->rule + 1);
	add_u64(obj, "generation", ev->generation);
	if (v->source[0]) {
		add_str(obj, "origin", "remote");
		add_str(obj, "source", v->source_address);
		add_u64(obj, "source_port", ev->remote.port);
		add_str(obj, "interface", v->interface);
		if (v->listener_pid > 0) {
			add_u64(obj, "listener_pid", (uint64_t)v->listener_pid);
			add_bytes(obj, "listener_comm", v->listener_comm, sizeof(v->listener_comm));
		}
	} else {
		add_caller(obj, v);
	}
	add_u64(obj, "more", ev->more);
	return emit(out, out_len, obj);
}

int event_format_json_gap(char *out, size_t out_len, uint64_t dropped)
{
	json_object *obj = json_object_new_object();

	if (!obj)
		return -ENOMEM;
	add_u64(obj, "version", SF_EVENT_JSON_VERSION);
	add_str(obj, "type", "gap");
	add_u64(obj, "dropped", dropped);
	return emit(out, out_len, obj);
}
