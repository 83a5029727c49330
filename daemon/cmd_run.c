// SPDX-License-Identifier: GPL-2.0-only
/* sockfence run: check, load, protect, attach, serve, report. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "commands.h"
#include "endpoints.h"
#include "events.h"
#include "loader.h"
#include "log.h"
#include "loop.h"
#include "lsm_check.h"

static void usage(FILE *out)
{
	fprintf(out, "Usage: sockfence run [-v|--verbose]\n"
		     "Load the BPF LSM programs, protect the Docker endpoints and log\n"
		     "every denied connect to syslog until SIGTERM or SIGINT.\n");
}

static void log_protection(const struct endpoint_state *st)
{
	const struct endpoint_config *cfg = st->config;

	for (size_t i = 0; i < st->n_unix; i++)
		log_info("protecting %s (endpoint %s, inode %llu:%llu:%llu)",
			 st->unix_targets[i].path,
			 endpoints_name(cfg, st->unix_targets[i].endpoint_id),
			 (unsigned long long)(st->unix_targets[i].key.dev >> 20),
			 (unsigned long long)(st->unix_targets[i].key.dev & 0xfffff),
			 (unsigned long long)st->unix_targets[i].key.ino);
	for (size_t i = 0; i < cfg->n_targets; i++) {
		if (cfg->targets[i].kind == ENDPOINT_TCP)
			log_info("protecting TCP port %u, any address (endpoint %s)",
				 cfg->targets[i].port,
				 endpoints_name(cfg, cfg->targets[i].endpoint_id));
	}
}

static void log_counters(const struct loader *l, const struct event_consumer *ec)
{
	__u64 counters[SF_CNT_MAX];

	if (loader_read_counters(l, counters) != 0) {
		log_warn("cannot read the kernel event counters");
		return;
	}
	log_info("events: %llu emitted by the kernel, %llu dropped (ring buffer full), "
		 "%llu written to syslog, %llu malformed",
		 (unsigned long long)counters[SF_CNT_EVENTS_EMITTED],
		 (unsigned long long)counters[SF_CNT_EVENTS_DROPPED],
		 (unsigned long long)ec->delivered, (unsigned long long)ec->malformed);
}

int cmd_run(int argc, char **argv)
{
	static const struct option options[] = {
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	struct event_consumer ec = { 0 };
	struct endpoint_state endpoints;
	struct loader loader = { 0 };
	int opt, err;

	while ((opt = getopt_long(argc, argv, "vh", options, NULL)) != -1) {
		switch (opt) {
		case 'v':
			log_set_verbose(true);
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (optind != argc) {
		usage(stderr);
		return 2;
	}

	log_open_syslog();
	err = lsm_check_running_kernel();
	if (!err)
		err = endpoints_resolve(&endpoints, endpoints_builtin());
	if (!err)
		err = loader_load(&loader);
	if (!err)
		err = loader_fill_endpoints(&loader, &endpoints);
	if (!err)
		err = events_open(&ec, loader_events_map_fd(&loader), &endpoints);
	if (!err)
		err = loader_attach(&loader);
	if (err)
		goto cleanup;

	log_protection(&endpoints);
	log_info("enforcing: uid 0 in the initial pid namespace may connect, everyone "
		 "else is denied; stopping sockfence removes enforcement");
	err = loop_run(&ec);
	log_counters(&loader, &ec);
cleanup:
	events_close(&ec);
	loader_destroy(&loader);
	if (err)
		log_err("not enforcing: sockfence stopped with an error");
	log_close_syslog();
	return err ? 1 : 0;
}
