// The status table: codes, names, finality, and lenient parsing of what the vendor sends.
#include <doctest/doctest.h>

#include "connectel/status.hpp"

using namespace connectel;

TEST_CASE("each status has the vendor's code and name, and final statuses are final") {
    CHECK(status_int(Status::Enroute) == 0);
    CHECK(status_str(Status::Enroute) == "ENROUTE");
    CHECK(status_int(Status::Queued) == 0);
    CHECK(status_str(Status::Queued) == "QUEUED");
    CHECK(status_int(Status::Delivered) == 1);
    CHECK(status_str(Status::Delivered) == "DELIVRD");
    CHECK(status_int(Status::Rejected) == 2);
    CHECK(status_str(Status::Rejected) == "REJECTD");
    CHECK(status_int(Status::Undeliverable) == 5);
    CHECK(status_str(Status::Undeliverable) == "UNDELIV");
    CHECK(status_int(Status::Expired) == 8);
    CHECK(status_str(Status::Expired) == "EXPIRED");
    CHECK(status_int(Status::Unknown) == 9);
    CHECK(status_str(Status::Unknown) == "UNKNOWN");
    CHECK_FALSE(is_final(Status::Enroute));
    CHECK_FALSE(is_final(Status::Queued));
    for (Status s :
         {Status::Delivered, Status::Rejected, Status::Undeliverable, Status::Expired, Status::Unknown})
        CHECK(is_final(s));
}

TEST_CASE("statusStr parses case-insensitively, QUEUE and QUEUED alike") {
    CHECK(parse_status_str("DELIVRD") == Status::Delivered);
    CHECK(parse_status_str("delivrd") == Status::Delivered);
    CHECK(parse_status_str("QUEUE") == Status::Queued);
    CHECK(parse_status_str("QUEUED") == Status::Queued);
    CHECK_FALSE(parse_status_str("DELIVERED").has_value());
    CHECK_FALSE(parse_status_str("RESERVED").has_value());
    CHECK_FALSE(parse_status_str("").has_value());
}

TEST_CASE("statusInt parses the table's codes; 3, 4, 6, 7 are reserved; others are not statuses") {
    CHECK(parse_status_int(0) == Status::Enroute);
    CHECK(parse_status_int(1) == Status::Delivered);
    CHECK(parse_status_int(9) == Status::Unknown);
    for (int reserved : {3, 4, 6, 7}) CHECK(parse_status_int(reserved) == Status::Reserved);
    CHECK_FALSE(parse_status_int(10).has_value());
    CHECK_FALSE(parse_status_int(-1).has_value());
}
