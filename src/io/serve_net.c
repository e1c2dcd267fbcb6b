#include "io/serve_net.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void mot_net_name(const struct sockaddr *sa, char out[MOT_NET_NAME_MAX])
{
    char host[INET6_ADDRSTRLEN] = "?";

    if (sa->sa_family == AF_INET6) {
        const struct sockaddr_in6 *a = (const struct sockaddr_in6 *)sa;
        inet_ntop(AF_INET6, &a->sin6_addr, host, sizeof host);
        snprintf(out, MOT_NET_NAME_MAX, "[%s]:%u", host, ntohs(a->sin6_port));
    } else if (sa->sa_family == AF_INET) {
        const struct sockaddr_in *a = (const struct sockaddr_in *)sa;
        inet_ntop(AF_INET, &a->sin_addr, host, sizeof host);
        snprintf(out, MOT_NET_NAME_MAX, "%s:%u", host, ntohs(a->sin_port));
    } else {
        snprintf(out, MOT_NET_NAME_MAX, "(address family %d)", sa->sa_family);
    }
}

static int is_loopback(const struct sockaddr *sa)
{
    if (sa->sa_family == AF_INET)
        return (ntohl(((const struct sockaddr_in *)sa)->sin_addr.s_addr) >> 24) == 127;
    if (sa->sa_family == AF_INET6) {
        const struct in6_addr *a = &((const struct sockaddr_in6 *)sa)->sin6_addr;
        return IN6_IS_ADDR_LOOPBACK(a) ||
               (IN6_IS_ADDR_V4MAPPED(a) && a->s6_addr[12] == 127);
    }
    return 0;
}

static mot_status fail(char *detail, size_t detail_size, const char *what, const char *hostport,
                       const char *why)
{
    snprintf(detail, detail_size, "cannot %s %s: %s", what, hostport, why);
    return MOT_ERR_OPEN;
}

static mot_status fail_errno(char *detail, size_t detail_size, const char *what,
                             const char *hostport)
{
    char why[128];

    if (strerror_r(errno, why, sizeof why) != 0)
        snprintf(why, sizeof why, "error %d", errno);
    return fail(detail, detail_size, what, hostport, why);
}

/* Split "host:port" / "[v6]:port" and resolve it. */
static mot_status resolve(const char *hostport, int passive, struct addrinfo **res,
                          char *detail, size_t detail_size)
{
    char host[256];
    const char *colon = strrchr(hostport, ':'), *h = hostport;
    size_t host_len;
    struct addrinfo hints = {.ai_socktype = SOCK_STREAM,
                             .ai_flags = passive ? AI_PASSIVE : 0};

    if (!colon || colon == hostport || !colon[1])
        return fail(detail, detail_size, "use", hostport, "the address is not HOST:PORT");
    host_len = (size_t)(colon - hostport);
    if (h[0] == '[' && colon[-1] == ']') {
        h++;
        host_len -= 2;
    }
    if (host_len >= sizeof host)
        return fail(detail, detail_size, "use", hostport, "the host name is too long");
    memcpy(host, h, host_len);
    host[host_len] = '\0';
    /* getaddrinfo() takes the port modulo 65536: 83628 would be 18092. */
    const char *port = colon + 1;
    if (port[strspn(port, "0123456789")] != '\0' || strlen(port) > 5 || atol(port) > 65535)
        return fail(detail, detail_size, "use", hostport, "the port is not a number 0..65535");
    int rc = getaddrinfo(host, port, &hints, res);
    if (rc != 0)
        return fail(detail, detail_size, "resolve", hostport, gai_strerror(rc));
    return MOT_OK;
}

mot_status mot_net_listen(const char *hostport, int *fd, int *loopback, char *bound,
                          char *detail, size_t detail_size)
{
    struct addrinfo *res = NULL;
    struct sockaddr_storage ss;
    socklen_t ss_len = sizeof ss;
    const int on = 1;
    mot_status st = resolve(hostport, 1, &res, detail, detail_size);

    *fd = -1;
    if (st != MOT_OK)
        return st;
    *loopback = is_loopback(res->ai_addr);
    *fd = socket(res->ai_family, res->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC,
                 res->ai_protocol);
    if (*fd < 0 || setsockopt(*fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on) != 0)
        st = fail_errno(detail, detail_size, "open a socket for", hostport);
    else if (bind(*fd, res->ai_addr, res->ai_addrlen) != 0)
        st = fail_errno(detail, detail_size, "bind", hostport);
    else if (listen(*fd, 512) != 0)
        st = fail_errno(detail, detail_size, "listen on", hostport);
    else if (bound && getsockname(*fd, (struct sockaddr *)&ss, &ss_len) == 0)
        mot_net_name((struct sockaddr *)&ss, bound);
    freeaddrinfo(res);
    if (st != MOT_OK && *fd >= 0) {
        close(*fd);
        *fd = -1;
    }
    return st;
}

mot_status mot_net_connect(const char *hostport, int *fd, char *detail, size_t detail_size)
{
    struct addrinfo *res = NULL;
    const int on = 1;
    mot_status st = resolve(hostport, 0, &res, detail, detail_size);

    *fd = -1;
    if (st != MOT_OK)
        return st;
    for (const struct addrinfo *a = res; a; a = a->ai_next) {
        *fd = socket(a->ai_family, a->ai_socktype | SOCK_CLOEXEC, a->ai_protocol);
        if (*fd >= 0 && connect(*fd, a->ai_addr, a->ai_addrlen) == 0)
            break;
        st = fail_errno(detail, detail_size, "connect to", hostport);
        if (*fd >= 0)
            close(*fd);
        *fd = -1;
    }
    freeaddrinfo(res);
    if (*fd < 0)
        return st != MOT_OK ? st : fail(detail, detail_size, "connect to", hostport, "no address");
    /* 20 ms messages must leave at once, not wait for the next one. */
    setsockopt(*fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
    return MOT_OK;
}
