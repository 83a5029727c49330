// SPDX-License-Identifier: GPL-2.0-only
/* The control socket's request and response lines. */
#include <errno.h>
#include <string.h>

#include "control_proto.h"
#include "unit.h"

static void parses_commands_with_and_without_argument(void)
{
	struct control_request req;

	CU_ASSERT_EQUAL(control_parse_request("reload", &req), 0);
	CU_ASSERT_STRING_EQUAL(req.command, "reload");
	CU_ASSERT_STRING_EQUAL(req.argument, "");
	CU_ASSERT_EQUAL(control_parse_request("reload /etc/sockfence/a b.yaml", &req), 0);
	CU_ASSERT_STRING_EQUAL(req.command, "reload");
	CU_ASSERT_STRING_EQUAL(req.argument, "/etc/sockfence/a b.yaml");
}

static void rejects_malformed_requests(void)
{
	struct control_request req;
	char long_command[64];

	memset(long_command, 'a', sizeof(long_command) - 1);
	long_command[sizeof(long_command) - 1] = '\0';
	CU_ASSERT_EQUAL(control_parse_request("", &req), -EINVAL);
	CU_ASSERT_EQUAL(control_parse_request(" reload", &req), -EINVAL);
	CU_ASSERT_EQUAL(control_parse_request("Reload", &req), -EINVAL);
	CU_ASSERT_EQUAL(control_parse_request("reload\t/x", &req), -EINVAL);
	CU_ASSERT_EQUAL(control_parse_request("reload /x\r", &req), -EINVAL);
	CU_ASSERT_EQUAL(control_parse_request(long_command, &req), -EINVAL);
}

static void formats_requests(void)
{
	char out[32];

	CU_ASSERT_EQUAL(control_format_request(out, sizeof(out), "reload", NULL), 7);
	CU_ASSERT_STRING_EQUAL(out, "reload\n");
	CU_ASSERT_EQUAL(control_format_request(out, sizeof(out), "reload", ""), 7);
	CU_ASSERT(control_format_request(out, sizeof(out), "reload", "/p.yaml") > 0);
	CU_ASSERT_STRING_EQUAL(out, "reload /p.yaml\n");
	CU_ASSERT_EQUAL(control_format_request(out, 8, "reload", "/p.yaml"), -ENOSPC);
}

static void round_trip(void)
{
	struct control_request req;
	char out[64];

	control_format_request(out, sizeof(out), "reload", "/etc/x.yaml");
	out[strcspn(out, "\n")] = '\0';
	CU_ASSERT_EQUAL(control_parse_request(out, &req), 0);
	CU_ASSERT_STRING_EQUAL(req.argument, "/etc/x.yaml");
}

static void classifies_responses(void)
{
	const char *text;

	CU_ASSERT_EQUAL(control_parse_response("| a.yaml:1:1: error: x", &text),
			CONTROL_LINE_MESSAGE);
	CU_ASSERT_STRING_EQUAL(text, "a.yaml:1:1: error: x");
	CU_ASSERT_EQUAL(control_parse_response("ok generation 2 active", &text), CONTROL_LINE_OK);
	CU_ASSERT_STRING_EQUAL(text, "generation 2 active");
	CU_ASSERT_EQUAL(control_parse_response("error refused", &text), CONTROL_LINE_ERROR);
	CU_ASSERT_STRING_EQUAL(text, "refused");
	CU_ASSERT_EQUAL(control_parse_response("okay", &text), CONTROL_LINE_INVALID);
	CU_ASSERT_EQUAL(control_parse_response("", &text), CONTROL_LINE_INVALID);
}

int register_control_proto_tests(void)
{
	static const struct unit_test tests[] = {
		{ "parses commands with and without argument",
		  parses_commands_with_and_without_argument },
		{ "rejects malformed requests", rejects_malformed_requests },
		{ "formats requests", formats_requests },
		{ "round trip", round_trip },
		{ "classifies responses", classifies_responses },
		{ 0 },
	};

	return unit_add_suite("control_proto", NULL, NULL, tests);
}
