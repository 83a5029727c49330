/* SPDX-License-Identifier: GPL-2.0-only */
/* sockfence status --posture: the Docker API's exposure now. */
#ifndef SOCKFENCE_STATUS_POSTURE_H
#define SOCKFENCE_STATUS_POSTURE_H

#include <stdbool.h>

/* Prints it (JSON when json); the exit status: 0 clean, 4 findings, 1 error, 3 nothing enforced. */
int status_posture(bool json);

#endif /* SOCKFENCE_STATUS_POSTURE_H */
