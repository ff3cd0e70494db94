// The tokens the gateway knows, in one index: the scenario's, each with its id, its DLR URL and
// its inbound numbers and URL; when the scenario lists none, every token it is shown; and the
// entry `default`, whose settings (the command line's) go for every token that has none of its
// own, and which owns the numbers the command line gives.
#pragma once

#include <cstdint>
#include <deque>
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

// The id of the entry whose settings every token without its own takes. A scenario cannot give
// a token this id.
inline constexpr std::string_view default_token_id = "default";

struct Token {
    std::string token;  // empty for the default entry, which no request can use
    std::string id;     // "tokenid" in callbacks: the scenario's, or derived from the token
    // Where its callbacks go: its own setting, else the default entry's; null when neither has
    // one. Tokens keeps them pointing right as settings change.
    const scenario::CallbackTarget* dlr = nullptr;
    const scenario::InboundSettings* inbound = nullptr;
    scenario::TokenCallbacks own{};  // the scenario's, or what a control call set
    bool listed = false;           // in the scenario's tokens
    bool set_at_run_time = false;  // `own` is a control call's

    bool is_default() const noexcept { return id == default_token_id && token.empty(); }
};

// Only open mode grows the index (index_of), and authenticate() reads nothing that grows: so
// authenticate() may run without a lock, and everything else runs under the gateway's.
class Tokens {
public:
    using Index = std::uint32_t;
    static constexpr Index default_index = 0;

    // `defaults`: the default entry's settings (the command line's). Its numbers must not be
    // any listed token's (the simulator checks that before it starts).
    explicit Tokens(const scenario::Scenario& scenario, scenario::TokenCallbacks defaults = {});

    enum class Auth { Accepted, Missing, Unknown };
    Auth authenticate(std::string_view token) const;

    // The id `token` goes by, listed or derived, whether or not it was seen yet. Reads nothing
    // that grows (in open mode every id is derived), so it needs no lock either.
    std::string id_of(std::string_view token) const;
    // Whether `id` may name a token: any id in open mode, a listed one's (or the default
    // entry's) otherwise.
    bool may_be_id(std::string_view id) const;
    bool open() const noexcept { return open_; }

    // The token's index; a token the scenario does not list (open mode) is added.
    Index index_of(std::string_view token);
    // The entry with this id, if one (the default entry, a listed token, or one seen).
    std::optional<Index> find_id(std::string_view id) const;
    const Token& operator[](Index index) const { return tokens_[index]; }
    std::size_t size() const noexcept { return tokens_.size(); }
    // The token that lists `number` among its inbound numbers.
    std::optional<Index> owner_of_number(std::string_view number) const;

    // Replaces a token's own settings (a control call's): what it leaves out, the token takes
    // from the default entry; for the default entry, every token without its own changes with
    // it. Returns the id of the token that already has one of the numbers, and changes nothing
    // then.
    std::optional<std::string> set_own(Index index, scenario::TokenCallbacks own);

private:
    Index add(Token token);
    void point(Token& token) const;  // its dlr and inbound, from its own settings or the default's

    const bool open_;  // the scenario lists no tokens: any non-empty one is accepted
    std::deque<Token> tokens_;  // a deque: tokens point into each other's settings
    std::unordered_map<std::string, Index> by_text_;
    std::unordered_map<std::string, Index> by_inbound_number_;
};

}  // namespace sim::gateway
