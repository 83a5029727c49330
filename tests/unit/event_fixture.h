/* SPDX-License-Identifier: GPL-2.0-only */
/* The event the formatter and record tests start from, and their shortcuts. */
#ifndef SOCKFENCE_EVENT_FIXTURE_H
#define SOCKFENCE_EVENT_FIXTURE_H

#include <stddef.h>
#include <time.h>

#include "sockfence.h"

/* When the fixture happened: 2024-05-01T12:00:00.123456789Z. */
extern const struct timespec fixture_when;

/* A denied connect of uid 1000's curl to /run/docker.sock (rule 2, gen 3). */
struct sf_event fixture_event(void);

/* Decodes ev at fixture_when, then formats it as the sinks do. */
int fixture_logfmt(char *out, size_t len, const struct sf_event *ev);
int fixture_json(char *out, size_t len, const struct sf_event *ev);

#endif /* SOCKFENCE_EVENT_FIXTURE_H */
