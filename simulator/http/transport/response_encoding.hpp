// Which compression the simulator answers with. Debian's cpp-httplib compresses with brotli at
// its slowest setting whenever the client accepts it, and browsers always do: a 70 KB page of
// messages then takes 150-200 ms to compress, where gzip takes about 2 ms. So the simulator
// declines brotli and lets gzip (or nothing) answer.
#pragma once

#include <httplib.h>

#include <string>

namespace sim::http {

// Removes "br" from the request's Accept-Encoding, before cpp-httplib reads it to choose.
inline void decline_brotli(httplib::Request& req) {
    const auto header = req.headers.find("Accept-Encoding");
    if (header == req.headers.end() || header->second.find("br") == std::string::npos) return;
    std::string kept;
    std::size_t start = 0;
    const std::string& value = header->second;
    while (start <= value.size()) {
        std::size_t end = value.find(',', start);
        if (end == std::string::npos) end = value.size();
        std::string coding = value.substr(start, end - start);
        coding.erase(0, coding.find_first_not_of(' '));
        if (coding.rfind("br", 0) != 0 || (coding.size() > 2 && coding[2] != ';' && coding[2] != ' ')) {
            if (!kept.empty()) kept += ", ";
            kept += coding;
        }
        start = end + 1;
    }
    header->second = kept;
}

}  // namespace sim::http
