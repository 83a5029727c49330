/* SPDX-License-Identifier: GPL-2.0-only */
/* The event options of `sockfence run`, checked before anything is loaded. */
#ifndef SOCKFENCE_EVENTS_CONFIG_H
#define SOCKFENCE_EVENTS_CONFIG_H

#include "events.h"

/*
 * --syslog-facility, --syslog-rate, --syslog-socket, --events-json,
 * --events-json-max-size, --events-json-keep, --summary-interval, --events-cpu
 */
#define EVENTS_OPTIONS_USAGE                                                                       \
	"  --syslog-facility NAME  facility of event lines: authpriv (default), auth,\n"           \
	"                          daemon, user, local0..local7\n"                                 \
	"  --syslog-rate N         at most N event lines in any one second to syslog\n"            \
	"                          (default 100, 0: no cap); the rest are counted\n"               \
	"                          in the summary\n"                                               \
	"  --syslog-socket PATH    the syslog daemon's socket for event lines (default\n"          \
	"                          /dev/log)\n"                                                    \
	"  --events-json FILE      also append every event to FILE as JSON Lines\n"                \
	"                          (docs/events.md; mode 0640); SIGHUP or SIGUSR1\n"               \
	"                          reopens it (logrotate)\n"                                       \
	"  --events-json-max-size SIZE  rotate FILE before it grows past SIZE (bytes,\n"           \
	"                          or K, M, G): FILE.1 is the newest old one\n"                    \
	"  --events-json-keep N    rotated files kept (default 5, 0: none)\n"                      \
	"  --summary-interval S    log a summary of aggregated or lost events every S\n"           \
	"                          seconds when there are any (default 60, 0: never)\n"            \
	"  --events-cpu PERCENT    CPU the daemon spends on events in any second, of one\n"        \
	"                          core (default 4, 100: no cap); past it the kernel\n"            \
	"                          counts what does not fit as dropped\n"

void events_config_defaults(struct events_config *cfg);

/*
 * Applies one option (its long name without the dashes) to cfg. Returns 0,
 * or -EINVAL after saying on stderr what is wrong with value.
 */
int events_config_set(struct events_config *cfg, const char *option, const char *value);

#endif /* SOCKFENCE_EVENTS_CONFIG_H */
