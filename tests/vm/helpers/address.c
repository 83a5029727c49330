// SPDX-License-Identifier: GPL-2.0-only
#include "address.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/un.h>

long address_number(const char *s, long max)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || *s == '\0' || *end != '\0' || v < 0 || v > max)
		return -1;
	return v;
}

static int parse_port(const char *s, in_port_t *port)
{
	long v = address_number(s, 65535);

	if (v < 0)
		return -1;
	*port = htons(v);
	return 0;
}

int address_parse(const char *spec, struct address *a)
{
	char host[INET6_ADDRSTRLEN];

	memset(a, 0, sizeof(*a));
	if (strncmp(spec, "unix:", 5) == 0) {
		struct sockaddr_un *sun = (struct sockaddr_un *)&a->ss;

		if (strlen(spec + 5) >= sizeof(sun->sun_path))
			return -1;
		sun->sun_family = AF_UNIX;
		strcpy(sun->sun_path, spec + 5);
		a->len = sizeof(*sun);
		if (spec[5] == '@') { /* abstract: a NUL, then the name, no padding */
			sun->sun_path[0] = '\0';
			a->len = offsetof(struct sockaddr_un, sun_path) + strlen(spec + 5);
		}
		return 0;
	}
	if (strncmp(spec, "tcp:[", 5) == 0) {
		struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)&a->ss;
		const char *close = strchr(spec, ']');

		if (!close || close[1] != ':' || close - spec - 5 >= (long)sizeof(host))
			return -1;
		snprintf(host, sizeof(host), "%.*s", (int)(close - spec - 5), spec + 5);
		sin6->sin6_family = AF_INET6;
		a->len = sizeof(*sin6);
		return parse_port(close + 2, &sin6->sin6_port) == 0 &&
				       inet_pton(AF_INET6, host, &sin6->sin6_addr) == 1
			       ? 0
			       : -1;
	}
	if (strncmp(spec, "tcp:", 4) == 0) {
		struct sockaddr_in *sin = (struct sockaddr_in *)&a->ss;
		const char *colon = strrchr(spec + 4, ':');

		if (!colon || colon - spec - 4 >= INET_ADDRSTRLEN)
			return -1;
		snprintf(host, sizeof(host), "%.*s", (int)(colon - spec - 4), spec + 4);
		sin->sin_family = AF_INET;
		a->len = sizeof(*sin);
		return parse_port(colon + 1, &sin->sin_port) == 0 &&
				       inet_pton(AF_INET, host, &sin->sin_addr) == 1
			       ? 0
			       : -1;
	}
	return -1;
}
