/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Abstract unix socket names of a policy ("@name", "@prefix*") as the
 * kernel matches them: by the bytes of the name and by the network
 * namespace that owns the socket, the host's (the daemon's own).
 */
#ifndef SOCKFENCE_POLICY_ABSTRACT_H
#define SOCKFENCE_POLICY_ABSTRACT_H

#include "diag.h"
#include "policy.h"

/*
 * Fills out's unix_abstract, abstract_prefix_lens and host_netns. More
 * names than SF_MAX_ABSTRACT or prefixes of more than
 * SF_ABSTRACT_PREFIX_LENS lengths are errors in diags.
 */
void policy_abstract(const struct policy *policy, struct sf_policy *out, struct diag_list *diags);

#endif /* SOCKFENCE_POLICY_ABSTRACT_H */
