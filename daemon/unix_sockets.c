// SPDX-License-Identifier: GPL-2.0-only
#include "unix_sockets.h"

#include <errno.h>
#include <linux/sock_diag.h>
#include <linux/unix_diag.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "grow.h"
#include "sock_diag.h"

static int read_attr(unsigned type, const void *payload, size_t len, void *ctx)
{
	struct unix_socket *s = ctx;

	if (type == UNIX_DIAG_VFS && len >= sizeof(struct unix_diag_vfs)) {
		const struct unix_diag_vfs *vfs = payload;

		s->has_file = true;
		s->file_dev = vfs->udiag_vfs_dev;
		s->file_ino = vfs->udiag_vfs_ino;
	} else if (type == UNIX_DIAG_PEER && len >= sizeof(__u32)) {
		memcpy(&s->peer, payload, sizeof(s->peer));
	} else if (type == UNIX_DIAG_ICONS && len >= sizeof(__u32)) {
		s->queued = malloc(len);
		if (!s->queued)
			return -ENOMEM;
		memcpy(s->queued, payload, len);
		s->n_queued = len / sizeof(__u32);
	} else if (type == UNIX_DIAG_UID && len >= sizeof(__u32)) {
		memcpy(&s->uid, payload, sizeof(s->uid));
		s->has_uid = true;
	} else if (type == UNIX_DIAG_NAME && len > 1 && ((const char *)payload)[0] == '\0') {
		/* Abstract: a leading NUL, then bytes that may hold more NULs. */
		size_t n = len - 1 < sizeof(s->abstract) - 1 ? len - 1 : sizeof(s->abstract) - 1;

		memcpy(s->abstract, (const char *)payload + 1, n);
		s->abstract[n] = '\0';
		s->abstract_len = (__u32)(len - 1);
	}
	return 0;
}

static int read_message(const struct nlmsghdr *h, void *ctx)
{
	struct unix_sockets *t = ctx;
	const struct unix_diag_msg *msg = NLMSG_DATA(h);
	struct unix_socket *s;

	if (h->nlmsg_len < NLMSG_LENGTH(sizeof(*msg)))
		return -EBADMSG;
	if (GROW_FOR_ONE(t->items, t->n, t->cap, 256))
		return -ENOMEM;
	s = &t->items[t->n++];
	memset(s, 0, sizeof(*s));
	s->ino = msg->udiag_ino;
	s->state = msg->udiag_state;
	s->type = msg->udiag_type;
	return sock_diag_attrs(msg + 1, h->nlmsg_len - NLMSG_LENGTH(sizeof(*msg)), read_attr, s);
}

int unix_sockets_read(struct unix_sockets *out)
{
	struct {
		struct nlmsghdr h;
		struct unix_diag_req r;
	} req = {
		.h = { .nlmsg_len = sizeof(req),
		       .nlmsg_type = SOCK_DIAG_BY_FAMILY,
		       .nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP },
		.r = { .sdiag_family = AF_UNIX,
		       .udiag_states = ~0u,
		       .udiag_show = UDIAG_SHOW_VFS | UDIAG_SHOW_PEER | UDIAG_SHOW_NAME |
				     UDIAG_SHOW_ICONS | UDIAG_SHOW_UID },
	};
	int err;

	memset(out, 0, sizeof(*out));
	err = sock_diag_dump(&req, sizeof(req), read_message, out);
	if (err)
		unix_sockets_free(out);
	return err;
}

const struct unix_socket *unix_sockets_find(const struct unix_sockets *t, __u32 ino)
{
	for (size_t i = 0; i < t->n; i++) {
		if (t->items[i].ino == ino)
			return &t->items[i];
	}
	return NULL;
}

void unix_sockets_free(struct unix_sockets *t)
{
	for (size_t i = 0; i < t->n; i++)
		free(t->items[i].queued);
	free(t->items);
	memset(t, 0, sizeof(*t));
}
