// SPDX-License-Identifier: GPL-2.0-only
#include "listener_owner.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "socket_owners.h"

#define REREAD_NS (2ULL * 1000000000ULL)

static struct socket_owners cache;
static unsigned long long read_at_ns;

static unsigned long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (unsigned long long)ts.tv_sec * 1000000000ULL + (unsigned long long)ts.tv_nsec;
}

static void read_comm(pid_t pid, char *out, size_t len)
{
	char path[64];
	FILE *f;

	out[0] = '\0';
	snprintf(path, sizeof(path), "/proc/%d/comm", (int)pid);
	f = fopen(path, "re");
	if (!f)
		return;
	if (fgets(out, (int)len, f))
		out[strcspn(out, "\n")] = '\0';
	fclose(f);
}

pid_t listener_owner(__u64 ino, char *comm, size_t comm_len)
{
	pid_t pid = -1;

	if (comm_len)
		comm[0] = '\0';
	if (!ino)
		return -1;
	if (!socket_owners_of(&cache, ino, &pid, 1) &&
	    (!read_at_ns || now_ns() - read_at_ns >= REREAD_NS)) {
		socket_owners_free(&cache);
		if (socket_owners_read(&cache, "/proc") != 0)
			return -1;
		read_at_ns = now_ns();
		if (!socket_owners_of(&cache, ino, &pid, 1))
			return -1;
	}
	if (pid > 0 && comm_len)
		read_comm(pid, comm, comm_len);
	return pid > 0 ? pid : -1;
}
