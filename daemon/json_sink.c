// SPDX-License-Identifier: GPL-2.0-only
#include "json_sink.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "log.h"

int json_sink_open(struct json_sink *j, const char *path)
{
	int err;

	j->path = path;
	/* O_NONBLOCK: a FIFO without a reader must not stall the daemon. */
	j->fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | O_NONBLOCK | O_NOCTTY, 0600);
	if (j->fd >= 0)
		return 0;
	err = -errno;
	log_err("cannot open the JSON event file %s: %s; check the directory exists and is "
		"writable by root, or drop --events-json",
		path, strerror(-err));
	return err;
}

int json_sink_reopen(struct json_sink *j)
{
	if (!j->path)
		return 0;
	if (j->fd >= 0)
		close(j->fd);
	return json_sink_open(j, j->path);
}

void json_sink_write(struct json_sink *j, const char *record, size_t len)
{
	ssize_t n;

	if (!j->path)
		return;
	if (j->fd < 0) {
		j->lost++;
		return;
	}
	n = write(j->fd, record, len);
	if (n == (ssize_t)len) {
		j->written++;
		return;
	}
	if (j->lost++ == 0) /* once: the periodic summary counts the rest */
		log_warn("cannot append to the JSON event file %s: %s; events are counted as lost "
			 "(see the periodic summary)",
			 j->path, n < 0 ? strerror(errno) : "short write");
}

void json_sink_close(struct json_sink *j)
{
	if (j->path && j->fd >= 0)
		close(j->fd);
	j->fd = -1;
}
