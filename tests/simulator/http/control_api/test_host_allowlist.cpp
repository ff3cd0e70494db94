// The Host rule of the page, the control API and the event stream.
#include <doctest/doctest.h>

#include "http/control_api/host_allowlist.hpp"

using sim::http::HostAllowlist;

TEST_CASE("addresses and localhost are answered, with or without a port; other names are not") {
    const HostAllowlist hosts;
    for (const char* good : {"127.0.0.1", "127.0.0.1:8080", "10.1.2.3:1", "[::1]", "[::1]:8080", "[fe80::1]",
                             "localhost", "LOCALHOST:8080", "app.localhost:3000", ""}) {
        CAPTURE(good);
        CHECK(hosts.allows(good));
    }
    for (const char* bad :
         {"attacker.example", "attacker.example:8080", "localhost.attacker.example", "xlocalhost",
          ".localhost", "127.0.0.1.attacker.example", "127.1", "::1", "[::1", "[::1]x", "[attacker.example]",
          "127.0.0.1:", "127.0.0.1:80a", "localhost:123456", "connectel-sim"}) {
        CAPTURE(bad);
        CHECK_FALSE(hosts.allows(bad));
    }
}

TEST_CASE("--allow-host names are answered in any case with any port; '*' answers every name") {
    const HostAllowlist hosts({"connectel-sim", "Sim.Internal"});
    CHECK(hosts.allows("connectel-sim"));
    CHECK(hosts.allows("CONNECTEL-SIM:8080"));
    CHECK(hosts.allows("sim.internal:80"));
    CHECK_FALSE(hosts.allows("other-sim:8080"));
    CHECK_FALSE(hosts.allows("connectel-sim:x"));
    CHECK(HostAllowlist({"*"}).allows("anything.example:8080"));
}
