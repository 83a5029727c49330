// SPDX-License-Identifier: GPL-2.0-only
#include "sock_diag.h"

#include <errno.h>
#include <linux/sock_diag.h>
#include <linux/unix_diag.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "grow.h"

static int open_diag(void)
{
	int fd = socket(AF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC, NETLINK_SOCK_DIAG);

	return fd < 0 ? -errno : fd;
}

static int read_answers(int fd, sock_diag_fn fn, void *ctx)
{
	char buf[32768] __attribute__((aligned(__alignof__(struct nlmsghdr))));

	for (;;) {
		ssize_t n = recv(fd, buf, sizeof(buf), 0);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		if (n == 0)
			return -EPROTO;
		for (struct nlmsghdr *h = (struct nlmsghdr *)buf; NLMSG_OK(h, (size_t)n);
		     h = NLMSG_NEXT(h, n)) {
			int err;

			if (h->nlmsg_type == NLMSG_DONE)
				return 0;
			if (h->nlmsg_type == NLMSG_ERROR) {
				const struct nlmsgerr *e = NLMSG_DATA(h);

				if (!fn)
					return e->error; /* an acknowledgement: 0 or -errno */
				return e->error ? e->error : -EPROTO;
			}
			err = fn ? fn(h, ctx) : 0;
			if (err)
				return err;
		}
	}
}

static int exchange(void *req, size_t len, sock_diag_fn fn, void *ctx)
{
	int fd = open_diag();
	int err;

	if (fd < 0)
		return fd;
	if (send(fd, req, len, 0) != (ssize_t)len)
		err = -errno;
	else
		err = read_answers(fd, fn, ctx);
	close(fd);
	return err;
}

int sock_diag_dump(void *req, size_t len, sock_diag_fn fn, void *ctx)
{
	return exchange(req, len, fn, ctx);
}

int sock_diag_request(void *req, size_t len)
{
	return exchange(req, len, NULL, NULL);
}

int sock_diag_attrs(const void *attrs, size_t len, sock_diag_attr_fn fn, void *ctx)
{
	const struct nlattr *a = attrs;

	while (len >= sizeof(*a) && a->nla_len >= sizeof(*a) && a->nla_len <= len) {
		int err = fn(a->nla_type & NLA_TYPE_MASK, (const char *)a + NLA_HDRLEN,
			     a->nla_len - NLA_HDRLEN, ctx);
		size_t step = (size_t)NLA_ALIGN(a->nla_len);

		if (err)
			return err;
		if (step >= len)
			break;
		len -= step;
		a = (const struct nlattr *)((const char *)a + step);
	}
	return 0;
}

static int add_file(struct bound_files *b, __u64 dev, __u32 ino)
{
	if (GROW_FOR_ONE(b->items, b->n, b->cap, 64))
		return -ENOMEM;
	b->items[b->n++] = (struct bound_file){ .dev = dev, .ino32 = ino };
	return 0;
}

static int read_vfs(unsigned type, const void *payload, size_t len, void *ctx)
{
	const struct unix_diag_vfs *vfs = payload;

	if (type != UNIX_DIAG_VFS || len < sizeof(*vfs))
		return 0;
	return add_file(ctx, vfs->udiag_vfs_dev, vfs->udiag_vfs_ino);
}

/* One unix_diag_msg: its UNIX_DIAG_VFS attribute, when it has one. */
static int read_message(const struct nlmsghdr *h, void *ctx)
{
	const struct unix_diag_msg *msg = NLMSG_DATA(h);

	if (h->nlmsg_len < NLMSG_LENGTH(sizeof(*msg)))
		return -EBADMSG;
	return sock_diag_attrs(msg + 1, h->nlmsg_len - NLMSG_LENGTH(sizeof(*msg)), read_vfs, ctx);
}

int sock_diag_bound_files(struct bound_files *out)
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
	struct timespec now;
	int err;

	memset(out, 0, sizeof(*out));
	clock_gettime(CLOCK_MONOTONIC, &now);
	out->taken_ns = (__u64)now.tv_sec * 1000000000ULL + (__u64)now.tv_nsec;
	err = sock_diag_dump(&req, sizeof(req), read_message, out);
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
