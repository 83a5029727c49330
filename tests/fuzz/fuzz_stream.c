// SPDX-License-Identifier: GPL-2.0-only
/*
 * libFuzzer harness: any bytes as the daemon's side of an events stream,
 * read by the client (`sockfence events`, event_stream.c). The first byte
 * chooses text or JSON mode; what the client prints goes to /dev/null.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "event_stream.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static FILE *sink;
	FILE *in;

	if (size < 1)
		return 0;
	if (!sink && !(sink = fopen("/dev/null", "w")))
		abort();
	in = fmemopen((void *)(data + 1), size - 1, "r");
	if (!in)
		return 0; /* fmemopen refuses an empty buffer on some libcs */
	event_stream_relay(in, data[0] & 1, sink, sink);
	fclose(in);
	return 0;
}
