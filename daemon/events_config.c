// SPDX-License-Identifier: GPL-2.0-only
#include "events_config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>

#include "json_sink.h"

void events_config_defaults(struct events_config *cfg)
{
	*cfg = (struct events_config){
		.syslog_facility = LOG_AUTHPRIV,
		.syslog_max_rate = SYSLOG_SINK_DEFAULT_RATE,
		.summary_interval = EVENTS_DEFAULT_SUMMARY_S,
		.cpu_percent = EVENTS_DEFAULT_CPU,
		.json_keep = JSON_SINK_DEFAULT_KEEP,
	};
}

/* A size: bytes, or with a K, M or G suffix (powers of 1024); at least 4K. */
static int parse_size(const char *option, const char *value, uint64_t *out)
{
	unsigned long long n;
	unsigned int shift = 0;
	char *end;

	errno = 0;
	n = strtoull(value, &end, 10);
	if (*end == 'K' || *end == 'M' || *end == 'G')
		shift = *end == 'K' ? 10 : *end == 'M' ? 20 : 30;
	if (shift)
		end++;
	if (errno || *value < '0' || *value > '9' || *end || n > (1ULL << 40) >> shift ||
	    (n << shift) < 4096) {
		fprintf(stderr,
			"sockfence: --%s wants a size of at least 4096 bytes, as bytes or with "
			"K, M or G (e.g. 100M), not '%s'\n",
			option, value);
		return -EINVAL;
	}
	*out = (uint64_t)n << shift;
	return 0;
}

static int parse_count(const char *option, const char *value, unsigned int max, unsigned int *out)
{
	char *end;
	unsigned long n;

	errno = 0;
	n = strtoul(value, &end, 10);
	if (errno || *value < '0' || *value > '9' || *end || n > max) {
		fprintf(stderr, "sockfence: --%s wants a whole number from 0 to %u, not '%s'\n",
			option, max, value);
		return -EINVAL;
	}
	*out = (unsigned int)n;
	return 0;
}

int events_config_set(struct events_config *cfg, const char *option, const char *value)
{
	if (strcmp(option, "syslog-facility") == 0) {
		if (syslog_facility_parse(value, &cfg->syslog_facility) == 0)
			return 0;
		fprintf(stderr,
			"sockfence: unknown syslog facility '%s' (known: authpriv, auth, daemon, "
			"user, local0 to local7)\n",
			value);
		return -EINVAL;
	}
	if (strcmp(option, "syslog-rate") == 0)
		return parse_count(option, value, SYSLOG_SINK_MAX_RATE, &cfg->syslog_max_rate);
	if (strcmp(option, "summary-interval") == 0)
		return parse_count(option, value, 86400, &cfg->summary_interval);
	if (strcmp(option, "events-cpu") == 0) {
		if (parse_count(option, value, 100, &cfg->cpu_percent) != 0)
			return -EINVAL;
		if (cfg->cpu_percent > 0)
			return 0;
		fprintf(stderr, "sockfence: --events-cpu wants 1 to 100 (percent of one core)\n");
		return -EINVAL;
	}
	if (strcmp(option, "syslog-socket") == 0) {
		if (*value != '/') {
			fprintf(stderr,
				"sockfence: --syslog-socket wants an absolute path, not '%s'\n",
				value);
			return -EINVAL;
		}
		cfg->syslog_path = value;
		return 0;
	}
	if (strcmp(option, "events-json-max-size") == 0)
		return parse_size(option, value, &cfg->json_max_size);
	if (strcmp(option, "events-json-keep") == 0)
		return parse_count(option, value, JSON_SINK_MAX_KEEP, &cfg->json_keep);
	if (strcmp(option, "events-json") == 0) {
		if (!*value) {
			fprintf(stderr, "sockfence: --events-json wants a file name\n");
			return -EINVAL;
		}
		cfg->json_path = value;
		return 0;
	}
	fprintf(stderr, "sockfence: unknown event option --%s\n", option);
	return -EINVAL;
}
