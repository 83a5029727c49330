// SPDX-License-Identifier: GPL-2.0-only
#include "docker_hosts.h"

#include <dirent.h>
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void add_host(struct posture *out, const char *host, bool tlsverify, const char *from,
		     int pid)
{
	bool tcp = strncmp(host, "tcp://", 6) == 0 || strncmp(host, "http://", 7) == 0;
	struct posture_item *it = posture_add(out, POSTURE_DOCKER_HOST, tcp && !tlsverify);

	if (!it)
		return;
	snprintf(it->what, sizeof(it->what), "%s", host);
	snprintf(it->detail, sizeof(it->detail), "%s%s", from,
		 !tcp	     ? ""
		 : tlsverify ? ", TLS client verification on"
			     : ", TCP without TLS client verification: anyone who reaches it "
			       "is root on this host");
	it->pid = pid;
	if (pid)
		snprintf(it->comm, sizeof(it->comm), "dockerd");
}

static void read_config(const char *path, struct posture *out)
{
	json_object *root = json_object_from_file(path), *hosts, *verify;
	bool tlsverify;

	if (!root)
		return; /* no daemon.json: dockerd's default, the unix socket */
	tlsverify = json_object_object_get_ex(root, "tlsverify", &verify) &&
		    json_object_get_boolean(verify);
	if (json_object_object_get_ex(root, "hosts", &hosts) &&
	    json_object_is_type(hosts, json_type_array)) {
		for (size_t i = 0; i < json_object_array_length(hosts); i++) {
			const char *h = json_object_get_string(json_object_array_get_idx(hosts, i));
			char from[300];

			snprintf(from, sizeof(from), "\"hosts\" in %s", path);
			if (h)
				add_host(out, h, tlsverify, from, 0);
		}
	}
	json_object_put(root);
}

/* argv of process pid, NUL-separated, into buf; its length or 0. */
static size_t read_cmdline(const char *proc_dir, const char *pid, char *buf, size_t len)
{
	char path[96];
	FILE *f;
	size_t n;

	snprintf(path, sizeof(path), "%s/%.20s/cmdline", proc_dir, pid);
	f = fopen(path, "re");
	if (!f)
		return 0;
	n = fread(buf, 1, len - 1, f);
	fclose(f);
	buf[n] = '\0';
	return n;
}

static void read_dockerd(const char *proc_dir, const char *pid, struct posture *out)
{
	char args[8192], *hosts[32];
	size_t n = read_cmdline(proc_dir, pid, args, sizeof(args)), n_hosts = 0;
	const char *base = strrchr(args, '/');
	bool tlsverify = false;

	if (!n || strcmp(base ? base + 1 : args, "dockerd") != 0)
		return;
	for (char *a = args + strlen(args) + 1; a < args + n; a += strlen(a) + 1) {
		char *value = NULL;

		if (strcmp(a, "--tlsverify") == 0 || strcmp(a, "--tlsverify=true") == 0)
			tlsverify = true;
		else if ((strcmp(a, "-H") == 0 || strcmp(a, "--host") == 0) &&
			 a + strlen(a) + 1 < args + n)
			value = a + strlen(a) + 1;
		else if (strncmp(a, "-H=", 3) == 0)
			value = a + 3;
		else if (strncmp(a, "--host=", 7) == 0)
			value = a + 7;
		if (value && n_hosts < 32)
			hosts[n_hosts++] = value;
	}
	for (size_t i = 0; i < n_hosts; i++)
		add_host(out, hosts[i], tlsverify, "-H on dockerd's command line", atoi(pid));
}

void docker_hosts_gather(const char *config_path, const char *proc_dir, struct posture *out)
{
	DIR *d = opendir(proc_dir);
	struct dirent *e;

	read_config(config_path, out);
	if (!d)
		return;
	while ((e = readdir(d))) {
		if (e->d_name[0] >= '1' && e->d_name[0] <= '9')
			read_dockerd(proc_dir, e->d_name, out);
	}
	closedir(d);
}
