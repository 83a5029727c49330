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

/* Where enforcement is pinned so it outlives the daemon. */
#define SF_PIN_DIR   "/sys/fs/bpf/sockfence"
#define SF_PIN_MAPS  SF_PIN_DIR "/maps"
#define SF_PIN_LINKS SF_PIN_DIR "/links"

/*
 * The layout this daemon writes and reuses (include/sockfence.h). A test
 * build claims the next one, for the VM test that migrates to it.
 */
#ifdef SF_TEST_NEXT_MAP_LAYOUT
#define SF_MAP_LAYOUT (SF_MAP_LAYOUT_BASE + 1)
#else
#define SF_MAP_LAYOUT SF_MAP_LAYOUT_BASE
#endif

/* The maps that are pinned, by their names in the BPF object. */
extern const char *const pins_map_names[];
extern const size_t pins_n_maps;

/* The BPF object's name of the map pinned as pin_name (most are the same). */
const char *pins_object_map_name(const char *pin_name);

/* Writes SF_PIN_MAPS/name (or SF_PIN_LINKS/name) into out. */
void pins_map_path(char *out, size_t len, const char *name);
void pins_link_path(char *out, size_t len, const char *name);

/* Is a BPF filesystem mounted at /sys/fs/bpf? Logs the fix when not. */
int pins_check_bpffs(void);

/*
 * Creates SF_PIN_DIR, its maps/ and links/ (root, mode 0700), or checks the
 * ones there. An SF_PIN_DIR that is not root's alone (another owner, group
 * or others may write, a symbolic link) is renamed aside, with a warning,
 * and a new one made: nothing in it is adopted. Call it before any pin is
 * read. Returns 0 or a negative errno (logged).
 */
int pins_make_dirs(void);

/* False when SF_PIN_DIR exists but is not root's alone (readers warn). */
bool pins_dir_trusted(void);

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

/* Unpins the maps of the pin directory that are not in pins_map_names (an earlier layout's). */
void pins_remove_unknown_maps(void);

/* Sums one key of a per-CPU array of __u64 over all CPUs. */
int pins_percpu_sum(int map_fd, __u32 key, __u64 *sum);

/*
 * Copies the generation in force (the slot of the pinned "policy" map that
 * "policy_state" names) into out. Returns 0, or a negative errno.
 */
int pins_read_active_policy(struct sf_policy *out);

#define PINS_MAX_LINKS	    16
#define PINS_UNLOAD_WAIT_MS 5000

/*
 * Ends enforcement: removes every pin and the directories (links first),
 * lets release_own drop the caller's own references to links and programs
 * (NULL when it holds none), then waits up to PINS_UNLOAD_WAIT_MS until
 * the programs the links attached are gone from their hooks. Returns 0
 * once they are, or a negative errno (logged).
 */
int pins_unload(void (*release_own)(void *ctx), void *ctx);

#endif /* SOCKFENCE_PINS_H */
