// Writes the page's event-types.js module (events/event_names.hpp) to standard output: run by
// the build, which embeds the output with the page's files.
#include <iostream>

#include "events/event_names.hpp"

int main() {
    std::cout << sim::events::event_types_module();
    return std::cout ? 0 : 1;
}
