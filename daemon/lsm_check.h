/* SPDX-License-Identifier: GPL-2.0-only */
/* Is BPF LSM active on this kernel, and if not, how does the user fix it? */
#ifndef SOCKFENCE_LSM_CHECK_H
#define SOCKFENCE_LSM_CHECK_H

#include <stdbool.h>
#include <stddef.h>

#include "sockfence.h"

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

/* Kernel version and BTF, for either backend; logs the fix and fails. */
int lsm_check_kernel(void);

/* The capabilities the backend (enum sf_backend) needs; logs the fix. */
int lsm_check_privileges(enum sf_backend backend);

/*
 * Is BPF LSM in the kernel's active LSM list? Returns 0 when it is, else a
 * negative errno; why receives what was found either way, as a sentence.
 */
int lsm_bpf_active(char *why, size_t why_len);

/*
 * Mounts securityfs at /sys/kernel/security when the LSM list is not there
 * (an init that mounts none), so the lsm backend can be judged; quiet
 * about failures, which lsm_bpf_active() then reports.
 */
void lsm_mount_securityfs(void);

/* How to turn BPF LSM on: the lsm= boot parameter for this kernel. */
void lsm_enable_hint(char *out, size_t len);

#endif /* SOCKFENCE_LSM_CHECK_H */
