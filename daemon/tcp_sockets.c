// SPDX-License-Identifier: GPL-2.0-only
#include "tcp_sockets.h"

#include <arpa/inet.h>
#include <errno.h>
#include <linux/sock_diag.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "grow.h"
#include "sock_diag.h"

/* Connected or on the way there: not LISTEN, TIME_WAIT, CLOSE or a request. */
#define TCP_STATES_CONNECTED                                                                       \
	((1u << TCP_ESTABLISHED) | (1u << TCP_SYN_SENT) | (1u << TCP_FIN_WAIT1) |                  \
	 (1u << TCP_FIN_WAIT2) | (1u << TCP_CLOSE_WAIT) | (1u << TCP_LAST_ACK) |                   \
	 (1u << TCP_CLOSING))

static void to_v6(__u8 family, const __be32 in[4], struct in6_addr *out)
{
	memset(out, 0, sizeof(*out));
	if (family == AF_INET6) {
		memcpy(out, in, sizeof(*out));
		return;
	}
	out->s6_addr[10] = 0xff;
	out->s6_addr[11] = 0xff;
	memcpy(&out->s6_addr[12], &in[0], 4);
}

struct dump {
	struct tcp_sockets *out;
	__u32 states;
};

static int read_message(const struct nlmsghdr *h, void *ctx)
{
	struct dump *d = ctx;
	struct tcp_sockets *t = d->out;
	const struct inet_diag_msg *msg = NLMSG_DATA(h);
	struct tcp_socket *s;

	if (h->nlmsg_len < NLMSG_LENGTH(sizeof(*msg)))
		return -EBADMSG;
	if (!(d->states & (1u << msg->idiag_state)))
		return 0;
	if (GROW_FOR_ONE(t->items, t->n, t->cap, 64))
		return -ENOMEM;
	s = &t->items[t->n++];
	memset(s, 0, sizeof(*s));
	s->family = msg->idiag_family;
	s->state = msg->idiag_state;
	to_v6(s->family, msg->id.idiag_src, &s->src);
	to_v6(s->family, msg->id.idiag_dst, &s->dst);
	s->sport = ntohs(msg->id.idiag_sport);
	s->dport = ntohs(msg->id.idiag_dport);
	s->ino = msg->idiag_inode;
	s->uid = msg->idiag_uid;
	s->id = msg->id;
	return 0;
}

static int dump_family(struct tcp_sockets *out, __u8 family, __u32 states)
{
	struct dump d = { .out = out, .states = states };
	struct {
		struct nlmsghdr h;
		struct inet_diag_req_v2 r;
	} req = {
		.h = { .nlmsg_len = sizeof(req),
		       .nlmsg_type = SOCK_DIAG_BY_FAMILY,
		       .nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP },
		.r = { .sdiag_family = family,
		       .sdiag_protocol = IPPROTO_TCP,
		       .idiag_states = states },
	};

	return sock_diag_dump(&req, sizeof(req), read_message, &d);
}

static int read_states(struct tcp_sockets *out, __u32 states)
{
	int err;

	memset(out, 0, sizeof(*out));
	err = dump_family(out, AF_INET, states);
	if (!err)
		err = dump_family(out, AF_INET6, states);
	if (err)
		tcp_sockets_free(out);
	return err;
}

int tcp_sockets_read(struct tcp_sockets *out)
{
	return read_states(out, TCP_STATES_CONNECTED);
}

int tcp_sockets_read_listeners(struct tcp_sockets *out)
{
	return read_states(out, 1u << TCP_LISTEN);
}

const struct tcp_socket *tcp_sockets_peer(const struct tcp_sockets *t, const struct tcp_socket *s)
{
	for (size_t i = 0; i < t->n; i++) {
		const struct tcp_socket *o = &t->items[i];

		if (o != s && o->sport == s->dport && o->dport == s->sport &&
		    memcmp(&o->src, &s->dst, sizeof(o->src)) == 0 &&
		    memcmp(&o->dst, &s->src, sizeof(o->dst)) == 0)
			return o;
	}
	return NULL;
}

int tcp_socket_destroy(const struct tcp_socket *s)
{
	struct {
		struct nlmsghdr h;
		struct inet_diag_req_v2 r;
	} req = {
		.h = { .nlmsg_len = sizeof(req),
		       .nlmsg_type = SOCK_DESTROY,
		       .nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK },
		.r = { .sdiag_family = s->family,
		       .sdiag_protocol = IPPROTO_TCP,
		       .idiag_states = ~0u,
		       .id = s->id },
	};

	return sock_diag_request(&req, sizeof(req));
}

void tcp_endpoint_text(const struct in6_addr *addr, __u16 port, char *out, size_t len)
{
	char text[INET6_ADDRSTRLEN] = "?";

	if (IN6_IS_ADDR_V4MAPPED(addr)) {
		inet_ntop(AF_INET, &addr->s6_addr[12], text, sizeof(text));
		snprintf(out, len, "%s:%u", text, port);
		return;
	}
	inet_ntop(AF_INET6, addr, text, sizeof(text));
	snprintf(out, len, "[%s]:%u", text, port);
}

void tcp_sockets_free(struct tcp_sockets *t)
{
	free(t->items);
	memset(t, 0, sizeof(*t));
}
