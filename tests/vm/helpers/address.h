/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The test clients' address syntax: unix:PATH, unix:@NAME (abstract),
 * tcp:A.B.C.D:PORT, tcp:[IPV6]:PORT.
 */
#ifndef SOCKFENCE_TEST_ADDRESS_H
#define SOCKFENCE_TEST_ADDRESS_H

#include <sys/socket.h>

struct address {
	struct sockaddr_storage ss;
	socklen_t len;
};

/* Fills a from spec; returns 0, or -1 for anything it cannot parse. */
int address_parse(const char *spec, struct address *a);

/* A decimal number in 0..max; returns -1 for anything else. */
long address_number(const char *s, long max);

#endif /* SOCKFENCE_TEST_ADDRESS_H */
