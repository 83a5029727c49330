/* SPDX-License-Identifier: GPL-2.0-only */
/* SHA-256 of a buffer, in hex (OpenSSL's libcrypto). */
#ifndef SOCKFENCE_DIGEST_H
#define SOCKFENCE_DIGEST_H

#include <stddef.h>

#define DIGEST_SHA256_HEX_LEN 65 /* 64 hex digits and the NUL */

/* Writes the SHA-256 of data as lower-case hex into out; 0, or -EIO. */
int digest_sha256_hex(const void *data, size_t len, char out[DIGEST_SHA256_HEX_LEN]);

#endif /* SOCKFENCE_DIGEST_H */
