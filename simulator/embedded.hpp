// Files built into the binary (see embed_files.py and simulator/meson.build).
#pragma once

#include <cstddef>
#include <string_view>

namespace sim::embedded {

struct File {
    std::string_view path;  // relative to its folder, with '/'
    std::string_view content;
};

extern const std::string_view default_scenario;  // scenarios/default.json
extern const std::string_view openapi_document;  // docs/openapi.yaml
extern const File web_files[];                   // simulator/web/, sorted by path
extern const std::size_t web_files_count;

}  // namespace sim::embedded
