/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * systemd readiness (sd_notify protocol). Written here rather than linked
 * from libsystemd because the VM build is static and Debian ships no static
 * libsystemd; the protocol is one datagram to $NOTIFY_SOCKET.
 */
#ifndef SOCKFENCE_NOTIFY_H
#define SOCKFENCE_NOTIFY_H

/*
 * Sends state (e.g. "READY=1\nSTATUS=...") when run under systemd with
 * Type=notify; does nothing otherwise. Returns 0, or a negative errno.
 */
int notify_systemd(const char *state);

#endif /* SOCKFENCE_NOTIFY_H */
