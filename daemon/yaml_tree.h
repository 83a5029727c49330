/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A YAML document as a small tree with source positions, built from
 * libyaml's events: aliases refused (no billion laughs), depth bounded,
 * explicit tags refused. The policy checks read whole mappings from it.
 */
#ifndef SOCKFENCE_YAML_TREE_H
#define SOCKFENCE_YAML_TREE_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"

#define YAML_TREE_MAX_DEPTH 16 /* a valid policy needs 4 */

enum ynode_kind {
	YN_SCALAR,
	YN_SEQ,
	YN_MAP,
	YN_ALIAS, /* refused when read; checks skip it silently */
};

struct ynode {
	enum ynode_kind kind;
	struct diag_pos pos;
	bool plain; /* scalar written without quotes: may be a number or null */
	char *text; /* scalar, NUL-terminated, may hold NULs of its own */
	size_t len;
	struct ynode **items; /* sequence items; mapping: key, value, key, ... */
	size_t n;
	size_t cap;
};

/*
 * Reads one document into *root (NULL when there is none; free it with
 * yaml_tree_free even on failure). Returns false when the tree cannot be
 * checked: a syntax error (then the only diagnostic), too deep, or out of
 * memory. Problems go to diags.
 */
bool yaml_tree_read(const char *text, size_t len, struct diag_list *diags, struct ynode **root);

/* Depth is bounded by YAML_TREE_MAX_DEPTH, so the recursion is safe. */
void yaml_tree_free(struct ynode *n);

#endif /* SOCKFENCE_YAML_TREE_H */
