/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * sfprobe sequence: one task connects, changes who it is, connects again,
 * so that a test sees each connect judged for the task as it is then.
 */
#ifndef SOCKFENCE_TEST_SEQUENCE_H
#define SOCKFENCE_TEST_SEQUENCE_H

#include "address.h"

/*
 * Runs steps[0..n) in order in the calling task; a is spec parsed, and
 * connect_once() one connect to it, returning 0 or its errno. Returns 0,
 * or exits with status 2 for a step it cannot take.
 */
int sequence_run(const char *spec, const struct address *a, int n, char **steps,
		 int (*connect_once)(const struct address *a));

#endif /* SOCKFENCE_TEST_SEQUENCE_H */
