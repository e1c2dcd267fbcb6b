/* TCP endpoints for serve, send and the dashboard: "HOST:PORT" addresses
 * ("[::1]:PORT" for IPv6), listening and connecting sockets, and the
 * loopback test behind the rule that only loopback binds go without a token.
 * Failures return MOT_ERR_OPEN with a sentence in `detail`. Thread-safe. */
#ifndef MOT_IO_SERVE_NET_H
#define MOT_IO_SERVE_NET_H

#include <stddef.h>
#include <sys/socket.h>

#include "mot/status.h"

/* Text of a socket address, "127.0.0.1:9092" or "[::1]:9092". */
#define MOT_NET_NAME_MAX 64
void mot_net_name(const struct sockaddr *sa, char out[MOT_NET_NAME_MAX]);

/* Listen on `hostport` (borrowed; port 0 picks a free one). *fd gets a
 * non-blocking, close-on-exec socket; *loopback is 1 when the address is a
 * loopback one (127.0.0.0/8, ::1); `bound` (MOT_NET_NAME_MAX bytes, may be
 * NULL) gets the address actually bound, with the port chosen. */
mot_status mot_net_listen(const char *hostport, int *fd, int *loopback, char *bound,
                          char *detail, size_t detail_size);

/* Connect to `hostport` (borrowed), trying each address it resolves to.
 * *fd gets a blocking, close-on-exec socket with Nagle's delay off. */
mot_status mot_net_connect(const char *hostport, int *fd, char *detail, size_t detail_size);

#endif
