/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * `sockfence run --events-json FILE`: one JSON record per event, appended,
 * created mode 0640. Rotated by size when max_size is set (FILE becomes
 * FILE.1, FILE.1 FILE.2, ..., keeping `keep` of them), and reopened on
 * SIGHUP or SIGUSR1 so that logrotate can move the file away instead.
 */
#ifndef SOCKFENCE_JSON_SINK_H
#define SOCKFENCE_JSON_SINK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define JSON_SINK_MODE	       0640
#define JSON_SINK_DEFAULT_KEEP 5
#define JSON_SINK_MAX_KEEP     100

struct json_sink {
	const char *path; /* NULL: no JSON file */
	int fd;
	uint64_t max_size; /* rotate before a record would take the file past it; 0: never */
	unsigned int keep; /* rotated files kept: FILE.1 (newest) to FILE.keep */
	uint64_t size;	   /* of the open file: where the next record goes */
	bool regular;	   /* the open file is a regular file (a FIFO is never rotated) */
	uint64_t written;
	uint64_t rotations;
	uint64_t lost;	 /* write failed (disk full, ...) or the file could not be opened */
	char error[256]; /* why the file is not being written now, "" when it is */
};

/*
 * Opens path for appending. Returns 0 or a negative errno (logged, and kept
 * in error: events are then counted as lost until a reopen succeeds).
 * max_size and keep are read from j; set them first.
 */
int json_sink_open(struct json_sink *j, const char *path);

/* Closes and opens the file again: after logrotate moved it. */
int json_sink_reopen(struct json_sink *j);

/* Appends one record, newline included, rotating first when it is due; never blocks on a pipe. */
void json_sink_write(struct json_sink *j, const char *record, size_t len);

void json_sink_close(struct json_sink *j);

#endif /* SOCKFENCE_JSON_SINK_H */
