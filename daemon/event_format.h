/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Turns a kernel event into one logfmt line. comm and paths are chosen by
 * whoever connects, so every value is escaped: no byte of theirs can end
 * the line, forge a key or break a quote.
 */
#ifndef SOCKFENCE_EVENT_FORMAT_H
#define SOCKFENCE_EVENT_FORMAT_H

#include <stdbool.h>
#include <stddef.h>

#include "event_view.h"

#define SF_EVENT_LINE_MAX 2048

/*
 * Appends value to out as a logfmt value: bare when it only holds
 * [A-Za-z0-9._/:@+,%~[\]-], otherwise double-quoted with \" \\ \n \t and
 * \xNN for every other control or non-ASCII byte. Reads at most max bytes
 * of value (stops at NUL). Returns the length written (excluding NUL), or
 * -ENOSPC when out_len is too small.
 */
int logfmt_escape(char *out, size_t out_len, const char *value, size_t max);

/*
 * Formats the event of v as "verdict=... hook=... endpoint=... target=...
 * rule=N gen=N pid=... comm=...". Rules are numbered from 1 as in the policy file;
 * "rule=default" when none matched. " more=N" follows when N identical
 * attempts were aggregated, " type=repeats" marks an SF_EVENT_REPEATS
 * record. Returns the line length or -ENOSPC.
 */
int event_format_logfmt(char *out, size_t out_len, const struct event_view *v);

#endif /* SOCKFENCE_EVENT_FORMAT_H */
