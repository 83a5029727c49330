/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A process's identity read from /proc, field for field what the kernel's
 * hooks read from the task (bpf/identity.bpf.h): so that user space can
 * judge a connection made before the hooks ran with the same rules.
 */
#ifndef SOCKFENCE_PROCESS_IDENTITY_H
#define SOCKFENCE_PROCESS_IDENTITY_H

#include <stddef.h>
#include <sys/types.h>

#include "decide.h"

struct process_identity {
	struct sf_identity who;
	char exe[256]; /* the executable's path, "" when unreadable */
};

/*
 * Reads process pid under proc_dir ("/proc"); cgroup_root is the cgroup v2
 * mount point ("" when there is none: no cgroup ancestry). Returns 0, or
 * -ESRCH when the process is gone.
 */
int process_identity_read(pid_t pid, const char *proc_dir, const char *cgroup_root,
			  struct process_identity *out);

#endif /* SOCKFENCE_PROCESS_IDENTITY_H */
