// SPDX-License-Identifier: GPL-2.0-only
#include "json_sink.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "log.h"

int json_sink_open(struct json_sink *j, const char *path)
{
	int err;

	j->path = path;
	/* O_NONBLOCK: a FIFO without a reader must not stall the daemon. */
	j->fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | O_NONBLOCK | O_NOCTTY,
		     JSON_SINK_MODE);
	if (j->fd >= 0) {
		struct stat st;

		j->regular = fstat(j->fd, &st) == 0 && S_ISREG(st.st_mode);
		j->size = j->regular ? (uint64_t)st.st_size : 0;
		j->error[0] = '\0';
		return 0;
	}
	err = -errno;
	snprintf(j->error, sizeof(j->error), "cannot open %s: %s", path, strerror(-err));
	log_err("%s: events are not written to it and are counted as lost (enforcement is not "
		"affected). Make sure the directory exists and root may write there, then send "
		"SIGHUP ('systemctl reload sockfence') to open it again, or drop --events-json.",
		j->error);
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

/*
 * FILE.keep goes, FILE.(i) becomes FILE.(i+1), FILE becomes FILE.1, and a
 * new FILE is opened. With keep 0 the full file is removed.
 */
static void rotate(struct json_sink *j)
{
	char from[4096], to[4096];

	close(j->fd);
	j->fd = -1;
	for (unsigned int i = j->keep; i > 1; i--) {
		snprintf(from, sizeof(from), "%s.%u", j->path, i - 1);
		snprintf(to, sizeof(to), "%s.%u", j->path, i);
		if (rename(from, to) != 0 && errno != ENOENT)
			log_warn("cannot rotate %s to %s: %s", from, to, strerror(errno));
	}
	snprintf(to, sizeof(to), "%s.1", j->path);
	if (j->keep ? rename(j->path, to) != 0 : unlink(j->path) != 0)
		log_warn("cannot rotate %s: %s (appending to it again)", j->path, strerror(errno));
	j->rotations++;
	json_sink_open(j, j->path);
}

void json_sink_write(struct json_sink *j, const char *record, size_t len)
{
	ssize_t n;
	int err;

	if (!j->path)
		return;
	if (j->fd >= 0 && j->regular && j->max_size && j->size && j->size + len > j->max_size)
		rotate(j);
	if (j->fd < 0) {
		j->lost++;
		return;
	}
	n = write(j->fd, record, len);
	if (n > 0)
		j->size += (uint64_t)n;
	if (n == (ssize_t)len) {
		j->written++;
		j->error[0] = '\0';
		return;
	}
	err = n < 0 ? errno : 0;
	snprintf(j->error, sizeof(j->error), "cannot append to %s: %s", j->path,
		 err ? strerror(err) : "short write");
	if (j->lost++ == 0) /* once: the periodic summary counts the rest */
		log_warn("%s; events are counted as lost (see the periodic summary)", j->error);
}

void json_sink_close(struct json_sink *j)
{
	if (j->path && j->fd >= 0)
		close(j->fd);
	j->fd = -1;
}
