// SPDX-License-Identifier: GPL-2.0-only
#include "digest.h"

#include <errno.h>
#include <openssl/evp.h>
#include <stdio.h>

int digest_sha256_hex(const void *data, size_t len, char out[DIGEST_SHA256_HEX_LEN])
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int md_len = 0;

	out[0] = '\0';
	if (EVP_Digest(data, len, md, &md_len, EVP_sha256(), NULL) != 1 || md_len != 32)
		return -EIO;
	for (unsigned int i = 0; i < md_len; i++)
		snprintf(out + 2 * i, 3, "%02x", md[i]);
	return 0;
}
