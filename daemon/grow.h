/* SPDX-License-Identifier: GPL-2.0-only */
/* Growable arrays: the tables read from the kernel and /proc. */
#ifndef SOCKFENCE_GROW_H
#define SOCKFENCE_GROW_H

#include <stddef.h>

/*
 * Makes room for item n of *items (cap allocated, doubled when full, first
 * when none yet). Returns 0, or -ENOMEM with the array unchanged.
 */
int grow_for_one(void **items, size_t n, size_t *cap, size_t item_size, size_t first);

#define GROW_FOR_ONE(items, n, cap, first)                                                         \
	grow_for_one((void **)&(items), (n), &(cap), sizeof(*(items)), (first))

#endif /* SOCKFENCE_GROW_H */
