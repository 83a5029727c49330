// SPDX-License-Identifier: GPL-2.0-only
/* sockfence unload: the one way to remove enforcement. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <syslog.h>
#include <unistd.h>

#include "commands.h"
#include "control_client.h"
#include "control_proto.h"
#include "pins.h"

static void usage(FILE *out)
{
	fprintf(out,
		"Usage: sockfence unload [--yes]\n"
		"Remove sockfence enforcement from this host: detach the BPF programs\n"
		"and remove the pins under %s (stopping a running daemon).\n"
		"Without --yes, asks for confirmation on a terminal.\n"
		"Exit status: 0 removed or nothing loaded, 1 failed, 2 not confirmed or\n"
		"usage error.\n",
		SF_PIN_DIR);
}

static bool confirmed(void)
{
	char answer[16] = "";

	if (!isatty(STDIN_FILENO)) {
		fprintf(stderr, "sockfence: refusing to unload without --yes (no terminal to "
				"confirm on); nothing changed\n");
		return false;
	}
	fprintf(stderr, "Remove sockfence enforcement? Connects to the Docker API will no "
			"longer be judged. Type 'yes' to go on: ");
	if (!fgets(answer, sizeof(answer), stdin) || strcmp(answer, "yes\n") != 0) {
		fprintf(stderr, "sockfence: not confirmed; nothing changed\n");
		return false;
	}
	return true;
}

/* Who removed enforcement goes to the security log. */
static void log_removal(const char *how)
{
	char comm[64] = "?", path[64];
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/comm", getppid());
	f = fopen(path, "re");
	if (f) {
		if (fgets(comm, sizeof(comm), f))
			comm[strcspn(comm, "\n")] = '\0';
		fclose(f);
	}
	openlog("sockfence", LOG_PID, LOG_AUTHPRIV);
	syslog(LOG_NOTICE, "enforcement removed (%s) by uid %u, pid %d, parent %d (%s)", how,
	       getuid(), getpid(), getppid(), comm);
	closelog();
}

int cmd_unload(int argc, char **argv)
{
	bool yes;
	int status = command_args_flag(argc, argv, "--yes", &yes, usage);

	if (status != COMMAND_GO_ON)
		return status;
	if (access(SF_PIN_DIR, F_OK) != 0 && !control_daemon_answers()) {
		printf("sockfence: nothing to unload: no enforcement is pinned at %s\n",
		       SF_PIN_DIR);
		return 0;
	}
	if (!yes && !confirmed())
		return 2;
	if (control_daemon_answers()) {
		status = control_call(CONTROL_CMD_UNLOAD, NULL);
		if (status != 0)
			return 1;
		log_removal("daemon stopped");
	} else {
		if (pins_unload(NULL, NULL) != 0)
			return 1;
		log_removal("no daemon was running");
		printf("sockfence: enforcement removed: links detached, pins under %s gone\n",
		       SF_PIN_DIR);
	}
	if (access(SF_PIN_DIR, F_OK) == 0) {
		fprintf(stderr, "sockfence: %s still exists; check it by hand\n", SF_PIN_DIR);
		return 1;
	}
	return 0;
}
