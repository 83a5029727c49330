/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Diagnostics about a policy file: every error and warning of one run,
 * each with the file, line and column it is about, printed as
 * "FILE:LINE:COL: error: what is wrong (hint)".
 */
#ifndef SOCKFENCE_DIAG_H
#define SOCKFENCE_DIAG_H

#include <stddef.h>
#include <stdio.h>

enum diag_severity {
	DIAG_ERROR,
	DIAG_WARNING,
};

/* A place in a policy file; line and col start at 1 (0 = unknown). */
struct diag_pos {
	unsigned int line;
	unsigned int col;
};

struct diag {
	enum diag_severity severity;
	struct diag_pos pos;
	char *message;
};

struct diag_list {
	char *file; /* name used in every message */
	struct diag *items;
	size_t count;
	size_t capacity;
	size_t errors;
	size_t warnings;
};

/* file is copied; the list starts empty. */
void diag_init(struct diag_list *list, const char *file);

void diag_add(struct diag_list *list, enum diag_severity severity, struct diag_pos pos,
	      const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* Prints every diagnostic, one line each, in the order they were added. */
void diag_print(const struct diag_list *list, FILE *out);

/* Formats item i as its printed line (no newline) into out. */
int diag_format(const struct diag_list *list, size_t i, char *out, size_t out_len);

void diag_free(struct diag_list *list);

#endif /* SOCKFENCE_DIAG_H */
