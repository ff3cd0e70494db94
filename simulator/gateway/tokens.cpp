// The token index: the default entry and the scenario's tokens at start, open-mode tokens as
// they come, and their callback settings as control calls change them.
#include "gateway/tokens.hpp"

#include <cstdio>

namespace sim::gateway {

std::string derived_token_id(std::string_view token) {
    std::uint64_t hash = 1469598103934665603ULL;  // FNV-1a
    for (unsigned char c : token) hash = (hash ^ c) * 1099511628211ULL;
    char id[24];
    std::snprintf(id, sizeof id, "tok-%08llx", static_cast<unsigned long long>(hash >> 32));
    return id;
}

Tokens::Tokens(const scenario::Scenario& scenario, scenario::TokenCallbacks defaults) : open_(!scenario.tokens) {
    Token entry;
    entry.id = std::string(default_token_id);
    entry.own = std::move(defaults);
    add(std::move(entry));
    if (open_) return;
    for (const auto& settings : *scenario.tokens) {
        Token token;
        token.token = settings.token;
        token.id = settings.id.empty() ? derived_token_id(settings.token) : settings.id;
        token.own = settings.callbacks;
        token.listed = true;
        by_text_.emplace(settings.token, add(std::move(token)));
    }
}

Tokens::Index Tokens::add(Token token) {
    const auto index = static_cast<Index>(tokens_.size());
    Token& added = tokens_.emplace_back(std::move(token));
    // A listed token's number is its own, even when the command line gave it to the default entry.
    if (added.own.inbound)
        for (const auto& number : added.own.inbound->numbers) by_inbound_number_[number] = index;
    point(added);
    return index;
}

void Tokens::point(Token& token) const {
    const scenario::TokenCallbacks& fallback = tokens_[default_index].own;
    const auto& dlr = token.own.dlr ? token.own.dlr : fallback.dlr;
    const auto& inbound = token.own.inbound ? token.own.inbound : fallback.inbound;
    token.dlr = dlr ? &*dlr : nullptr;
    token.inbound = inbound ? &*inbound : nullptr;
}

Tokens::Auth Tokens::authenticate(std::string_view token) const {
    if (token.empty()) return Auth::Missing;
    if (open_) return Auth::Accepted;
    return by_text_.count(std::string(token)) ? Auth::Accepted : Auth::Unknown;
}

std::string Tokens::id_of(std::string_view token) const {
    if (!open_)
        if (const auto it = by_text_.find(std::string(token)); it != by_text_.end()) return tokens_[it->second].id;
    return derived_token_id(token);
}

bool Tokens::may_be_id(std::string_view id) const {
    return open_ || id == default_token_id || find_id(id).has_value();
}

Tokens::Index Tokens::index_of(std::string_view token) {
    std::string key(token);
    if (const auto it = by_text_.find(key); it != by_text_.end()) return it->second;
    Token added;
    added.token = key;
    added.id = derived_token_id(token);
    const Index index = add(std::move(added));
    by_text_.emplace(std::move(key), index);
    return index;
}

std::optional<Tokens::Index> Tokens::find_id(std::string_view id) const {
    for (std::size_t i = 0; i < tokens_.size(); ++i)
        if (tokens_[i].id == id) return static_cast<Index>(i);
    return std::nullopt;
}

std::optional<Tokens::Index> Tokens::owner_of_number(std::string_view number) const {
    const auto it = by_inbound_number_.find(std::string(number));
    if (it == by_inbound_number_.end()) return std::nullopt;
    return it->second;
}

std::optional<std::string> Tokens::set_own(Index index, scenario::TokenCallbacks own) {
    if (own.inbound)
        for (const auto& number : own.inbound->numbers)
            if (const auto owner = owner_of_number(number); owner && *owner != index) return tokens_[*owner].id;
    Token& token = tokens_[index];
    if (token.own.inbound)
        for (const auto& number : token.own.inbound->numbers) by_inbound_number_.erase(number);
    token.own = std::move(own);
    token.set_at_run_time = true;
    if (token.own.inbound)
        for (const auto& number : token.own.inbound->numbers) by_inbound_number_[number] = index;
    if (index == default_index)
        for (Token& each : tokens_) point(each);
    else
        point(token);
    return std::nullopt;
}

}  // namespace sim::gateway
