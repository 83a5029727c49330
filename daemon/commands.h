/* SPDX-License-Identifier: GPL-2.0-only */
/* One entry point per CLI verb; each returns the process exit status. */
#ifndef SOCKFENCE_COMMANDS_H
#define SOCKFENCE_COMMANDS_H

int cmd_run(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_reload(int argc, char **argv);
int cmd_status(int argc, char **argv);
int cmd_unload(int argc, char **argv);
int cmd_events(int argc, char **argv);

#endif /* SOCKFENCE_COMMANDS_H */
