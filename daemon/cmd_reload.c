// SPDX-License-Identifier: GPL-2.0-only
/* sockfence reload [FILE]: ask the running daemon to reload its policy. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "control_client.h"
#include "control_proto.h"

static void usage(FILE *out)
{
	fprintf(out, "Usage: sockfence reload [FILE]\n"
		     "Ask the running daemon to validate and activate its policy file, or\n"
		     "FILE instead. On any error the policy in force stays.\n"
		     "Exit status: 0 reloaded, 1 refused, 2 no daemon or usage error.\n");
}

int cmd_reload(int argc, char **argv)
{
	int status = command_args_file(argc, argv, usage);
	char path[PATH_MAX] = "";

	if (status != COMMAND_GO_ON)
		return status;
	/* The daemon has another working directory: send an absolute path. */
	if (argc == 2 && !realpath(argv[1], path)) {
		fprintf(stderr, "sockfence: cannot read %s: %s\n", argv[1], strerror(errno));
		return 2;
	}
	return control_call(CONTROL_CMD_RELOAD, path);
}
