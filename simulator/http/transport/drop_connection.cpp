#include "http/transport/drop_connection.hpp"

#include <dirent.h>
#include <netdb.h>
#include <sys/socket.h>

#include <cstdlib>
#include <string>

namespace sim::http {

namespace {

struct Endpoint {
    std::string address;
    int port = -1;
};

// Formatted as cpp-httplib formats the request's addresses (numeric host), so they compare.
Endpoint endpoint_of(const sockaddr_storage& address, socklen_t length) {
    char host[NI_MAXHOST];
    char service[NI_MAXSERV];
    if (::getnameinfo(reinterpret_cast<const sockaddr*>(&address), length, host, sizeof host, service,
                      sizeof service, NI_NUMERICHOST | NI_NUMERICSERV) != 0)
        return {};
    return {host, std::atoi(service)};
}

bool is_connection_of(int fd, const httplib::Request& req) {
    sockaddr_storage address{};
    socklen_t length = sizeof address;
    if (::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) return false;  // not a socket
    const Endpoint local = endpoint_of(address, length);
    if (local.port != req.local_port || local.address != req.local_addr) return false;
    length = sizeof address;
    if (::getpeername(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) return false;  // the listener
    const Endpoint peer = endpoint_of(address, length);
    return peer.port == req.remote_port && peer.address == req.remote_addr;
}

}  // namespace

// The open descriptors are listed by /proc/self/fd, so the search costs one system call per
// open file, not one per possible descriptor number. Dropping is a scripted fault: rare.
bool drop_connection(const httplib::Request& req) {
    DIR* dir = ::opendir("/proc/self/fd");
    if (!dir) return false;
    bool dropped = false;
    const int listing = ::dirfd(dir);
    while (const dirent* entry = ::readdir(dir)) {
        if (entry->d_name[0] == '.') continue;
        const int fd = std::atoi(entry->d_name);
        if (fd == listing || !is_connection_of(fd, req)) continue;
        dropped = ::shutdown(fd, SHUT_RDWR) == 0;
        break;
    }
    ::closedir(dir);
    return dropped;
}

}  // namespace sim::http
