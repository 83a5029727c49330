// SPDX-License-Identifier: GPL-2.0-only
/*
 * The floor under sockfence's cost: a BPF LSM program that does nothing at
 * all, attached by sfbench-floor to each of sockfence's LSM hooks (from the
 * hook table). What a connect pays for it is the price of any BPF LSM
 * program there (the trampoline around the hook); what sockfence adds on
 * top is its own work. Benchmarks only (tests/bench/vm/bench-floor.sh).
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "GPL";

/* The section's hook is a placeholder: the loader sets each real one. */
SEC("lsm/socket_connect")
int floor_hook(void *ctx)
{
	return 0; /* what the hook returns when no one objects */
}
