/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Turns a kernel event into one logfmt line. comm and paths are chosen by
 * whoever connects, so every value is escaped: no byte of theirs can end
 * the line, forge a key or break a quote.
 */
#ifndef SOCKFENCE_EVENT_FORMAT_H
#define SOCKFENCE_EVENT_FORMAT_H

#include <stddef.h>

#include "sockfence.h"

#define SF_EVENT_LINE_MAX 2048
#define SF_PATH_MAX	  256 /* longest path printed; a unix sun_path is 108 */

/*
 * Appends value to out as a logfmt value: bare when it only holds
 * [A-Za-z0-9._/:@+,%~[\]-], otherwise double-quoted with \" \\ \n \t and
 * \xNN for every other control or non-ASCII byte. Reads at most max bytes
 * of value (stops at NUL). Returns the length written (excluding NUL), or
 * -ENOSPC when out_len is too small.
 */
int logfmt_escape(char *out, size_t out_len, const char *value, size_t max);

/*
 * Formats ev as "verdict=... hook=... endpoint=... target=... rule=N gen=N
 * pid=... comm=...". Rules are numbered from 1 as in the policy file;
 * "rule=default" when none matched. Returns the line length or -ENOSPC.
 */
int event_format_logfmt(char *out, size_t out_len, const struct sf_event *ev);

const char *event_verdict_name(__u8 verdict);
const char *event_hook_name(__u8 hook);

#endif /* SOCKFENCE_EVENT_FORMAT_H */
