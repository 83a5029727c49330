// SPDX-License-Identifier: GPL-2.0-only
#include "grow.h"

#include <errno.h>
#include <stdlib.h>

int grow_for_one(void **items, size_t n, size_t *cap, size_t item_size, size_t first)
{
	size_t more;
	void *bigger;

	if (n < *cap)
		return 0;
	more = *cap ? 2 * *cap : first;
	bigger = realloc(*items, more * item_size);
	if (!bigger)
		return -ENOMEM;
	*items = bigger;
	*cap = more;
	return 0;
}
