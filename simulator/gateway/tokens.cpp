// The token index: the scenario's tokens at start, open-mode tokens as they come.
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

Tokens::Tokens(const scenario::Scenario& scenario) : open_(!scenario.tokens) {
    if (open_) return;
    for (const auto& settings : *scenario.tokens) {
        const auto index = static_cast<Index>(tokens_.size());
        if (settings.inbound)
            for (const auto& number : settings.inbound->numbers) by_inbound_number_.emplace(number, index);
        by_text_.emplace(settings.token, index);
        tokens_.push_back({settings.token, settings.id.empty() ? derived_token_id(settings.token) : settings.id,
                           settings.dlr ? &*settings.dlr : nullptr, settings.inbound ? &*settings.inbound : nullptr});
    }
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
    if (open_) return true;
    for (const auto& token : tokens_)
        if (token.id == id) return true;
    return false;
}

Tokens::Index Tokens::index_of(std::string_view token) {
    std::string key(token);
    if (const auto it = by_text_.find(key); it != by_text_.end()) return it->second;
    const auto index = static_cast<Index>(tokens_.size());
    tokens_.push_back({key, derived_token_id(token)});
    by_text_.emplace(std::move(key), index);
    return index;
}

std::optional<Tokens::Index> Tokens::owner_of_number(std::string_view number) const {
    const auto it = by_inbound_number_.find(std::string(number));
    if (it == by_inbound_number_.end()) return std::nullopt;
    return it->second;
}

}  // namespace sim::gateway
