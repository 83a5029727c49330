// SPDX-License-Identifier: GPL-2.0-only
#include "policy_state.h"

#include <errno.h>
#include <sys/mman.h>
#include <unistd.h>

#include "decide.h"

int policy_state_map(int fd, struct policy_state_map *m)
{
	long page = sysconf(_SC_PAGESIZE);
	size_t len = (sizeof(struct sf_policy_state) + (size_t)page - 1) & ~((size_t)page - 1);
	void *p;

	m->state = NULL;
	m->len = 0;
	if (fd < 0)
		return -EBADF;
	p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (p == MAP_FAILED)
		return -errno;
	m->state = p;
	m->len = len;
	return 0;
}

void policy_state_unmap(struct policy_state_map *m)
{
	if (m->state)
		munmap(m->state, m->len);
	m->state = NULL;
	m->len = 0;
}

/* Word by word: a hook that reads meanwhile is one the state word sends back (judge.bpf.h). */
static void store_words(__u64 *to, const __u64 *from, size_t n)
{
	for (size_t i = 0; i < n; i++)
		__atomic_store_n(&to[i], from[i], __ATOMIC_RELAXED);
}

void policy_state_set_fast(struct policy_state_map *m, __u32 slot,
			   const struct sf_fast_filter *fast)
{
	struct sf_fast_filter *to = &m->state->fast[slot & (SF_POLICY_SLOTS - 1)];

	store_words(to->unix_inodes.bits, fast->unix_inodes.bits,
		    sizeof(fast->unix_inodes.bits) / sizeof(__u64));
	store_words(to->place_name_lens, fast->place_name_lens,
		    sizeof(fast->place_name_lens) / sizeof(__u64));
	store_words(to->tcp_ports, fast->tcp_ports, sizeof(fast->tcp_ports) / sizeof(__u64));
}

void policy_state_activate(struct policy_state_map *m, __u32 slot, __u32 flips)
{
	struct sf_policy_state word = { .active = slot & (SF_POLICY_SLOTS - 1), .flips = flips };
	__u64 value;

	__builtin_memcpy(&value, &word,
			 sizeof(value)); /* active and flips, as the hooks load them */
	__atomic_store_n((__u64 *)m->state, value, __ATOMIC_SEQ_CST);
}

bool policy_state_any_kept(const struct policy_state_map *m)
{
	for (__u32 w = 0; w < SF_KEPT_FILTERS * SF_INO_FILTER_BITS / 64; w++) {
		if (__atomic_load_n(&m->state->kept[w], __ATOMIC_RELAXED))
			return true;
	}
	return false;
}

/*
 * The daemon's half of each word, in place: the new bits set first, then
 * the old ones cleared, both atomic, so the kernel's half (set at any
 * moment) is never written and no bit the map needs is ever missing.
 */
void policy_state_write_daemon_kept(struct policy_state_map *m, const struct sf_ino_filter *in)
{
	__u64 *words = m->state->kept;

	for (__u32 w = 0; w < SF_KEPT_FILTERS * SF_INO_FILTER_BITS / 64; w++) {
		__u64 mine = ((in->bits[w / 2] >> ((w % 2) * 32)) & 0xffffffffULL) << 32;

		__atomic_fetch_or(&words[w], mine, __ATOMIC_SEQ_CST);
		__atomic_fetch_and(&words[w], mine | 0xffffffffULL, __ATOMIC_SEQ_CST);
	}
}

void policy_state_add_daemon_kept(struct policy_state_map *m, __u64 ino)
{
	__atomic_fetch_or(&m->state->kept[sf_kept_word(ino)],
			  sf_kept_bit(ino, SF_KEPT_FILTER_DAEMON), __ATOMIC_SEQ_CST);
}
