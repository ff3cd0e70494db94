// The media type of a Content-Type header, for comparing: lower case, without parameters.
#pragma once

#include <string>

#include "http/ascii_lower.hpp"

namespace sim::http {

// "Application/JSON; charset=utf-8" -> "application/json"
inline std::string lower_media_type(const std::string& content_type) {
    std::string media = ascii_lower(content_type.substr(0, content_type.find(';')));
    while (!media.empty() && (media.back() == ' ' || media.back() == '\t')) media.pop_back();
    return media;
}

}  // namespace sim::http
