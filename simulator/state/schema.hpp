// The state file's tables, as a list of migrations: the n-th takes a file of schema version n
// to version n + 1, so a new file runs them all and an older one only those it lacks. A
// released step is never edited: a change is a new step at the end (and StateFile's
// schema_version goes up with it).
#pragma once

#include <string>
#include <vector>

namespace sim::state {

const std::vector<std::string>& migrations();

}  // namespace sim::state
