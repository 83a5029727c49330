/* SPDX-License-Identifier: GPL-2.0-only */
/* One logger for the whole binary: stderr always, syslog once enabled. */
#ifndef SOCKFENCE_LOG_H
#define SOCKFENCE_LOG_H

#include <stdbool.h>
#include <syslog.h>

/*
 * Starts sending messages to syslog as well (ident "sockfence", facility
 * daemon). Under systemd, whose journal already collects stderr, daemon
 * messages are not sent twice; events always go to syslog.
 */
void log_open_syslog(void);
void log_close_syslog(void);
void log_set_verbose(bool verbose);
bool log_is_verbose(void);

void log_msg(int severity, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/*
 * Sends the daemon's own syslog messages through write instead of
 * syslog(3), which blocks while /dev/log is full; NULL goes back to
 * syslog(3). (Event lines have their own sink: syslog_sink.h.)
 */
typedef void (*log_writer_fn)(void *ctx, int priority, const char *message);
void log_set_syslog_writer(log_writer_fn write, void *ctx);

#define log_err(...)	log_msg(LOG_ERR, __VA_ARGS__)
#define log_warn(...)	log_msg(LOG_WARNING, __VA_ARGS__)
#define log_info(...)	log_msg(LOG_INFO, __VA_ARGS__)
#define log_notice(...) log_msg(LOG_NOTICE, __VA_ARGS__)
#define log_debug(...)	log_msg(LOG_DEBUG, __VA_ARGS__)

#endif /* SOCKFENCE_LOG_H */
