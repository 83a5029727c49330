/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Where dockerd was told to listen: "hosts" in its daemon.json and -H /
 * --host on the command line of every running dockerd, with whether TLS
 * client verification is on ("tlsverify").
 */
#ifndef SOCKFENCE_DOCKER_HOSTS_H
#define SOCKFENCE_DOCKER_HOSTS_H

#include "posture.h"

/* Adds a POSTURE_DOCKER_HOST item for each; a tcp:// host without tlsverify is a finding. */
void docker_hosts_gather(const char *config_path, const char *proc_dir, struct posture *out);

#endif /* SOCKFENCE_DOCKER_HOSTS_H */
