// Journal entries are stored raw and turned into parameters, and masked, only when read, so the
// hot path of a send pays for a few string copies, not a parse.
#include "http/transport/request_journal.hpp"

#include "connectel/form.hpp"
#include "connectel/json_reader.hpp"
#include "http/media_type.hpp"
#include "http/own_endpoints.hpp"
#include "http/transport/token_mask.hpp"
#include "state/saved_state.hpp"

namespace sim::http {

namespace {

constexpr std::size_t entry_overhead = 160;  // the Entry, its deque slot and shared_ptr block

nlohmann::json fields_object(const connectel::form::Fields& fields) {
    nlohmann::json out = nlohmann::json::object();
    for (const auto& [name, value] : fields) out[name] = value;
    return out;
}

// The body as shown: parsed when it is what its Content-Type says, else its text.
nlohmann::json body_json(const std::string& content_type, const std::string& body, const Tokens& tokens) {
    const std::string media = lower_media_type(content_type);
    const bool json = media == "application/json", form = media == "application/x-www-form-urlencoded";
    std::optional<nlohmann::json> parsed;
    if (nlohmann::ordered_json read; json && !connectel::read_json(body, read)) parsed = read;
    if (const auto fields = form ? connectel::form::parse(body) : std::nullopt) parsed = fields_object(*fields);
    if (!parsed) return json || form || !body.empty() ? nlohmann::json(mask_unparsed(body, tokens)) : nlohmann::json();
    mask_parsed(*parsed, tokens);
    return *parsed;
}

}  // namespace

void RequestJournal::record(const httplib::Request& req, const httplib::Response& res, const std::string& route_token) {
    if (is_own_endpoint(req.path)) return;  // the journal is of the gateway's traffic
    std::string token = route_token;
    if (token.empty() && req.has_param("authorization")) token = req.get_param_value("authorization");
    Entry entry{0,
                clock_.now(),
                req.method,
                req.path,
                {},
                req.get_header_value("Content-Type"),
                req.body.size() > max_journal_body ? req.body.substr(0, max_journal_body) : req.body,
                std::move(token),
                req.has_header("Authorization"),
                res.status,
                req.body.size()};
    const auto query = req.target.find('?');
    if (query != std::string::npos) entry.query = req.target.substr(query + 1);
    const std::size_t bytes = footprint(entry);
    auto kept = std::make_shared<Entry>(std::move(entry));
    std::lock_guard lock(mutex_);
    kept->id = entries_.end() + 1;
    changes_.note(entries_.end());
    entries_.emplace_back(std::move(kept));
    ++kept_;
    bytes_ += bytes;
    while (kept_ > 1 && (kept_ > limits_.entries || bytes_ > limits_.bytes)) {
        bytes_ -= footprint(*entries_.front());
        --kept_;
        entries_.drop_oldest();
    }
}

std::size_t RequestJournal::forget_if(const EntryMatch& match) {
    std::lock_guard lock(mutex_);
    return entries_.forget_if([&](const EntryPtr& entry) { return match(*entry); },
                              [&](std::size_t number, const EntryPtr& entry) {
                                  bytes_ -= footprint(*entry);
                                  --kept_;
                                  changes_.note(number);
                              });
}

std::size_t RequestJournal::footprint(const Entry& e) {
    return entry_overhead + e.method.size() + e.path.size() + e.query.size() + e.content_type.size() +
           e.body.size() + e.token.size();
}

Page<RequestJournal::EntryPtr> RequestJournal::entries(const PageSpec& spec, const EntryMatch& match) const {
    std::lock_guard lock(mutex_);
    const auto positions = select_page(entries_.first(), entries_.end(), spec, [&](std::size_t i) {
        return entries_[i] && (!match || match(*entries_[i]));
    });
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

nlohmann::json RequestJournal::entry_json(const Entry& e, const std::vector<std::string>& known_tokens) {
    Tokens tokens = known_tokens;
    if (!e.token.empty()) tokens.push_back(e.token);
    nlohmann::json query = fields_object(connectel::form::parse(e.query).value_or(connectel::form::Fields{}));
    mask_parsed(query, tokens);
    const bool truncated = e.body_bytes > max_journal_body;
    // The part kept of a truncated body is no whole JSON or form: shown as text.
    nlohmann::json body = truncated ? nlohmann::json(mask_unparsed(e.body, tokens))
                                    : body_json(e.content_type, e.body, tokens);
    nlohmann::json entry = {{"id", e.id},
                            {"at", format_iso(e.at)},
                            {"method", e.method},
                            {"path", mask_path(e.path, tokens)},
                            {"query", std::move(query)},
                            {"body", std::move(body)},
                            {"status", e.status}};
    if (!e.content_type.empty()) entry["contentType"] = e.content_type;
    if (e.authorization_header) entry["authorizationHeader"] = token_mask;
    if (truncated) {
        entry["bodyTruncated"] = true;
        entry["bodyBytes"] = e.body_bytes;
    }
    return entry;
}

void RequestJournal::clear() {
    std::lock_guard lock(mutex_);
    entries_.clear();
    kept_ = 0;
    bytes_ = 0;
    changes_.note_cleared();
}

void RequestJournal::track_changes(bool fresh) {
    std::lock_guard lock(mutex_);
    changes_.enable();
    if (fresh) changes_.note_cleared();
}

void RequestJournal::collect_changes(state::Batch& batch) {
    std::lock_guard lock(mutex_);
    const auto changed = changes_.take();
    batch.requests.cleared = changed.cleared;
    batch.requests.below = entries_.first();
    for (const auto number : changed.numbers) {
        const EntryPtr* entry = entries_.find(number);
        if (entry && *entry)
            batch.requests.rows.push_back({number, **entry});
        else
            batch.requests.deleted.push_back(number);
    }
    batch.world.counters.requests = entries_.end();
}

void RequestJournal::restore(const state::SavedState& saved) {
    std::lock_guard lock(mutex_);
    for (const state::SavedRequest& row : saved.requests) {
        bytes_ += footprint(row.entry);
        ++kept_;
        entries_.restore_at(row.number, std::make_shared<Entry>(row.entry));
    }
    entries_.skip_to(saved.world.counters.requests);
}

}  // namespace sim::http
