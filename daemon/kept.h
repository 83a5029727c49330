/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The daemon's side of the "kept" map (struct sf_kept): protected sockets
 * whose path no longer leads to them stay protected while they are bound.
 * The kernel keeps the ones a rename moves; these keep the ones whose path
 * stopped leading to them otherwise (unlinked, a symlink pointed
 * elsewhere, another file put there), and forget the ones nothing is bound
 * to any more.
 */
#ifndef SOCKFENCE_KEPT_H
#define SOCKFENCE_KEPT_H

#include <stdbool.h>
#include <stddef.h>

#include "connections.h"
#include "sock_diag.h"
#include "sockfence.h"

/*
 * Before next replaces old: every socket old protects by inode that next
 * no longer finds, and that is still bound, is kept (if next still has its
 * endpoint), its inode added to the daemon's kept filter in state_fd (the "policy_state" map)
 * first.
 * Call it before publishing next, so there is no moment the socket is unprotected; bound NULL
 * counts every socket as still bound. Returns how many were added, or a negative errno when one
 * could not be kept (then next must not be published).
 */
/*
 * Would kept_hold_dropped() look at any socket: does next drop one of
 * old's sockets (by inode) while keeping its endpoint? When not, the
 * socket tables need not be read.
 */
bool kept_would_hold(const struct sf_policy *old, const struct sf_policy *next);

int kept_hold_dropped(int map_fd, int state_fd, const struct sf_policy *old,
		      const struct sf_policy *next, const struct bound_files *bound);

/* May anything be kept (a bit set in either kept filter of state_fd, or it cannot be read)? */
bool kept_any(int state_fd);

/*
 * Removes the kept sockets no socket is bound to any more, logs the ones
 * the kernel kept at a rename since the last call, and rebuilds the
 * daemon's kept filter in state_fd from the ones left. Returns how many are kept
 * now, or a negative errno.
 */
int kept_prune(int map_fd, int state_fd, const struct bound_files *bound);

/*
 * Every kept socket, into *out (malloc'd, NULL when none) and *n. Returns 0
 * or a negative errno.
 */
int kept_read_all(int map_fd, struct connections_kept **out, size_t *n);

#endif /* SOCKFENCE_KEPT_H */
