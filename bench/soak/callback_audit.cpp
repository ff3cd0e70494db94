#include "callback_audit.hpp"

#include <algorithm>
#include <unordered_map>
#include <utility>

#include "scenario.hpp"

namespace soak {

namespace {

constexpr std::size_t max_examples = 5;

void lose(ReceiverAudit& audit, std::uint64_t count, std::string what) {
    audit.lost += count;
    if (audit.examples.size() < max_examples) audit.examples.push_back(std::move(what));
}

// The token's stored messages; those the clients were told were accepted must all be there.
std::vector<StoredMessage> stored_messages(httplib::Client& control, const std::string& token_id,
                                           ReceiverAudit& audit) {
    auto messages = read_messages(control, token_id);
    audit.stored = messages.size();
    // More stored than accepted is no loss: an answer can be lost after the message was stored.
    if (audit.stored < audit.accepted)
        lose(audit, audit.accepted - audit.stored,
             std::to_string(audit.accepted - audit.stored) + " messages accepted and not stored");
    return messages;
}

// How many DLRs of each status a message is owed: one per change after the one it was accepted
// with. Only for a message whose lifecycle has ended.
std::map<std::string, std::uint64_t> dlrs_owed(const StoredMessage& message) {
    std::map<std::string, std::uint64_t> owed;
    for (std::size_t i = 1; i < message.history.size(); ++i) ++owed[message.history[i].status];
    return owed;
}

}  // namespace

ReceiverAudit audit_healthy(httplib::Client& control, const std::string& token_id,
                            const std::string& url_part, std::uint64_t accepted,
                            const std::vector<Receipt>& receipts) {
    ReceiverAudit audit;
    audit.accepted = accepted;
    const auto messages = stored_messages(control, token_id, audit);
    // Each message's receipts, in the order they arrived (the receiver appends them so).
    std::unordered_map<std::string, std::vector<const Receipt*>> arrived;
    for (const auto& receipt : receipts) arrived[receipt.requestid].push_back(&receipt);
    std::uint64_t matched = 0;
    for (const auto& message : messages) {
        const auto found = arrived.find(message.requestid);
        if (found != arrived.end()) matched += found->second.size();
        if (!message.final()) continue;
        ++audit.final;
        const std::vector<const Receipt*> none;
        const auto& got = found == arrived.end() ? none : found->second;
        for (const auto& [status, owed] : dlrs_owed(message)) {
            audit.dlrs_due += owed;
            std::uint64_t count = 0;
            for (const Receipt* r : got) count += r->status == status;
            if (count < owed)
                lose(audit, owed - count,
                     "no " + status + " DLR for " + message.requestid + " reached the receiver");
            else
                audit.duplicates += count - owed;
        }
        // The first arrival of each change must follow the order of the changes.
        std::size_t previous = 0;
        for (std::size_t i = 1; i < message.history.size(); ++i) {
            const auto& change = message.history[i];
            const auto first = std::find_if(got.begin(), got.end(),
                                            [&](const Receipt* r) { return r->status == change.status; });
            if (first == got.end()) break;
            const auto position = static_cast<std::size_t>(first - got.begin());
            if (position < previous) {
                ++audit.out_of_order;
                break;
            }
            previous = position;
            if (i + 1 == message.history.size())
                audit.delays.push_back(
                    {change.at, std::chrono::duration<double, std::milli>((*first)->at - change.at).count()});
        }
    }
    audit.strays = receipts.size() - matched;
    audit.attempts = count_attempts(control, "url=" + url_part);
    audit.attempts_not_delivered = count_attempts(control, "url=" + url_part + "&failed=true");
    return audit;
}

ReceiverAudit audit_failing(httplib::Client& control, const std::string& token_id,
                            const std::string& url_part, std::uint64_t accepted,
                            const std::vector<Receipt>* arrivals) {
    ReceiverAudit audit;
    audit.accepted = accepted;
    const auto messages = stored_messages(control, token_id, audit);
    const auto attempts = read_attempts(control, url_part);
    audit.attempts = attempts.size();

    // Each callback's attempts, numbered 1, 2, ... up to 1 + retries unless one was delivered.
    std::map<std::uint64_t, std::vector<const RecordedAttempt*>> by_callback;
    std::map<std::pair<std::string, std::string>, std::uint64_t> tried;  // attempts per (requestid, status)
    for (const auto& attempt : attempts) {
        by_callback[attempt.callback].push_back(&attempt);
        ++audit.results[attempt.result];
        ++tried[{attempt.requestid, attempt.status}];
        if (attempt.outcome != "delivered") ++audit.attempts_not_delivered;
    }
    audit.callbacks = by_callback.size();
    std::map<std::pair<std::string, std::string>, std::uint64_t> callbacks_of;  // per (requestid, status)
    for (auto& [number, list] : by_callback) {
        std::sort(list.begin(), list.end(), [](auto* a, auto* b) { return a->attempt < b->attempt; });
        ++callbacks_of[{list.front()->requestid, list.front()->status}];
        for (std::size_t i = 0; i < list.size(); ++i)
            if (list[i]->attempt != i + 1) {
                lose(audit, 1,
                     "callback " + std::to_string(number) + " has no attempt " + std::to_string(i + 1));
                break;
            }
        const unsigned made = list.back()->attempt;
        const bool ended = list.back()->outcome == "delivered" ||
                           (list.back()->outcome == "failed" && made == callback_retries + 1);
        if (!ended)
            lose(audit, callback_retries + 1 - std::min(made, callback_retries + 1),
                 "callback " + std::to_string(number) + " stopped after attempt " + std::to_string(made) +
                     " (" + list.back()->outcome + ")");
    }
    for (const auto& message : messages) {
        if (!message.final()) continue;
        ++audit.final;
        for (const auto& [status, owed] : dlrs_owed(message)) {
            audit.dlrs_due += owed;
            const auto made = callbacks_of[{message.requestid, status}];
            if (made < owed)
                lose(audit, owed - made,
                     "no attempt on record for the " + status + " DLR of " + message.requestid);
        }
    }
    if (arrivals) {
        std::map<std::pair<std::string, std::string>, std::uint64_t> reached;
        for (const auto& arrival : *arrivals) ++reached[{arrival.requestid, arrival.status}];
        for (const auto& [key, count] : reached) {
            const auto found = tried.find(key);
            const std::uint64_t on_record = found == tried.end() ? 0 : found->second;
            if (count > on_record)
                lose(audit, count - on_record,
                     key.second + " DLR of " + key.first + " reached the receiver " + std::to_string(count) +
                         " times, " + std::to_string(on_record) + " attempts on record");
        }
        for (const auto& [key, count] : tried) {
            const auto found = reached.find(key);
            const std::uint64_t got = found == reached.end() ? 0 : found->second;
            if (count > got) audit.not_arrived += count - got;
        }
    }
    return audit;
}

}  // namespace soak
