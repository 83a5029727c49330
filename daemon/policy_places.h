/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Where a configured unix path is, as a place a socket can be bound: the
 * directory it resolves to and its file name (struct sf_unix_dir and
 * sf_unix_dentry). The kernel matches a listener's bound dentry against
 * these, so a socket bound at a protected path is judged before the
 * daemon has seen its inode.
 */
#ifndef SOCKFENCE_POLICY_PLACES_H
#define SOCKFENCE_POLICY_PLACES_H

#include "diag.h"
#include "policy.h"

/*
 * Fills out's unix_dirs and unix_dentries from every unix path of policy:
 * the place the path names (its directory resolved, its own name) and,
 * when the path leads to a file through a symlink, that file's place too.
 * A path whose directory does not exist yet has no place (the daemon
 * re-reads it when the directory appears). Two endpoints naming one place
 * are an error in diags.
 */
void policy_places(const struct policy *policy, struct sf_policy *out, struct diag_list *diags);

#endif /* SOCKFENCE_POLICY_PLACES_H */
