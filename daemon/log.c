// SPDX-License-Identifier: GPL-2.0-only
#include "log.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

static bool syslog_open;
static bool syslog_daemon_messages;
static bool verbose;
static log_writer_fn writer;
static void *writer_ctx;

void log_open_syslog(void)
{
	openlog("sockfence", LOG_PID | LOG_NDELAY, LOG_DAEMON);
	syslog_open = true;
	/* systemd sets JOURNAL_STREAM when stderr already feeds the journal. */
	syslog_daemon_messages = getenv("JOURNAL_STREAM") == NULL;
}

void log_close_syslog(void)
{
	if (syslog_open)
		closelog();
	syslog_open = false;
}

void log_set_verbose(bool on)
{
	verbose = on;
}

bool log_is_verbose(void)
{
	return verbose;
}

void log_msg(int severity, const char *fmt, ...)
{
	va_list args;

	if (severity == LOG_DEBUG && !verbose)
		return;
	va_start(args, fmt);
	fputs("sockfence: ", stderr);
	vfprintf(stderr, fmt, args);
	fputc('\n', stderr);
	va_end(args);
	if (syslog_open && syslog_daemon_messages) {
		char message[1024];

		va_start(args, fmt);
		if (writer) {
			vsnprintf(message, sizeof(message), fmt, args);
			writer(writer_ctx, LOG_DAEMON | severity, message);
		} else {
			vsyslog(LOG_DAEMON | severity, fmt, args);
		}
		va_end(args);
	}
}

void log_set_syslog_writer(log_writer_fn write, void *ctx)
{
	writer = write;
	writer_ctx = ctx;
}
