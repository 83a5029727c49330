/* SPDX-License-Identifier: GPL-2.0-only */
/* sockfence status --connections: connections to protected endpoints now. */
#ifndef SOCKFENCE_STATUS_CONNECTIONS_H
#define SOCKFENCE_STATUS_CONNECTIONS_H

#include <stdbool.h>

/* Prints them (JSON when json); returns the exit status: 0, 1 error, 3 nothing enforced. */
int status_connections(bool json);

#endif /* SOCKFENCE_STATUS_CONNECTIONS_H */
