// The tokens the gateway knows, in one index: the scenario's, each with its id, its DLR URL and
// its inbound numbers and URL; and, when the scenario lists none, every token it is shown.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "scenario/scenario.hpp"

namespace sim::gateway {

// The id a token the scenario does not list goes by (tokenid in callbacks and lists): stable,
// and not the secret itself.
std::string derived_token_id(std::string_view token);

struct Token {
    std::string token;
    std::string id;  // "tokenid" in callbacks: the scenario's, or derived from the token
    // Where its callbacks go; null when the scenario gives none (or does not list the token).
    // They point into the scenario, which outlives the gateway.
    const scenario::CallbackTarget* dlr = nullptr;
    const scenario::InboundSettings* inbound = nullptr;
};

// Only open mode grows the index (index_of), and authenticate() reads nothing that grows: so
// authenticate() may run without a lock, and everything else runs under the gateway's.
class Tokens {
public:
    using Index = std::uint32_t;

    explicit Tokens(const scenario::Scenario& scenario);

    enum class Auth { Accepted, Missing, Unknown };
    Auth authenticate(std::string_view token) const;

    // The id `token` goes by, listed or derived, whether or not it was seen yet. Reads nothing
    // that grows (in open mode every id is derived), so it needs no lock either.
    std::string id_of(std::string_view token) const;
    // Whether `id` may name a token: any id in open mode, a listed one's otherwise.
    bool may_be_id(std::string_view id) const;

    // The token's index; a token the scenario does not list (open mode) is added.
    Index index_of(std::string_view token);
    const Token& operator[](Index index) const { return tokens_[index]; }
    // The token that lists `number` among its inbound numbers.
    std::optional<Index> owner_of_number(std::string_view number) const;

private:
    const bool open_;  // the scenario lists no tokens: any non-empty one is accepted
    std::vector<Token> tokens_;
    std::unordered_map<std::string, Index> by_text_;
    std::unordered_map<std::string, Index> by_inbound_number_;
};

}  // namespace sim::gateway
