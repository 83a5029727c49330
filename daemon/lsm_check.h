/* SPDX-License-Identifier: GPL-2.0-only */
/* Is BPF LSM active on this kernel, and if not, how does the user fix it? */
#ifndef SOCKFENCE_LSM_CHECK_H
#define SOCKFENCE_LSM_CHECK_H

#include <stdbool.h>
#include <stddef.h>

#define SF_LSM_FILE "/sys/kernel/security/lsm"
#define SF_BTF_FILE "/sys/kernel/btf/vmlinux"

/* True when the comma-separated LSM list names "bpf" as a whole entry. */
bool lsm_list_has_bpf(const char *list);

/*
 * The boot parameter that adds bpf to an active LSM list, e.g.
 * "lockdown,capability,apparmor" -> "lsm=lockdown,capability,apparmor,bpf".
 * Returns 0, or -ENOSPC when out is too small.
 */
int lsm_suggest_param(const char *list, char *out, size_t out_len);

/* The oldest kernel sockfence supports (and tests): bpf_loop, BPF LSM. */
#define SF_MIN_KERNEL_MAJOR 6
#define SF_MIN_KERNEL_MINOR 1

/* Is release ("6.12.117+deb12-cloud-amd64") at least the minimum? */
bool lsm_kernel_supported(const char *release);

/*
 * Checks the running kernel and process: kernel version, BTF present,
 * privileges, BPF LSM active. On failure logs what was found and the fix,
 * and returns a negative errno.
 */
int lsm_check_running_kernel(void);

#endif /* SOCKFENCE_LSM_CHECK_H */
