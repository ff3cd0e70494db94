// Journal entries are stored raw (masked) and turned into parameters only when read, so the
// hot path of a send pays for a few string copies, not a parse.
#include "http/request_journal.hpp"

#include "connectel/detail/form_codec.hpp"
#include "http/drop_connection.hpp"

namespace sim::http {

namespace {

constexpr const char* mask = "****";
constexpr std::size_t entry_overhead = 160;  // the Entry, its deque slot and shared_ptr block

void replace_all(std::string& text, const std::string& needle) {
    if (needle.empty()) return;
    for (std::size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 4))
        text.replace(at, needle.size(), mask);
}

nlohmann::json fields_object(const connectel::detail::FormFields& fields) {
    nlohmann::json out = nlohmann::json::object();
    for (const auto& [name, value] : fields) out[name] = value;
    return out;
}

// The authorization parameter is masked by name too, for a request whose token was never read.
void mask_authorization(nlohmann::json& params) {
    if (params.is_object() && params.contains("authorization")) params["authorization"] = mask;
}

const char* level_name(LogLevel level) {
    switch (level) {
        case LogLevel::Error: return "error";
        case LogLevel::Warn: return "warn";
        case LogLevel::Info: return "info";
        default: return "debug";
    }
}

}  // namespace

RequestContext& RequestContext::current() {
    thread_local RequestContext context;
    return context;
}

std::string mask_token(std::string text, const std::string& token) {
    replace_all(text, token);
    const std::string encoded = connectel::detail::form_encode(token);
    if (encoded != token) replace_all(text, encoded);
    return text;
}

void RequestJournal::log(LogLevel level, const std::string& line) const {
    if (level > level_ || !log_) return;
    // One write per line, so lines from concurrent requests never interleave.
    std::string text = format_iso(clock_.now());
    text += ' ';
    text += level_name(level);
    text += ' ';
    text += line;
    text += '\n';
    std::fwrite(text.data(), 1, text.size(), log_);
    std::fflush(log_);
}

void RequestJournal::log_request(const httplib::Request& req, const httplib::Response& res) {
    RequestContext& context = RequestContext::current();
    if (level_ >= LogLevel::Info) {
        const auto micros = std::chrono::duration_cast<std::chrono::microseconds>(
                                std::chrono::steady_clock::now() - context.started)
                                .count();
        std::string line = req.method;
        line += ' ';
        line += req.path;
        line += ' ';
        line += res.status == dropped_status ? std::string("dropped") : std::to_string(res.status);
        line += ' ';
        line += std::to_string(micros);
        line += "us";
        log(LogLevel::Info, line);
    }
    context = RequestContext{};
}

void RequestJournal::record(const httplib::Request& req, const httplib::Response& res) {
    if (req.path.compare(0, 6, "/_sim/") == 0) return;  // the journal is of the gateway's traffic
    std::string token = RequestContext::current().token;
    if (token.empty() && req.has_param("authorization")) token = req.get_param_value("authorization");
    Entry entry{0,
                clock_.now(),
                req.method,
                req.path,
                {},
                req.get_header_value("Content-Type"),
                req.body.size() > max_journal_body ? req.body.substr(0, max_journal_body) : req.body,
                req.has_header("Authorization") ? mask : "",
                res.status,
                req.body.size()};
    const auto query = req.target.find('?');
    if (query != std::string::npos) entry.query = req.target.substr(query + 1);
    if (!token.empty()) {
        entry.query = mask_token(std::move(entry.query), token);
        entry.body = mask_token(std::move(entry.body), token);
        entry.path = mask_token(std::move(entry.path), token);
    }
    const std::size_t bytes = footprint(entry);
    auto kept = std::make_shared<Entry>(std::move(entry));
    std::lock_guard lock(mutex_);
    kept->id = entries_.end() + 1;
    entries_.emplace_back(std::move(kept));
    bytes_ += bytes;
    while (entries_.size() > 1 && (entries_.size() > limits_.entries || bytes_ > limits_.bytes)) {
        bytes_ -= footprint(*entries_.front());
        entries_.pop_front();
    }
}

std::size_t RequestJournal::footprint(const Entry& e) {
    return entry_overhead + e.method.size() + e.path.size() + e.query.size() + e.content_type.size() +
           e.body.size() + e.authorization_header.size();
}

nlohmann::json RequestJournal::entries() const {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& entry : entries(PageSpec{}).items) out.push_back(entry_json(*entry));
    return out;
}

Page<RequestJournal::EntryPtr> RequestJournal::entries(const PageSpec& spec) const {
    std::lock_guard lock(mutex_);
    const auto positions = select_page(entries_.first(), entries_.end(), spec, [](std::size_t) { return true; });
    Page<EntryPtr> page{{}, positions.total, positions.more};
    page.items.reserve(positions.items.size());
    for (const auto i : positions.items) page.items.push_back(entries_[i]);
    return page;
}

// Any id given so far names a position, also one forgotten since.
std::optional<std::size_t> RequestJournal::position(std::uint64_t id) const {
    std::lock_guard lock(mutex_);
    if (id < 1 || id > entries_.end()) return std::nullopt;
    return static_cast<std::size_t>(id - 1);
}

nlohmann::json RequestJournal::entry_json(const Entry& e) {
    nlohmann::json query = fields_object(connectel::detail::parse_form(e.query).value_or(connectel::detail::FormFields{}));
    mask_authorization(query);
    nlohmann::json body;
    const bool truncated = e.body_bytes > max_journal_body;
    if (truncated) {
        body = e.body;  // the part kept is no whole JSON or form: shown as text
    } else if (e.content_type.rfind("application/json", 0) == 0) {
        body = nlohmann::json::parse(e.body, nullptr, false);
        if (body.is_discarded()) body = e.body;
    } else if (e.content_type.rfind("application/x-www-form-urlencoded", 0) == 0) {
        const auto fields = connectel::detail::parse_form(e.body);
        body = fields ? fields_object(*fields) : nlohmann::json(e.body);
    } else if (!e.body.empty()) {
        body = e.body;
    }
    mask_authorization(body);
    nlohmann::json entry = {{"id", e.id},         {"at", format_iso(e.at)}, {"method", e.method},
                            {"path", e.path},     {"query", query},         {"body", body},
                            {"status", e.status}};
    if (!e.content_type.empty()) entry["contentType"] = e.content_type;
    if (!e.authorization_header.empty()) entry["authorizationHeader"] = e.authorization_header;
    if (truncated) {
        entry["bodyTruncated"] = true;
        entry["bodyBytes"] = e.body_bytes;
    }
    return entry;
}

void RequestJournal::clear() {
    std::lock_guard lock(mutex_);
    entries_.clear();
    bytes_ = 0;
}

}  // namespace sim::http
