// Chunks of about 64 KiB: large enough that cpp-httplib's per-chunk copies and writes cost
// little, small enough that a thousand concurrent answers stay within a few tens of MiB.
#include "http/control_api/streamed_json.hpp"

namespace sim::http {

namespace {

constexpr std::size_t chunk_bytes = 64 * 1024;

}  // namespace

void send_streamed_json(httplib::Response& res, JsonPieces pieces) {
    res.status = 200;
    res.set_chunked_content_provider("application/json", [pieces = std::move(pieces)](std::size_t,
                                                                                      httplib::DataSink& sink) {
        std::string chunk;
        bool more = true;
        while (chunk.size() < chunk_bytes && (more = pieces(chunk))) {
        }
        if (!chunk.empty() && !sink.write(chunk.data(), chunk.size())) return false;
        if (!more) sink.done();
        return true;
    });
}

JsonPieces in_sequence(std::string head, JsonPieces middle, std::string tail) {
    enum class Stage { Head, Middle, Tail, Done };
    auto stage = std::make_shared<Stage>(Stage::Head);
    return [stage, head = std::move(head), middle = std::move(middle), tail = std::move(tail)](std::string& out) {
        switch (*stage) {
            case Stage::Head:
                out += head;
                *stage = Stage::Middle;
                return true;
            case Stage::Middle:
                if (middle(out)) return true;
                *stage = Stage::Tail;
                return true;
            case Stage::Tail:
                out += tail;
                *stage = Stage::Done;
                return false;
            case Stage::Done: break;
        }
        return false;
    };
}

void append_members(std::string& out, const nlohmann::json& value) {
    for (const auto& [name, member] : value.items()) {
        out += ',';
        out += nlohmann::json(name).dump();
        out += ':';
        out += member.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    }
}

}  // namespace sim::http
