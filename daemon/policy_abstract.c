// SPDX-License-Identifier: GPL-2.0-only
#include "policy_abstract.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "decide.h"

#define HOST_NETNS "/proc/self/ns/net"

static int compare_abstract(const void *a, const void *b)
{
	const struct sf_unix_abstract *x = a, *y = b;

	if (x->key != y->key)
		return x->key < y->key ? -1 : 1;
	return (x->hash > y->hash) - (x->hash < y->hash);
}

/* Counts a prefix length; false when it is one too many. */
static bool note_prefix_len(struct sf_policy *out, __u32 len, __u32 *distinct)
{
	__u64 bit = 1ULL << (len % 64);

	if (out->abstract_prefix_lens[len / 64] & bit)
		return true;
	if (*distinct == SF_ABSTRACT_PREFIX_LENS)
		return false;
	(*distinct)++;
	out->abstract_prefix_lens[len / 64] |= bit;
	return true;
}

static void add_abstract(const char *configured, __u32 endpoint_id, struct diag_pos pos,
			 struct sf_policy *out, __u32 *distinct, struct diag_list *diags)
{
	size_t len = strlen(configured) - 1; /* without the '@' */
	bool prefix = configured[len] == '*';
	struct sf_unix_abstract *a;
	char name[SF_PATH_LEN];

	if (prefix)
		len--;
	if (out->n_unix_abstract >= SF_MAX_ABSTRACT) {
		diag_add(diags, DIAG_ERROR, pos, "too many abstract socket names (at most %d)",
			 SF_MAX_ABSTRACT);
		return;
	}
	if (prefix && !note_prefix_len(out, (__u32)len, distinct)) {
		diag_add(diags, DIAG_ERROR, pos,
			 "abstract socket prefixes of more than %d lengths (make some prefixes "
			 "as long as others)",
			 SF_ABSTRACT_PREFIX_LENS);
		return;
	}
	snprintf(name, sizeof(name), "%.*s", (int)len, configured + 1);
	a = &out->unix_abstract[out->n_unix_abstract++];
	a->key = len | (prefix ? SF_ABSTRACT_PREFIX : 0);
	a->hash = sf_text_hash(name);
	a->endpoint_id = endpoint_id;
	snprintf(a->name, sizeof(a->name), "%s", configured);
}

void policy_abstract(const struct policy *policy, struct sf_policy *out, struct diag_list *diags)
{
	__u32 distinct = 0;
	struct stat st;

	for (__u32 id = 0; id < policy->n_endpoints; id++) {
		const struct policy_endpoint *ep = &policy->endpoints[id];

		for (size_t i = 0; i < ep->n_abstracts; i++)
			add_abstract(ep->abstracts[i], id, ep->abstract_pos[i], out, &distinct,
				     diags);
	}
	if (!out->n_unix_abstract)
		return;
	qsort(out->unix_abstract, out->n_unix_abstract, sizeof(out->unix_abstract[0]),
	      compare_abstract);
	if (stat(HOST_NETNS, &st) != 0) {
		diag_add(diags, DIAG_ERROR, (struct diag_pos){ 0 },
			 "cannot read the host's network namespace (%s): %s; abstract sockets "
			 "are told apart by it (mount /proc)",
			 HOST_NETNS, strerror(errno));
		return;
	}
	out->host_netns = (__u32)st.st_ino;
}
