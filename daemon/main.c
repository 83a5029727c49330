// SPDX-License-Identifier: GPL-2.0-only
/* sockfence: kernel-level access enforcer for the Docker daemon's API. */
#include <stdio.h>
#include <string.h>

#include "commands.h"

#ifndef SF_VERSION
#define SF_VERSION "unknown"
#endif

static int cmd_version(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	printf("sockfence %s\n", SF_VERSION);
	return 0;
}

static int cmd_help(int argc, char **argv);

static const struct command {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *summary;
} commands[] = {
	{ "run", cmd_run, "load the BPF LSM programs and enforce the policy until stopped" },
	{ "check", cmd_check, "validate a policy file and show its compiled rules" },
	{ "reload", cmd_reload, "make the running daemon reload its policy" },
	{ "status", cmd_status, "show what is enforced, from the pins (daemon or not)" },
	{ "events", cmd_events, "show the running daemon's events, or follow them live" },
	{ "learn", cmd_learn, "propose the smallest policy for who really uses the endpoints" },
	{ "unload", cmd_unload, "remove enforcement (the only way to)" },
	{ "version", cmd_version, "print the version" },
	{ "help", cmd_help, "show this help" },
};

static void usage(FILE *out)
{
	fprintf(out, "Usage: sockfence COMMAND [OPTIONS]\n\nCommands:\n");
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(out, "  %-10s %s\n", commands[i].name, commands[i].summary);
	fprintf(out, "\nRun 'sockfence COMMAND --help' for a command's options.\n");
}

static int cmd_help(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	usage(stdout);
	return 0;
}

int main(int argc, char **argv)
{
	const char *verb = argc > 1 ? argv[1] : NULL;

	if (!verb) {
		usage(stderr);
		return 2;
	}
	if (strcmp(verb, "--help") == 0 || strcmp(verb, "-h") == 0)
		return cmd_help(argc, argv);
	if (strcmp(verb, "--version") == 0)
		return cmd_version(argc, argv);
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++) {
		if (strcmp(verb, commands[i].name) == 0)
			return commands[i].run(argc - 1, argv + 1);
	}
	fprintf(stderr, "sockfence: unknown command '%s'\n\n", verb);
	usage(stderr);
	return 2;
}
