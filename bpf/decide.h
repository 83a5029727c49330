/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The access decision, kept free of BPF helpers so the host unit tests run
 * the very code the kernel runs.
 *
 * This is the fixed decision of the first slice: real and effective uid 0 in
 * the initial pid namespace may connect, everyone else is denied. The policy
 * engine replaces this function; the hooks only call sf_decide().
 */
#ifndef SOCKFENCE_DECIDE_H
#define SOCKFENCE_DECIDE_H

#include "sockfence.h"

static inline __u8 sf_decide(const struct sf_caller *caller)
{
	if (caller->uid == 0 && caller->euid == 0 && caller->pidns_level == 0)
		return SF_VERDICT_ALLOW;
	return SF_VERDICT_DENY;
}

#endif /* SOCKFENCE_DECIDE_H */
