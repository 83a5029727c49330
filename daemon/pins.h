/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The pinned objects under SF_PIN_DIR that keep enforcement alive without
 * a daemon: where they are, reading them, removing them.
 */
#ifndef SOCKFENCE_PINS_H
#define SOCKFENCE_PINS_H

#include <stdbool.h>
#include <stddef.h>

#include "sockfence.h"

#define SF_PIN_MAPS  SF_PIN_DIR "/maps"
#define SF_PIN_LINKS SF_PIN_DIR "/links"

/* The maps that are pinned, by their names in the BPF object. */
extern const char *const pins_map_names[];
extern const size_t pins_n_maps;

/* Writes SF_PIN_MAPS/name (or SF_PIN_LINKS/name) into out. */
void pins_map_path(char *out, size_t len, const char *name);
void pins_link_path(char *out, size_t len, const char *name);

/* Is a BPF filesystem mounted at /sys/fs/bpf? Logs the fix when not. */
int pins_check_bpffs(void);

/* Creates SF_PIN_DIR, its maps/ and links/ (mode 0700). */
int pins_make_dirs(void);

/* Number of pinned links (0 when nothing is pinned). */
int pins_count_links(void);

/* Opens a pinned map by name; returns an fd or a negative errno. */
int pins_open_map(const char *name);

/* Reads the pinned meta record; -ENOENT when nothing is pinned. */
int pins_read_meta(struct sf_meta *meta);

/*
 * Pins fd at path, replacing what was pinned there. (bpffs cannot rename,
 * so this is unlink then pin: fine for maps, whose old objects live on
 * through the programs that use them. Links get unique names instead.)
 */
int pins_replace(int fd, const char *path);

/* Sums one key of a per-CPU array of __u64 over all CPUs. */
int pins_percpu_sum(int map_fd, __u32 key, __u64 *sum);

/*
 * Copies the generation in force (the inner map the pinned "policy" map
 * points at) into out. Returns 0, or a negative errno.
 */
int pins_read_active_policy(struct sf_policy *out);

/* Removes every pin and the directories; enforcement ends. */
int pins_remove_all(void);

#define PINS_MAX_LINKS 16

/* Kernel ids of the programs the pinned links attach (up to max). */
int pins_linked_prog_ids(__u32 *ids, int max);

/*
 * Waits until none of these programs exists any more. A link whose last
 * reference went is detached later, from a workqueue (Linux 6.12 shows it),
 * and drops its program only after detaching: a program gone means its
 * hook is clear. Returns 0, or -ETIMEDOUT after timeout_ms.
 */
int pins_wait_progs_gone(const __u32 *ids, int n, int timeout_ms);

#endif /* SOCKFENCE_PINS_H */
