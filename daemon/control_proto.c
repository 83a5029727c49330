// SPDX-License-Identifier: GPL-2.0-only
#include "control_proto.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

static bool has_control_bytes(const char *s)
{
	for (; *s; s++) {
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return true;
	}
	return false;
}

int control_parse_request(const char *line, struct control_request *req)
{
	size_t len = strspn(line, "abcdefghijklmnopqrstuvwxyz-");
	const char *arg = line + len;

	memset(req, 0, sizeof(*req));
	if (len == 0 || len >= sizeof(req->command) || has_control_bytes(line))
		return -EINVAL;
	if (*arg != '\0' && *arg != ' ')
		return -EINVAL;
	if (*arg == ' ')
		arg++;
	if (strlen(arg) >= sizeof(req->argument))
		return -EINVAL;
	memcpy(req->command, line, len);
	strcpy(req->argument, arg);
	return 0;
}

int control_format_request(char *out, size_t out_len, const char *command, const char *argument)
{
	int n;

	if (argument && *argument)
		n = snprintf(out, out_len, "%s %s\n", command, argument);
	else
		n = snprintf(out, out_len, "%s\n", command);
	return n < 0 || (size_t)n >= out_len ? -ENOSPC : n;
}

enum control_line_kind control_parse_response(const char *line, const char **text)
{
	static const struct {
		const char *prefix;
		enum control_line_kind kind;
	} kinds[] = {
		{ "| ", CONTROL_LINE_MESSAGE },
		{ "ok ", CONTROL_LINE_OK },
		{ "error ", CONTROL_LINE_ERROR },
		{ "following ", CONTROL_LINE_FOLLOWING }, /* events streams only */
		{ "dropped ", CONTROL_LINE_DROPPED },	  /* events streams only */
	};

	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
		size_t n = strlen(kinds[i].prefix);

		if (strncmp(line, kinds[i].prefix, n) == 0) {
			*text = line + n;
			return kinds[i].kind;
		}
	}
	*text = line;
	return CONTROL_LINE_INVALID;
}
