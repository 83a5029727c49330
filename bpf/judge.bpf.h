/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What both backends share once a hook knows its target: the policy in
 * force, the search for the target, the rule walk, the verdict and the
 * report. A hook answers "is the target protected?" first and returns at
 * once when it is not; only protected targets pay for identity.
 */
#ifndef SOCKFENCE_JUDGE_BPF_H
#define SOCKFENCE_JUDGE_BPF_H

#include "vmlinux.h"
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_helpers.h>
#include "sockfence.h"
#include "decide.h"
#include "events.bpf.h"
#include "identity.bpf.h"

#define EPERM	  1
#define AF_UNSPEC 0
#define AF_UNIX	  1
#define AF_INET	  2
#define AF_INET6  10

/*
 * The generations, in two slots (struct sf_policy_state in sockfence.h).
 * Sizes, not types: the programs only reach sf_policy through pointers,
 * so its BTF is a forward declaration that libbpf could not size.
 */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, SF_POLICY_SLOTS);
	__uint(key_size, sizeof(__u32));
	__uint(value_size, sizeof(struct sf_policy));
} policy SEC(".maps");

/*
 * The policy state as the object's own data (a map of its own, pinned as
 * "policy_state"): the hooks reach it by address, without a lookup call,
 * so the peek keeps nothing in the registers a call would clobber. The
 * daemon writes it through a mapping (sockfence.h).
 */
struct sf_policy_state sf_state SEC(".data.policy_state");

/* Per CPU and slot: hooks that read that slot now. */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, SF_POLICY_SLOTS);
	__type(key, __u32);
	__type(value, __s64);
} policy_readers SEC(".maps");

/* Caller identity is too big for the 512-byte stack. */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct sf_identity);
} scratch_space SEC(".maps");

/*
 * A value-returning atomic add: fully ordered on every architecture (the
 * kernel's JITs emit a lock-prefixed xadd on x86, ldaddal on arm64); clang
 * emits the plain add, which arm64 does not order, when the value is unused.
 */
static __always_inline void sf_add_ordered(__s64 *counter, __s64 v)
{
	__s64 before = __sync_fetch_and_add(counter, v);

	asm volatile("" : : "r"(before));
}

/* active and flips in one 8-byte load: what a reload writes at once. */
static __always_inline __u64 sf_state_word(const struct sf_policy_state *state)
{
	return *(const volatile __u64 *)state;
}

/*
 * What a hook holds while it reads a generation: its slot's reader count,
 * and the policy state word that named the slot (sf_state_word()).
 */
struct sf_policy_hold {
	__s64 *readers;
	__u64 state;
};

static __always_inline struct sf_policy_state *sf_policy_state(void)
{
	return &sf_state;
}

/*
 * The generation in force, held until sf_policy_release(): the reload
 * that replaces it waits for that (sockfence.h). The raised count is
 * ordered before the second read of the active slot, the lowered one
 * after the hook's last read of the policy. NULL (counted) when no slot could be held:
 * the hook refuses, it never judges with a slot a reload may be writing.
 */
static __always_inline const struct sf_policy *sf_active_policy(struct sf_policy_hold *hold)
{
	struct sf_policy_state *state = sf_policy_state();

	hold->readers = NULL;
	for (int attempt = 0; attempt < 2; attempt++) { /* a second flip needs a whole reload */
		__u32 slot = *(volatile __u32 *)&state->active & (SF_POLICY_SLOTS - 1);
		__s64 *readers = bpf_map_lookup_elem(&policy_readers, &slot);
		const struct sf_policy *p;

		if (!readers)
			goto none;
		sf_add_ordered(readers, 1);
		/*
		 * A word naming the slot, read while it is held, is the one its
		 * content was published with: a held slot is never written, so
		 * no later word names it until it is let go.
		 */
		hold->state = sf_state_word(state);
		if (((const struct sf_policy_state *)&hold->state)->active == slot) {
			p = bpf_map_lookup_elem(&policy, &slot);
			if (p) {
				hold->readers = readers;
				return p;
			}
		}
		sf_add_ordered(readers, -1);
	}
none:
	sf_count(SF_CNT_NO_POLICY);
	return NULL;
}

static __always_inline void sf_policy_release(struct sf_policy_hold *hold)
{
	if (hold->readers)
		sf_add_ordered(hold->readers, -1);
	hold->readers = NULL;
}

/*
 * A look at the generation in force without holding it, for the question
 * most hooks end at: "is the target protected at all?". sf_peek_fast()
 * keeps the whole state (active slot and flips) it saw; sf_peek_still()
 * tells whether it read the same again. A reload writes only the slot not
 * in force and then changes flips, which never comes back: the same state
 * twice means the slot was in force, and not written, in between, so a
 * "not protected" read there is the answer of the generation in force at
 * the second look, as if the hook had held it and let go there. Anything
 * else (a set filter bit, a reload in between) takes the hold.
 *
 * This needs no fence only where loads are not reordered with one
 * another and stores become visible in order (x86's TSO); elsewhere
 * sf_peek_fast() answers NULL and every hook holds the generation.
 */
#if defined(__TARGET_ARCH_x86)
#define SF_PEEK_ORDERED 1
#else
#define SF_PEEK_ORDERED 0
#endif

/* What a peek saw: where the state is, and what it read there. */
struct sf_peek {
	const struct sf_policy_state *state;
	__u64 seen;
};

/* The fast filters of the slot in force, beside the state word (sockfence.h). */
static __always_inline const struct sf_fast_filter *sf_peek_fast(struct sf_peek *peek)
{
	const struct sf_fast_filter *fast;

	if (!SF_PEEK_ORDERED)
		return NULL;
	peek->state = sf_policy_state();
	peek->seen = sf_state_word(peek->state);
	fast = &peek->state->fast[((const struct sf_policy_state *)&peek->seen)->active &
				  (SF_POLICY_SLOTS - 1)];
	asm volatile("" ::: "memory"); /* the state first, then the slot's filters */
	return fast;
}

static __always_inline bool sf_peek_still(const struct sf_peek *peek)
{
	asm volatile("" ::: "memory"); /* the slot's content first, then the state again */
	return sf_state_word(peek->state) == peek->seen;
}

static long sf_search_one(__u32 i, struct sf_search *search)
{
	return sf_search_step(search);
}

/*
 * Index in the policy's table (enum sf_table) of what key names: the dev
 * and inode of a socket, a file name's hash (in ino) or a port. -1 when it
 * is not protected.
 */
static __always_inline int sf_find(const struct sf_policy *policy, __u32 table, __u64 dev,
				   __u64 ino, __u32 port)
{
	struct sf_search search;

	sf_search_init(&search, policy, table, dev, ino, port);
	if (search.hi <= SF_SEARCH_LINEAR_MAX)
		return sf_search_linear(&search);
	bpf_loop(SF_SEARCH_STEPS, sf_search_one, &search, 0);
	return search.found;
}

/*
 * The rule walk, one bpf_loop step at a time: a step either loads the next
 * word of candidates (decide.h's index) or tries the lowest candidate left
 * in it, so rules are tried in order until one matches. No loop inside a
 * step: the verifier follows the rule match once.
 *
 * What a step changes lives in a map value (struct sf_walk_state), not on
 * the stack: the verifier does not follow values there, so it verifies a
 * step once. Linux 6.7+ verifies bpf_loop callbacks as loops, and a word
 * counter on the stack, a new constant each step, made 6.12 unroll them.
 */
struct sf_walk_state {
	struct sf_rule_mask gids; /* the rules the caller's groups allow */
	__u64 cur;		  /* candidates of word word - 1 not yet tried */
	__u32 word;		  /* the next word to load */
	__u32 matched;		  /* index into policy->rules, or SF_RULE_DEFAULT */
};

/*
 * Per CPU: one for the hooks in process context, one for the connection
 * requests in softirq, which may interrupt them.
 */
#define SF_WALK_TASK   0
#define SF_WALK_REMOTE 1

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 2);
	__type(key, __u32);
	__type(value, struct sf_walk_state);
} walk_space SEC(".maps");

/* What the matched rule (or, with none, the policy's default) decides. */
static __always_inline void sf_rule_outcome(const struct sf_policy *policy, __u32 matched,
					    __u8 *action, __u8 *mode, __u32 *rule)
{
	if (matched < SF_MAX_RULES) {
		*action = policy->rules[matched].action;
		*mode = policy->rules[matched].mode;
		*rule = policy->rules[matched].index;
	} else {
		*action = policy->default_action;
		*mode = policy->mode;
		*rule = SF_RULE_DEFAULT;
	}
}

/* Is port certainly not protected by the generation in force? A peek, no hold. */
static __always_inline bool sf_port_surely_unprotected(__u32 port)
{
	struct sf_peek peek;
	const struct sf_fast_filter *fast = sf_peek_fast(&peek);

	/* Keeps the filter's 16-bit mask: 6.1's verifier gives a byte swap no bounds. */
	barrier_var(port);
	return fast && !sf_fast_port_has(fast, port) && sf_peek_still(&peek);
}

/*
 * The index of a protected port in tcp_targets, or -1: the port filter
 * first, the search only for a set bit.
 */
static __always_inline int sf_find_port(const struct sf_policy *policy, __u32 port)
{
	if (!sf_port_protected(policy, port))
		return -1;
	return sf_find(policy, SF_TABLE_TCP, 0, 0, port);
}

struct rule_walk {
	const struct sf_policy *policy;
	const struct sf_identity *who; /* NULL for a remote request */
	const struct sf_addr16 *addr;  /* a remote request's source, as in sf_source */
	struct sf_walk_state *state;
	__u32 endpoint_id;
	__u32 words;
};

/* Steps a walk may take: one per rule, one per word. */
static __always_inline __u32 sf_walk_steps(__u32 n_rules, __u32 words)
{
	return n_rules + words;
}

/* Starts a walk; NULL when its state cannot be had (cannot happen). */
static __always_inline struct sf_walk_state *sf_walk_start(struct rule_walk *walk, __u32 which)
{
	struct sf_walk_state *st = bpf_map_lookup_elem(&walk_space, &which);

	if (!st)
		return NULL;
	st->cur = 0;
	st->word = 0;
	st->matched = SF_RULE_DEFAULT;
	walk->state = st;
	walk->words = sf_rule_words(walk->policy);
	return st;
}

/*
 * The next candidate of a step into *rule: 0 when it was one, 1 when this
 * step loaded a word instead, -1 when none is left.
 */
static __always_inline int sf_walk_next(const struct rule_walk *walk, __u32 *rule)
{
	struct sf_walk_state *st = walk->state;
	__u64 cur = st->cur;
	__u32 word = st->word;

	if (!cur) {
		if (word >= walk->words || word >= SF_RULE_WORDS)
			return -1;
		st->cur = walk->who ? sf_rule_candidates(walk->policy, walk->endpoint_id,
							 &walk->who->caller, &st->gids, word)
				    : sf_remote_candidates(walk->policy, walk->endpoint_id, word);
		st->word = word + 1;
		return 1;
	}
	st->cur = cur & (cur - 1);
	*rule = (word - 1) * 64 + sf_lowest_bit(cur);
	return *rule < SF_MAX_RULES ? 0 : -1;
}

static long sf_match_one(__u32 i, struct rule_walk *walk)
{
	__u32 rule = 0;
	int next = sf_walk_next(walk, &rule);

	if (next)
		return next < 0;
	if (rule >= SF_MAX_RULES || !walk->who)
		return 1;
	if (!sf_rule_matches(&walk->policy->rules[rule], walk->endpoint_id, walk->who))
		return 0;
	walk->state->matched = rule;
	return 1; /* first match wins */
}

/* Step i: supplementary group i (the gid and egid come first, outside the loop). */
static long sf_groups_one(__u32 i, struct rule_walk *walk)
{
	const struct sf_identity *who = walk->who;

	if (!who || i >= SF_MAX_GROUPS)
		return 1;
	sf_rule_gids_add(walk->policy, &walk->state->gids, who->groups.gid[i]);
	return 0;
}

/* A configured path, sized so that a global function may take a pointer to it. */
struct sf_path {
	char s[SF_PATH_LEN];
};

/*
 * The judgement proper: who asks, which rule, the verdict, the report.
 * A global function, so the verifier checks it once for what its
 * arguments' types allow, instead of once more for every state a hook
 * reaches it in (each target a small table's inline search can return,
 * each branch before it): 6.12 took 475,000 instructions and 8 s under
 * emulation to verify the unix hook with it inlined, 120,000 and 2 s
 * like this. Returns 0 or -EPERM.
 */
__attribute__((noinline)) int sf_judge_once(__u64 hook_endpoint, const struct sf_policy *policy,
					    const struct sf_path *path_in,
					    const struct sf_target *target, struct sf_identity *who)
{
	/* Five arguments at most: the hook in the high half, the endpoint in the low. */
	__u32 hook = hook_endpoint >> 32, endpoint_id = (__u32)hook_endpoint;
	struct rule_walk walk = { .policy = policy, .who = who, .endpoint_id = endpoint_id };
	struct sf_report report = { .hook = hook, .endpoint_id = endpoint_id, .policy = policy };
	const char *path = path_in ? path_in->s : NULL;
	struct sf_walk_state *st;
	__u32 n_rules, matched, hit;
	__u8 action, mode;

	if (!policy || !target || !who)
		return -EPERM; /* cannot happen; never fail open */
	who->allowed_by = -1;
	st = sf_walk_start(&walk, SF_WALK_TASK);
	if (!st)
		return -EPERM; /* cannot happen; never fail open */
	n_rules = policy->n_rules;
	if (n_rules > SF_MAX_RULES)
		n_rules = SF_MAX_RULES;
	if (n_rules) {
		__u32 n_groups = who->groups.count;

		sf_rule_gids_start(policy, &st->gids, &who->groups, who->caller.gid,
				   who->caller.egid);
		if (n_groups > SF_MAX_GROUPS)
			n_groups = SF_MAX_GROUPS;
		if (n_groups)
			bpf_loop(n_groups, sf_groups_one, &walk, 0);
		bpf_loop(sf_walk_steps(n_rules, walk.words), sf_match_one, &walk, 0);
	}
	matched = st->matched;

	sf_rule_outcome(policy, matched, &action, &mode, &report.rule);
	hit = report.rule == SF_RULE_DEFAULT ? SF_MAX_RULES : report.rule;
	sf_count_rule(hit);
	report.verdict = sf_verdict_of(action, mode);
	if (report.verdict == SF_VERDICT_ALLOW) {
		who->allowed_by = (__s32)hit;
		return 0;
	}
	report.path = path;
	sf_read_caller_rest(who);
	sf_emit(&report, &who->caller, target);
	return report.verdict == SF_VERDICT_DENY ? -EPERM : 0;
}

static long sf_match_remote_one(__u32 i, struct rule_walk *walk)
{
	__u32 rule = 0;
	int next = sf_walk_next(walk, &rule);

	if (next)
		return next < 0;
	if (rule >= SF_MAX_RULES || !walk->addr)
		return 1;
	if (!sf_remote_rule_matches(walk->policy, &walk->policy->rules[rule], walk->endpoint_id,
				    walk->addr))
		return 0;
	walk->state->matched = rule;
	return 1;
}

/* Caller identity of a remote request: nobody on this host. */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct sf_caller);
} nobody_space SEC(".maps");

/*
 * The judgement of a connection request from another host (or network
 * namespace): no task to ask, only the source. A global function, as
 * sf_judge_once. Returns 0 or -EPERM.
 */
__attribute__((noinline)) int sf_judge_remote_once(__u32 hook, const struct sf_policy *policy,
						   __u32 endpoint_id,
						   const struct sf_target *target,
						   const struct sf_remote *remote)
{
	struct rule_walk walk = { .policy = policy, .endpoint_id = endpoint_id };
	struct sf_report report = { .hook = hook, .endpoint_id = endpoint_id, .policy = policy };
	struct sf_addr16 mapped = {};
	struct sf_walk_state *st;
	struct sf_caller *nobody;
	__u32 zero = 0, n_rules, matched;
	__u8 action, mode;

	if (!policy || !target || !remote)
		return -EPERM; /* cannot happen; never fail open */
	nobody = bpf_map_lookup_elem(&nobody_space, &zero);
	if (!nobody)
		return -EPERM;
	if (remote->family == AF_INET) {
		mapped.b[10] = 0xff;
		mapped.b[11] = 0xff;
		__builtin_memcpy(&mapped.b[12], remote->addr, 4);
	} else {
		__builtin_memcpy(mapped.b, remote->addr, 16);
	}
	walk.addr = &mapped;
	st = sf_walk_start(&walk, SF_WALK_REMOTE);
	if (!st)
		return -EPERM; /* cannot happen; never fail open */
	n_rules = policy->n_rules;
	if (n_rules > SF_MAX_RULES)
		n_rules = SF_MAX_RULES;
	bpf_loop(sf_walk_steps(n_rules, walk.words), sf_match_remote_one, &walk, 0);
	matched = st->matched;
	sf_rule_outcome(policy, matched, &action, &mode, &report.rule);
	sf_count_rule(report.rule == SF_RULE_DEFAULT ? SF_MAX_RULES : report.rule);
	report.verdict = sf_verdict_of(action, mode);
	if (report.verdict == SF_VERDICT_ALLOW)
		return 0;
	report.remote = remote;
	sf_emit(&report, nobody, target);
	return report.verdict == SF_VERDICT_DENY ? -EPERM : 0;
}

/*
 * A protected port listened on beyond loopback: reported with who listens,
 * and refused when the policy says exposure: deny. No rule decides it. A
 * global function, as sf_judge_once. Returns 0 or -EPERM.
 */
__attribute__((noinline)) int sf_report_exposure(__u32 hook, const struct sf_policy *policy,
						 __u32 endpoint_id, const struct sf_target *target)
{
	struct sf_report report = { .hook = hook,
				    .endpoint_id = endpoint_id,
				    .policy = policy,
				    .rule = SF_RULE_DEFAULT,
				    .kind = SF_EVENT_EXPOSURE };
	struct sf_identity *who;
	__u32 zero = 0;
	bool deny;

	if (!policy || !target)
		return -EPERM; /* cannot happen; never fail open */
	deny = policy->exposure == SF_EXPOSURE_DENY;
	who = bpf_map_lookup_elem(&scratch_space, &zero);
	if (who) {
		sf_read_caller(who);
		report.verdict = deny ? SF_VERDICT_DENY : SF_VERDICT_AUDIT_DENY;
		sf_emit(&report, &who->caller, target);
	}
	return deny ? -EPERM : 0;
}

/*
 * What a hook calls: the caller's identity read (with BTF loads where the
 * program type has the task as a BTF pointer: lsm and fmod_ret; with
 * bpf_probe_read_kernel() in cgroup programs), then the judgement, its
 * verdict as constants, so the verifier knows an LSM program's return is
 * 0 or -EPERM (it cannot know a global function's).
 */
/*
 * The caller read with BTF loads: a global function, verified once for any
 * caller, not once for every path of every hook that reaches a judgement
 * (the cgroup-origin cache alone made each of those 15,000 to 18,000
 * instructions longer to verify on 6.12). Returns 0.
 */
__attribute__((noinline)) int sf_read_caller_once(struct sf_identity *who, __u32 unread)
{
	if (who)
		sf_read_caller_btf(who, unread);
	return 0;
}

/* A subprogram of its own: its locals never stack on a hook's and the judge's. */

static __noinline void sf_read_caller_by_probe(struct sf_identity *who)
{
	sf_read_caller(who);
}

/*
 * Each task's allowed judgements (decide.h's struct sf_allowed_memo), for
 * the trampoline backends: a task that connects again to an endpoint it
 * was allowed, with the same facts under the same generation, is answered
 * from here (sf_allowed_before()). Made by the first allow, gone with the
 * task; an exec keeps the task, so the executable is among the facts
 * whenever a rule asks about it.
 */
struct {
	__uint(type, BPF_MAP_TYPE_TASK_STORAGE);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, int);
	__type(value, struct sf_allowed_memo);
} allowed_memos SEC(".maps");

/*
 * The rule_hits index of the rule that allowed the calling task
 * endpoint_id before, when its facts now and the generation (state) are
 * those it was allowed with; -1 otherwise. The caller counts the hit once
 * it knows the generation was in force throughout. A global function:
 * verified once, whatever the hook.
 */
__attribute__((noinline)) int sf_allowed_before(__u64 state, __u32 endpoint_id, __u32 unread)
{
	struct task_struct *task = bpf_get_current_task_btf();
	struct sf_allowed_memo *memo = bpf_task_storage_get(&allowed_memos, task, NULL, 0);
	struct sf_caller_facts now;

	if (!memo || memo->state != state || endpoint_id >= SF_MAX_ENDPOINTS ||
	    !((memo->endpoints >> endpoint_id) & 1))
		return -1; /* the common misses end before the facts are read */
	if (!sf_read_facts_btf(task, &now, unread))
		return -1;
	return sf_memo_rule(memo, state, endpoint_id, &now);
}

/*
 * After a judgement of the calling task under the generation state names:
 * an unreported allow goes into its memo. A global function, as
 * sf_allowed_before(). Returns 0.
 */
__attribute__((noinline)) int sf_remember_allowed(const struct sf_identity *who, __u64 state,
						  __u32 endpoint_id)
{
	struct sf_caller_facts now;
	struct sf_allowed_memo *memo;

	if (!who || who->allowed_by < 0 || !sf_caller_facts_of(who, &now))
		return 0;
	memo = bpf_task_storage_get(&allowed_memos, bpf_get_current_task_btf(), NULL,
				    BPF_LOCAL_STORAGE_GET_F_CREATE);
	if (memo)
		sf_memo_add(memo, state, endpoint_id, (__u32)who->allowed_by, &now);
	return 0;
}

/* The policy slot a peek saw in force (its content holds while sf_peek_still() does). */
static __always_inline const struct sf_policy *sf_peeked_policy(const struct sf_peek *peek)
{
	__u32 slot = ((const struct sf_policy_state *)&peek->seen)->active & (SF_POLICY_SLOTS - 1);

	return bpf_map_lookup_elem(&policy, &slot);
}

/*
 * Was the calling task allowed endpoint_id before, by the generation a
 * peek sees (p, its slot), with the facts it has now? Then the answer
 * holds when that generation was still in force at the end, as a peek's
 * "not protected" does (sf_peek_still()), and its rule is counted as a
 * judgement would. Nothing is held: like the peek, this is the answer of
 * the generation in force at the second look, which a reload that has
 * returned is not.
 */
static __always_inline bool sf_allowed_again(const struct sf_peek *peek, const struct sf_policy *p,
					     __u32 endpoint_id)
{
	int rule = sf_allowed_before(peek->seen, endpoint_id, p->unread);

	if (rule < 0 || !sf_peek_still(peek))
		return false;
	sf_count_rule((__u32)rule);
	return true;
}

/*
 * state: the held generation's (struct sf_policy_hold), for the memo;
 * unused without task_btf (cgroup programs have no task BTF to keep one on).
 */
static __always_inline int sf_judge_as(__u8 hook, const struct sf_policy *policy, __u64 state,
				       __u32 endpoint_id, const char *path,
				       const struct sf_target *target, bool task_btf)
{
	__u32 zero = 0;
	struct sf_identity *who = bpf_map_lookup_elem(&scratch_space, &zero);

	if (!who)
		return -EPERM; /* cannot happen; never fail open */
	if (task_btf)
		sf_read_caller_once(who, policy->unread);
	else
		sf_read_caller_by_probe(who);
	if (sf_judge_once((__u64)hook << 32 | endpoint_id, policy, (const struct sf_path *)path,
			  target, who))
		return -EPERM;
	if (task_btf)
		sf_remember_allowed(who, state, endpoint_id);
	return 0;
}

/* The trampoline backends' (lsm, fmod_ret) judgement. */
static __always_inline int sf_judge(__u8 hook, const struct sf_policy *policy, __u64 state,
				    __u32 endpoint_id, const char *path,
				    const struct sf_target *target)
{
	return sf_judge_as(hook, policy, state, endpoint_id, path, target, true);
}

#endif /* SOCKFENCE_JUDGE_BPF_H */
