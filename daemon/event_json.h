/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Turns a kernel event into one JSON Lines record (docs/events.md, schema
 * version SF_EVENT_JSON_VERSION), through json-c. Attacker-chosen bytes
 * (comm, paths) can never break the record: json-c escapes quotes,
 * backslashes and control bytes, and bytes that are not UTF-8 are replaced
 * by U+FFFD, with the exact bytes alongside in hex.
 */
#ifndef SOCKFENCE_EVENT_JSON_H
#define SOCKFENCE_EVENT_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "event_view.h"

#define SF_EVENT_JSON_VERSION 1
#define SF_EVENT_JSON_MAX     4096 /* one record, newline and NUL included */

/*
 * Copies the first max bytes of in (up to a NUL) to out as valid UTF-8:
 * each byte that does not begin a well-formed sequence (RFC 3629: no
 * overlong forms, surrogates or code points above U+10FFFF) becomes U+FFFD.
 * *lossy says whether any did. out_len must be at least 3 * max + 1.
 * Returns the length written, or -ENOSPC.
 */
int json_utf8_sanitize(char *out, size_t out_len, const char *in, size_t max, bool *lossy);

/*
 * Formats the event of v as one JSON object followed by "\n". Returns the
 * length written (newline included), or -ENOSPC.
 */
int event_format_json(char *out, size_t out_len, const struct event_view *v);

/* The record a subscriber gets in place of events it was too slow to take. */
int event_format_json_gap(char *out, size_t out_len, uint64_t dropped);

#endif /* SOCKFENCE_EVENT_JSON_H */
