/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Policy -> the generation the kernel reads (struct sf_policy). Resolves
 * each unix path to the socket inode it names now and to the place a
 * socket would be bound there (policy_places.h); knows nothing of YAML.
 */
#ifndef SOCKFENCE_POLICY_COMPILE_H
#define SOCKFENCE_POLICY_COMPILE_H

#include <sys/types.h>

#include "diag.h"
#include "policy.h"

/* stat(2)'s st_dev in the kernel's internal dev_t encoding (s_dev). */
__u64 compile_kernel_dev(dev_t st_dev);

/*
 * Fills out (zeroed first) from policy. A unix path that does not exist or
 * is not a socket yet is left out with a warning: it is protected once a
 * socket appears there (the daemon watches for it). Two paths of different
 * endpoints that reach one socket are an error. Returns 0, or -EINVAL with
 * the errors in diags (out is then unusable).
 */
int policy_compile(const struct policy *policy, __u32 generation, struct sf_policy *out,
		   struct diag_list *diags);

#endif /* SOCKFENCE_POLICY_COMPILE_H */
