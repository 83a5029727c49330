// SPDX-License-Identifier: GPL-2.0-only
#include "sock_diag.h"

#include <errno.h>
#include <linux/netlink.h>
#include <linux/sock_diag.h>
#include <linux/unix_diag.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static int add_file(struct bound_files *b, __u64 dev, __u32 ino)
{
	if (b->n == b->cap) {
		size_t cap = b->cap ? 2 * b->cap : 64;
		struct bound_file *items = realloc(b->items, cap * sizeof(*items));

		if (!items)
			return -ENOMEM;
		b->items = items;
		b->cap = cap;
	}
	b->items[b->n++] = (struct bound_file){ .dev = dev, .ino32 = ino };
	return 0;
}

/* One unix_diag_msg: its UNIX_DIAG_VFS attribute, when it has one. */
static int read_message(const struct nlmsghdr *h, struct bound_files *out)
{
	const struct unix_diag_msg *msg = NLMSG_DATA(h);
	const struct nlattr *a = (const struct nlattr *)(msg + 1);
	size_t left;

	if (h->nlmsg_len < NLMSG_LENGTH(sizeof(*msg)))
		return -EBADMSG;
	left = h->nlmsg_len - NLMSG_LENGTH(sizeof(*msg));
	while (left >= sizeof(*a) && a->nla_len >= sizeof(*a) && a->nla_len <= left) {
		if ((a->nla_type & NLA_TYPE_MASK) == UNIX_DIAG_VFS &&
		    a->nla_len >= NLA_HDRLEN + sizeof(struct unix_diag_vfs)) {
			const struct unix_diag_vfs *vfs =
				(const void *)((const char *)a + NLA_HDRLEN);

			return add_file(out, vfs->udiag_vfs_dev, vfs->udiag_vfs_ino);
		}
		size_t step = (size_t)NLA_ALIGN(a->nla_len);

		if (step >= left)
			break;
		left -= step;
		a = (const struct nlattr *)((const char *)a + step);
	}
	return 0;
}

static int dump(int fd, struct bound_files *out)
{
	struct {
		struct nlmsghdr h;
		struct unix_diag_req r;
	} req = {
		.h = { .nlmsg_len = sizeof(req),
		       .nlmsg_type = SOCK_DIAG_BY_FAMILY,
		       .nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP },
		.r = { .sdiag_family = AF_UNIX, .udiag_states = ~0u, .udiag_show = UDIAG_SHOW_VFS },
	};
	char buf[32768] __attribute__((aligned(__alignof__(struct nlmsghdr))));

	if (send(fd, &req, sizeof(req), 0) != (ssize_t)sizeof(req))
		return -errno;
	for (;;) {
		ssize_t n = recv(fd, buf, sizeof(buf), 0);

		if (n < 0)
			return errno == EINTR ? 0 : -errno;
		for (struct nlmsghdr *h = (struct nlmsghdr *)buf; NLMSG_OK(h, (size_t)n);
		     h = NLMSG_NEXT(h, n)) {
			int err;

			if (h->nlmsg_type == NLMSG_DONE)
				return 0;
			if (h->nlmsg_type == NLMSG_ERROR) {
				const struct nlmsgerr *e = NLMSG_DATA(h);

				return e->error ? e->error : -EPROTO;
			}
			err = read_message(h, out);
			if (err)
				return err;
		}
	}
}

int sock_diag_bound_files(struct bound_files *out)
{
	int fd = socket(AF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC, NETLINK_SOCK_DIAG);
	int err;

	struct timespec now;

	memset(out, 0, sizeof(*out));
	if (fd < 0)
		return -errno;
	clock_gettime(CLOCK_MONOTONIC, &now);
	out->taken_ns = (__u64)now.tv_sec * 1000000000ULL + (__u64)now.tv_nsec;
	err = dump(fd, out);
	close(fd);
	if (err)
		bound_files_free(out);
	return err;
}

bool bound_files_has(const struct bound_files *b, __u64 dev, __u64 ino)
{
	if (!b)
		return true; /* unknown: count it as bound (fail closed) */
	for (size_t i = 0; i < b->n; i++) {
		if (b->items[i].dev == dev && b->items[i].ino32 == (__u32)ino)
			return true;
	}
	return false;
}

void bound_files_free(struct bound_files *b)
{
	free(b->items);
	memset(b, 0, sizeof(*b));
}
