/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Connections that exist when the daemon starts or reloads (made before
 * the hooks ran, or let through by an older generation): each one to a
 * protected endpoint is logged with its owner and what the policy in force
 * says of it; with "existing-connections: close" the refused TCP ones are
 * closed (unix connections cannot be closed from outside).
 */
#ifndef SOCKFENCE_EXISTING_H
#define SOCKFENCE_EXISTING_H

#include <stdbool.h>

#include "connections.h"
#include "sockfence.h"

/*
 * Reads the connections to active's endpoints (kept_fd: the "kept" map, or
 * -1) into out. Returns 0 or a negative errno (out left empty).
 */
int existing_find(const struct sf_policy *active, int kept_fd, struct connections *out);

/*
 * existing_find() for the generation pinned now, read into *policy, with
 * the pinned "kept" map: what `status --connections` and `learn` list from
 * outside the daemon. -ENOENT when no policy is pinned.
 */
int existing_find_pinned(struct sf_policy *policy, struct connections *out);

/*
 * Logs every connection to a protected endpoint, closing the refused TCP
 * ones when close is set; when says which moment ("at start"). Returns how
 * many refused connections stay open.
 */
int existing_sweep(const struct sf_policy *active, int kept_fd, bool close, const char *when);

#endif /* SOCKFENCE_EXISTING_H */
