// SPDX-License-Identifier: GPL-2.0-only
/*
 * The floor under sockfence's cost: programs that do nothing at all,
 * attached by sfbench-floor to each hook of one of sockfence's trampoline
 * backends (from the hook table): a BPF LSM program for the lsm backend,
 * an fmod_ret program for the fmod_ret backend. What a connect pays for
 * them is the price of any such program there (the trampoline around the
 * hook); what sockfence adds on top is its own work. Benchmarks only
 * (tests/bench/vm/bench-floor.sh).
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "GPL";

/* The sections' hooks are placeholders: the loader sets each real one. */
SEC("lsm/socket_connect")
int floor_lsm(void *ctx)
{
	return 0; /* what the hook returns when no one objects */
}

SEC("fmod_ret/security_socket_connect")
int floor_fmod_ret(void *ctx)
{
	return 0; /* 0: the function runs as without the program */
}
