// SPDX-License-Identifier: GPL-2.0-only
/*
 * Event records as the sinks write them: JSON Lines parsed back by json-c's
 * own tokener (strict, UTF-8 validated), hostile bytes in JSON and logfmt,
 * and the flood-control fields (more, repeats).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <json-c/json.h>
#include <string.h>
#include <sys/socket.h>

#include "event_fixture.h"
#include "event_format.h"
#include "event_json.h"
#include "unit.h"

static struct sf_event sample_event(void)
{
	return fixture_event();
}

/* Formats ev, checks it is one line, parses it strictly. Caller puts it. */
static json_object *format_and_parse(const struct sf_event *ev)
{
	char out[SF_EVENT_JSON_MAX];
	struct json_tokener *tok;
	json_object *obj;
	int n = fixture_json(out, sizeof(out), ev);

	CU_ASSERT_FATAL(n > 0);
	CU_ASSERT_EQUAL(out[n - 1], '\n');
	CU_ASSERT_PTR_EQUAL(strchr(out, '\n'), out + n - 1); /* exactly one line */
	CU_ASSERT_EQUAL(strlen(out), (size_t)n);	     /* no NUL inside */
	tok = json_tokener_new();
	json_tokener_set_flags(tok, JSON_TOKENER_STRICT | JSON_TOKENER_VALIDATE_UTF8);
	obj = json_tokener_parse_ex(tok, out, n - 1);
	CU_ASSERT_EQUAL(json_tokener_get_error(tok), json_tokener_success);
	CU_ASSERT_EQUAL(json_tokener_get_parse_end(tok), (size_t)n - 1);
	json_tokener_free(tok);
	CU_ASSERT_FATAL(obj != NULL);
	CU_ASSERT_TRUE(json_object_is_type(obj, json_type_object));
	return obj;
}

static const char *str_of(json_object *obj, const char *key)
{
	json_object *v;

	if (!json_object_object_get_ex(obj, key, &v) || !json_object_is_type(v, json_type_string))
		return NULL;
	return json_object_get_string(v);
}

static int64_t int_of(json_object *obj, const char *key)
{
	json_object *v;

	if (!json_object_object_get_ex(obj, key, &v) || !json_object_is_type(v, json_type_int))
		return -1;
	return json_object_get_int64(v);
}

static bool has(json_object *obj, const char *key)
{
	return json_object_object_get_ex(obj, key, NULL);
}

static void sanitize_is(const char *in, size_t max, const char *want, bool want_lossy)
{
	char out[64];
	bool lossy;

	CU_ASSERT_EQUAL(json_utf8_sanitize(out, sizeof(out), in, max, &lossy), (int)strlen(want));
	CU_ASSERT_STRING_EQUAL(out, want);
	CU_ASSERT_EQUAL(lossy, want_lossy);
}

#define FFFD "\xef\xbf\xbd"

static void utf8_is_kept_or_replaced(void)
{
	sanitize_is("sfprobe", 16, "sfprobe", false);
	sanitize_is("caf\xc3\xa9", 16, "caf\xc3\xa9", false);		/* U+00E9 */
	sanitize_is("\xe2\x82\xac", 16, "\xe2\x82\xac", false);		/* U+20AC */
	sanitize_is("\xf0\x9f\x90\xb3", 16, "\xf0\x9f\x90\xb3", false); /* U+1F433 */
	sanitize_is("a\xff"
		    "b",
		    16, "a" FFFD "b", true);
	sanitize_is("\x80", 16, FFFD, true);				/* lone continuation */
	sanitize_is("\xc0\xaf", 16, FFFD FFFD, true);			/* overlong '/' */
	sanitize_is("\xe0\x80\xaf", 16, FFFD FFFD FFFD, true);		/* overlong */
	sanitize_is("\xed\xa0\x80", 16, FFFD FFFD FFFD, true);		/* surrogate U+D800 */
	sanitize_is("\xf4\x90\x80\x80", 16, FFFD FFFD FFFD FFFD, true); /* > U+10FFFF */
	sanitize_is("\xe2\x82", 16, FFFD FFFD, true);			/* truncated */
	sanitize_is("\xe2\x82\xac", 2, FFFD FFFD, true);		/* cut by max */
	sanitize_is("ab\0\xff", 16, "ab", false);			/* NUL ends it */
}

static void utf8_short_buffer_is_reported(void)
{
	char out[4];
	bool lossy;

	CU_ASSERT_EQUAL(json_utf8_sanitize(out, sizeof(out), "abcd", 16, &lossy), -ENOSPC);
	CU_ASSERT_EQUAL(json_utf8_sanitize(out, sizeof(out), "a\xff", 16, &lossy), -ENOSPC);
}

static void unix_event_record(void)
{
	struct sf_event ev = sample_event();
	json_object *obj = format_and_parse(&ev), *by;

	CU_ASSERT_EQUAL(int_of(obj, "version"), SF_EVENT_JSON_VERSION);
	CU_ASSERT_STRING_EQUAL(str_of(obj, "type"), "event");
	CU_ASSERT_STRING_EQUAL(str_of(obj, "time"), "2024-05-01T12:00:00.123456Z");
	CU_ASSERT_STRING_EQUAL(str_of(obj, "verdict"), "deny");
	CU_ASSERT_STRING_EQUAL(str_of(obj, "hook"), "unix_stream_connect");
	CU_ASSERT_STRING_EQUAL(str_of(obj, "endpoint"), "docker");
	CU_ASSERT_STRING_EQUAL(str_of(obj, "family"), "unix");
	CU_ASSERT_STRING_EQUAL(str_of(obj, "target"), "/run/docker.sock");
	CU_ASSERT_STRING_EQUAL(str_of(obj, "inode"), "0:25:7");
	CU_ASSERT_EQUAL(int_of(obj, "rule"), 2);
	CU_ASSERT_EQUAL(int_of(obj, "generation"), 3);
	CU_ASSERT_EQUAL(int_of(obj, "pid"), 42);
	CU_ASSERT_EQUAL(int_of(obj, "tid"), 43);
	CU_ASSERT_EQUAL(int_of(obj, "uid"), 1000);
	CU_ASSERT_EQUAL(int_of(obj, "egid"), 100);
	CU_ASSERT_EQUAL(int_of(obj, "pidns_level"), 0);
	CU_ASSERT_STRING_EQUAL(str_of(obj, "comm"), "curl");
	CU_ASSERT_FALSE(has(obj, "comm_hex"));
	CU_ASSERT_EQUAL(int_of(obj, "more"), 0);
	CU_ASSERT_TRUE(json_object_object_get_ex(obj, "container_by", &by) &&
		       json_object_is_type(by, json_type_array) &&
		       json_object_array_length(by) == 0);
	json_object_put(obj);
}

static void default_rule_is_null(void)
{
	struct sf_event ev = sample_event();
	json_object *obj, *rule;

	ev.rule = SF_RULE_DEFAULT;
	ev.verdict = SF_VERDICT_AUDIT_DENY;
	obj = format_and_parse(&ev);
	CU_ASSERT_TRUE(json_object_object_get_ex(obj, "rule", &rule) && rule == NULL);
	CU_ASSERT_STRING_EQUAL(str_of(obj, "verdict"), "audit-deny");
	json_object_put(obj);
}

static void inet_event_records(void)
{
	struct sf_event ev = sample_event();
	json_object *obj;

	ev.hook = SF_HOOK_SOCKET_CONNECT;
	ev.target.family = AF_INET;
	ev.target.port = 2375;
	ev.path[0] = '\0';
	inet_pton(AF_INET, "127.0.0.1", ev.target.addr);
	obj = format_and_parse(&ev);
	CU_ASSERT_STRING_EQUAL(str_of(obj, "family"), "ipv4");
	CU_ASSERT_STRING_EQUAL(str_of(obj, "target"), "127.0.0.1:2375");
	CU_ASSERT_STRING_EQUAL(str_of(obj, "address"), "127.0.0.1");
	CU_ASSERT_EQUAL(int_of(obj, "port"), 2375);
	CU_ASSERT_FALSE(has(obj, "inode"));
	json_object_put(obj);

	ev.target.family = AF_INET6;
	inet_pton(AF_INET6, "::ffff:127.0.0.1", ev.target.addr);
	obj = format_and_parse(&ev);
	CU_ASSERT_STRING_EQUAL(str_of(obj, "family"), "ipv6");
	CU_ASSERT_STRING_EQUAL(str_of(obj, "target"), "[::ffff:127.0.0.1]:2375");
	json_object_put(obj);
}

/* Every hostile byte at once, in the 16 bytes of comm (no NUL) and the path. */
static void hostile_bytes_round_trip(void)
{
	static const char comm[SF_COMM_LEN] = "a\n\"}\\\r\t\x1b\xff\x7f,\"x\":1";
	struct sf_event ev = sample_event();
	json_object *obj;

	memcpy(ev.caller.comm, comm, SF_COMM_LEN);
	memcpy(ev.path, "/tmp/\"\n\\\xfe.sock", 15);
	obj = format_and_parse(&ev);
	/* Quote, backslash and control bytes come back exactly; 0xff as U+FFFD. */
	CU_ASSERT_STRING_EQUAL(str_of(obj, "comm"), "a\n\"}\\\r\t\x1b" FFFD "\x7f,\"x\":1");
	CU_ASSERT_STRING_EQUAL(str_of(obj, "comm_hex"), "610a227d5c0d091bff7f2c2278223a31");
	CU_ASSERT_STRING_EQUAL(str_of(obj, "target"), "/tmp/\"\n\\" FFFD ".sock");
	CU_ASSERT_STRING_EQUAL(str_of(obj, "target_hex"), "2f746d702f220a5cfe2e736f636b");
	CU_ASSERT_FALSE(has(obj, "x")); /* nothing forged a key */
	CU_ASSERT_EQUAL(int_of(obj, "pid"), 42);
	json_object_put(obj);
}

static void bytes_after_nul_never_show(void)
{
	struct sf_event ev = sample_event();
	json_object *obj;

	memcpy(ev.caller.comm, "ab\0\n\"\xff", 7);
	obj = format_and_parse(&ev);
	CU_ASSERT_STRING_EQUAL(str_of(obj, "comm"), "ab");
	CU_ASSERT_FALSE(has(obj, "comm_hex"));
	json_object_put(obj);
}

static void valid_utf8_needs_no_hex(void)
{
	struct sf_event ev = sample_event();
	json_object *obj;

	strcpy(ev.caller.comm, "d\xc3\xa9j\xc3\xa0-vu");
	obj = format_and_parse(&ev);
	CU_ASSERT_STRING_EQUAL(str_of(obj, "comm"), "d\xc3\xa9j\xc3\xa0-vu");
	CU_ASSERT_FALSE(has(obj, "comm_hex"));
	json_object_put(obj);
}

static void aggregation_fields(void)
{
	struct sf_event ev = sample_event();
	char line[SF_EVENT_LINE_MAX];
	json_object *obj;

	ev.more = 4999;
	obj = format_and_parse(&ev);
	CU_ASSERT_STRING_EQUAL(str_of(obj, "type"), "event");
	CU_ASSERT_EQUAL(int_of(obj, "more"), 4999);
	json_object_put(obj);
	CU_ASSERT(fixture_logfmt(line, sizeof(line), &ev) > 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(line, " more=4999"));
	CU_ASSERT_PTR_NULL(strstr(line, "type="));

	ev.kind = SF_EVENT_REPEATS;
	obj = format_and_parse(&ev);
	CU_ASSERT_STRING_EQUAL(str_of(obj, "type"), "repeats");
	json_object_put(obj);
	CU_ASSERT(fixture_logfmt(line, sizeof(line), &ev) > 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(line, " more=4999 type=repeats"));

	ev.more = 0;
	ev.kind = SF_EVENT_DECISION;
	CU_ASSERT(fixture_logfmt(line, sizeof(line), &ev) > 0);
	CU_ASSERT_PTR_NULL(strstr(line, "more="));
}

/* The logfmt side of the same hostile bytes: one line, every byte escaped. */
static void hostile_bytes_in_logfmt(void)
{
	struct sf_event ev = sample_event();
	char line[SF_EVENT_LINE_MAX];

	memcpy(ev.caller.comm, "x\" uid=0\n\\\xff\x00zz", 14);
	CU_ASSERT(fixture_logfmt(line, sizeof(line), &ev) > 0);
	CU_ASSERT_PTR_NULL(strchr(line, '\n'));
	CU_ASSERT_PTR_NOT_NULL(strstr(line, " comm=\"x\\\" uid=0\\n\\\\\\xff\""));
	CU_ASSERT_PTR_NULL(strstr(line, "zz"));
	CU_ASSERT_PTR_NULL(strstr(line, "x\" uid=0")); /* the quote stays escaped */
}

static void gap_record(void)
{
	char out[128];

	CU_ASSERT(event_format_json_gap(out, sizeof(out), 17) > 0);
	CU_ASSERT_STRING_EQUAL(out, "{\"version\":1,\"type\":\"gap\",\"dropped\":17}\n");
}

static void short_buffer_is_reported(void)
{
	struct sf_event ev = sample_event();
	char out[32];

	CU_ASSERT_EQUAL(fixture_json(out, sizeof(out), &ev), -ENOSPC);
}

int register_event_records_tests(void)
{
	static const struct unit_test tests[] = {
		{ "UTF-8 is kept or replaced", utf8_is_kept_or_replaced },
		{ "UTF-8 short buffer is reported", utf8_short_buffer_is_reported },
		{ "unix event record", unix_event_record },
		{ "default rule is null", default_rule_is_null },
		{ "inet event records", inet_event_records },
		{ "hostile bytes round trip", hostile_bytes_round_trip },
		{ "bytes after NUL never show", bytes_after_nul_never_show },
		{ "valid UTF-8 needs no hex", valid_utf8_needs_no_hex },
		{ "aggregation fields", aggregation_fields },
		{ "hostile bytes in logfmt", hostile_bytes_in_logfmt },
		{ "gap record", gap_record },
		{ "short buffer is reported", short_buffer_is_reported },
		{ 0 },
	};

	return unit_add_suite("event_records", NULL, NULL, tests);
}
