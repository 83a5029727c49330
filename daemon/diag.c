// SPDX-License-Identifier: GPL-2.0-only
/* Diagnostics about a policy file, collected in order, printed one a line. */
#define _GNU_SOURCE /* vasprintf */
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"

void diag_init(struct diag_list *list, const char *file)
{
	memset(list, 0, sizeof(*list));
	list->file = strdup(file ? file : "policy");
}

/* Makes room for one more item; false when memory ran out. */
static bool diag_grow(struct diag_list *list)
{
	size_t capacity = list->capacity ? list->capacity * 2 : 16;
	struct diag *items;

	if (list->count < list->capacity)
		return true;
	items = realloc(list->items, capacity * sizeof(*items));
	if (!items)
		return false;
	list->items = items;
	list->capacity = capacity;
	return true;
}

void diag_add(struct diag_list *list, enum diag_severity severity, struct diag_pos pos,
	      const char *fmt, ...)
{
	struct diag *d;
	va_list ap;

	/* Counted even when it cannot be stored: an error must never be lost. */
	if (severity == DIAG_ERROR)
		list->errors++;
	else
		list->warnings++;
	if (!diag_grow(list))
		return;
	d = &list->items[list->count++];
	d->severity = severity;
	d->pos = pos;
	va_start(ap, fmt);
	if (vasprintf(&d->message, fmt, ap) < 0)
		d->message = NULL;
	va_end(ap);
}

/* snprintf semantics: returns the length the whole line needs. */
static int diag_snprint(const struct diag_list *list, const struct diag *d, char *out,
			size_t out_len)
{
	const char *file = list->file ? list->file : "policy";
	const char *sev = d->severity == DIAG_ERROR ? "error" : "warning";
	const char *msg = d->message ? d->message : "(message lost: out of memory)";

	if (d->pos.line == 0)
		return snprintf(out, out_len, "%s: %s: %s", file, sev, msg);
	return snprintf(out, out_len, "%s:%u:%u: %s: %s", file, d->pos.line, d->pos.col, sev, msg);
}

int diag_format(const struct diag_list *list, size_t i, char *out, size_t out_len)
{
	int n;

	if (i >= list->count)
		return -EINVAL;
	n = diag_snprint(list, &list->items[i], out, out_len);
	if (n < 0)
		return -EINVAL;
	return (size_t)n < out_len ? 0 : -ENOSPC;
}

void diag_print(const struct diag_list *list, FILE *out)
{
	for (size_t i = 0; i < list->count; i++) {
		int n = diag_snprint(list, &list->items[i], NULL, 0);
		char *line;

		if (n < 0)
			continue;
		line = malloc((size_t)n + 1);
		if (!line)
			continue;
		diag_snprint(list, &list->items[i], line, (size_t)n + 1);
		fprintf(out, "%s\n", line);
		free(line);
	}
}

void diag_free(struct diag_list *list)
{
	for (size_t i = 0; i < list->count; i++)
		free(list->items[i].message);
	free(list->items);
	free(list->file);
	memset(list, 0, sizeof(*list));
}
