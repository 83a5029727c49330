// SPDX-License-Identifier: GPL-2.0-only
#include "docker_api.h"

#include <errno.h>
#include <json-c/json.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/un.h>
#include <unistd.h>

/* The answer's body is at most this long (a container's JSON is a few KiB). */
#define DOCKER_API_REPLY_MAX (256 * 1024)

static int request(const char *socket_path, const char *path, char *reply, size_t len)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	struct timeval timeout = { .tv_sec = 2 };
	char req[256];
	size_t got = 0;
	ssize_t n;
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);

	if (fd < 0)
		return -errno;
	snprintf(sun.sun_path, sizeof(sun.sun_path), "%s", socket_path);
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof(timeout));
	setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof(timeout));
	snprintf(req, sizeof(req), "GET %s HTTP/1.0\r\nHost: docker\r\n\r\n", path);
	if (connect(fd, (struct sockaddr *)&sun, sizeof(sun)) != 0 ||
	    send(fd, req, strlen(req), MSG_NOSIGNAL) != (ssize_t)strlen(req)) {
		int err = -errno;

		close(fd);
		return err;
	}
	while (got + 1 < len && (n = recv(fd, reply + got, len - 1 - got, 0)) > 0)
		got += (size_t)n;
	close(fd);
	reply[got] = '\0';
	return strncmp(reply, "HTTP/1.", 7) == 0 && strstr(reply, " 200 ") ? 0 : -EPROTO;
}

int docker_api_container(const char *socket_path, const char *id, char *out, size_t len)
{
	static char reply[DOCKER_API_REPLY_MAX];
	json_object *body, *name, *config, *image;
	char path[128];
	const char *start;
	int err;

	out[0] = '\0';
	snprintf(path, sizeof(path), "/containers/%s/json", id);
	err = request(socket_path, path, reply, sizeof(reply));
	if (err)
		return err;
	start = strstr(reply, "\r\n\r\n");
	body = start ? json_tokener_parse(start + 4) : NULL;
	if (!body)
		return -EPROTO;
	if (json_object_object_get_ex(body, "Name", &name) &&
	    json_object_object_get_ex(body, "Config", &config) &&
	    json_object_object_get_ex(config, "Image", &image))
		snprintf(out, len, "name %s, image %s",
			 json_object_get_string(name) + (json_object_get_string(name)[0] == '/'),
			 json_object_get_string(image));
	json_object_put(body);
	return out[0] ? 0 : -EPROTO;
}

void docker_api_describe_containers(struct learn_set *set)
{
	for (size_t i = 0; i < set->n; i++) {
		struct learn_identity *who = &set->items[i];

		if (who->kind == LEARN_CONTAINER)
			docker_api_container(DOCKER_API_SOCKET, who->name, who->detail,
					     sizeof(who->detail));
	}
}
