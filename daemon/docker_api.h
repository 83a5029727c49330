/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Asking the local dockerd (its API on /var/run/docker.sock, as root) what
 * a container is called, for the comments of what sockfence learn proposes.
 */
#ifndef SOCKFENCE_DOCKER_API_H
#define SOCKFENCE_DOCKER_API_H

#include <stddef.h>

#include "learn.h"

#define DOCKER_API_SOCKET "/var/run/docker.sock"

/*
 * "name web, image nginx:1.27" of the container id into out, from the
 * dockerd at socket_path; -errno (out "") when it does not answer so.
 */
int docker_api_container(const char *socket_path, const char *id, char *out, size_t len);

/* The detail of every container of set that the local dockerd knows. */
void docker_api_describe_containers(struct learn_set *set);

#endif /* SOCKFENCE_DOCKER_API_H */
