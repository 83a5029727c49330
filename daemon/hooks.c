// SPDX-License-Identifier: GPL-2.0-only
#include "hooks.h"

#define HOOK_ROW(ENUM, name_, id_, backend_, needs_)                                               \
	{ .id = SF_HOOK_##ENUM,                                                                    \
	  .name = #name_,                                                                          \
	  .program = "sf_" #name_,                                                                 \
	  .backend = SF_BACKEND_##backend_,                                                        \
	  .needs = SF_HOOK_NEEDS_##needs_ },

const struct hook hooks[SF_HOOK_COUNT] = { SF_HOOK_TABLE(HOOK_ROW) };

const struct hook *hook_by_id(unsigned int id)
{
	for (size_t i = 0; i < SF_HOOK_COUNT; i++) {
		if (hooks[i].id == id)
			return &hooks[i];
	}
	return NULL;
}

const char *hook_name(unsigned int id)
{
	const struct hook *h = hook_by_id(id);

	return h ? h->name : "unknown";
}

bool hook_used_by(const struct hook *h, enum sf_backend kind, bool has_unix_connect)
{
	if (h->backend != kind)
		return false;
	return h->needs != SF_HOOK_NEEDS_UNIX_CONNECT_HOOK || has_unix_connect;
}
