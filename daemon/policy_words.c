// SPDX-License-Identifier: GPL-2.0-only
#include "policy_words.h"

#include <string.h>

#include "policy.h"

#define WORDS(...)                                                                                 \
	{                                                                                          \
		.word = (const char *const[]){ __VA_ARGS__ },                                      \
		.n = sizeof((const char *const[]){ __VA_ARGS__ }) / sizeof(const char *),          \
	}

const struct policy_words policy_action_words =
	WORDS([SF_ACTION_ALLOW] = "allow", [SF_ACTION_DENY] = "deny");
const struct policy_words policy_mode_words =
	WORDS([SF_MODE_ENFORCE] = "enforce", [SF_MODE_AUDIT] = "audit");
const struct policy_words policy_origin_words =
	WORDS([SF_ORIGIN_ANY] = "any", [SF_ORIGIN_HOST] = "host",
	      [SF_ORIGIN_CONTAINER] = "container", [SF_ORIGIN_REMOTE] = "remote");
const struct policy_words policy_backend_words =
	WORDS([POLICY_BACKEND_AUTO] = "auto", [SF_BACKEND_LSM] = "lsm",
	      [SF_BACKEND_CGROUP] = "cgroup", [SF_BACKEND_FMODRET] = "fmod_ret");
const struct policy_words policy_bool_words = WORDS("false", "true");
const struct policy_words policy_verdict_words =
	WORDS([SF_VERDICT_ALLOW] = "allow", [SF_VERDICT_DENY] = "deny",
	      [SF_VERDICT_AUDIT_DENY] = "audit-deny");

const struct policy_words policy_existing_words =
	WORDS([POLICY_EXISTING_REPORT] = "report", [POLICY_EXISTING_CLOSE] = "close");

const struct policy_words policy_exposure_words =
	WORDS([SF_EXPOSURE_AUDIT] = "audit", [SF_EXPOSURE_DENY] = "deny");

const char *policy_word(const struct policy_words *w, unsigned int value)
{
	return value < w->n && w->word[value] ? w->word[value] : "unknown";
}

int policy_word_value(const struct policy_words *w, const char *word)
{
	for (size_t i = 0; i < w->n; i++) {
		if (w->word[i] && strcmp(w->word[i], word) == 0)
			return (int)i;
	}
	return -1;
}
