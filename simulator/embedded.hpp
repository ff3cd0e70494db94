// Files built into the binary (see embed_files.py and simulator/meson.build).
#pragma once

#include <string_view>

namespace sim::embedded {

extern const std::string_view default_scenario;  // scenarios/default.json

}  // namespace sim::embedded
