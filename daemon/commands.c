// SPDX-License-Identifier: GPL-2.0-only
#include "commands.h"

#include <string.h>

static bool is_help(const char *arg)
{
	return strcmp(arg, "-h") == 0 || strcmp(arg, "--help") == 0;
}

/* -h/--help answers with the usage; anything else is a usage error. */
static int refuse(int argc, char **argv, command_usage_fn usage)
{
	bool help = argc == 2 && is_help(argv[1]);

	usage(help ? stdout : stderr);
	return help ? 0 : 2;
}

int command_args_file(int argc, char **argv, command_usage_fn usage)
{
	if (argc > 2 || (argc == 2 && argv[1][0] == '-'))
		return refuse(argc, argv, usage);
	return COMMAND_GO_ON;
}

int command_args_flag(int argc, char **argv, const char *flag, bool *given, command_usage_fn usage)
{
	return command_args_flags(argc, argv, &flag, given, 1, usage);
}

int command_args_flags(int argc, char **argv, const char *const *flags, bool *given, size_t n,
		       command_usage_fn usage)
{
	for (size_t f = 0; f < n; f++)
		given[f] = false;
	for (int i = 1; i < argc; i++) {
		size_t f = 0;

		while (f < n && strcmp(argv[i], flags[f]) != 0)
			f++;
		if (f == n || given[f])
			return refuse(argc, argv, usage);
		given[f] = true;
	}
	return COMMAND_GO_ON;
}
