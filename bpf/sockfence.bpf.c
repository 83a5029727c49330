// SPDX-License-Identifier: GPL-2.0-only
/*
 * One BPF object, three backends sharing every map: the daemon loads the
 * programs of one of them (daemon/backend.c chooses) and leaves the others
 * unloaded.
 */
#include "lsm_hooks.bpf.h"
#include "fmodret_hooks.bpf.h"
#include "cgroup_hooks.bpf.h"

char LICENSE[] SEC("license") = "GPL";
