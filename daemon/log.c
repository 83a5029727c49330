// SPDX-License-Identifier: GPL-2.0-only
#include "log.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

static bool syslog_open;
static bool syslog_daemon_messages;
static bool verbose;

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
		va_start(args, fmt);
		vsyslog(LOG_DAEMON | severity, fmt, args);
		va_end(args);
	}
}

void log_event(int severity, const char *line)
{
	syslog(LOG_AUTHPRIV | severity, "%s", line);
}
