/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The words of the policy language and of events, one table each, indexed
 * by their enum value: the parser reads them, and check, status and the
 * event formatters print them, so a word is spelled in one place.
 */
#ifndef SOCKFENCE_POLICY_WORDS_H
#define SOCKFENCE_POLICY_WORDS_H

#include <stddef.h>

struct policy_words {
	const char *const *word; /* word[value]; NULL where no value has one */
	size_t n;
};

extern const struct policy_words policy_action_words;	/* enum sf_action */
extern const struct policy_words policy_mode_words;	/* enum sf_mode */
extern const struct policy_words policy_origin_words;	/* enum sf_origin */
extern const struct policy_words policy_backend_words;	/* POLICY_BACKEND_AUTO, enum sf_backend */
extern const struct policy_words policy_bool_words;	/* false, true */
extern const struct policy_words policy_verdict_words;	/* enum sf_verdict */
extern const struct policy_words policy_existing_words; /* enum policy_existing */
extern const struct policy_words policy_exposure_words; /* enum sf_exposure */

/* The word for value, or "unknown" when it has none. */
const char *policy_word(const struct policy_words *w, unsigned int value);

/* The value word stands for, or -1 when it is none of them. */
int policy_word_value(const struct policy_words *w, const char *word);

#endif /* SOCKFENCE_POLICY_WORDS_H */
