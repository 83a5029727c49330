/* SPDX-License-Identifier: GPL-2.0-only */
/* One entry point per CLI verb; each returns the process exit status. */
#ifndef SOCKFENCE_COMMANDS_H
#define SOCKFENCE_COMMANDS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

int cmd_run(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_reload(int argc, char **argv);
int cmd_status(int argc, char **argv);
int cmd_unload(int argc, char **argv);
int cmd_events(int argc, char **argv);
int cmd_learn(int argc, char **argv);

/* Prints a verb's usage to out. */
typedef void (*command_usage_fn)(FILE *out);

/* Tells a verb's caller to go on with its arguments. */
#define COMMAND_GO_ON (-1)

/*
 * Arguments of a verb that takes at most one FILE: COMMAND_GO_ON, or the
 * exit status once answered (0 after -h/--help with the usage on stdout,
 * 2 for a usage error with the usage on stderr).
 */
int command_args_file(int argc, char **argv, command_usage_fn usage);

/*
 * Arguments of a verb whose one option is flag ("--json"): *given says
 * whether it was there. Returns as command_args_file does.
 */
int command_args_flag(int argc, char **argv, const char *flag, bool *given, command_usage_fn usage);

/*
 * Arguments of a verb whose options are the n flags: given[i] says whether
 * flags[i] was there. Anything else, or a flag twice, is refused.
 */
int command_args_flags(int argc, char **argv, const char *const *flags, bool *given, size_t n,
		       command_usage_fn usage);

#endif /* SOCKFENCE_COMMANDS_H */
