// Storing, bounding and paging inbound SMS.
#include "gateway/inbound_store.hpp"

namespace sim::gateway {

const InboundRecord& InboundStore::store(std::string_view from, std::string_view to, std::string_view message,
                                         const Token& owner, std::string_view origin, Time now) {
    const auto index = static_cast<std::uint32_t>(items_.end());
    InboundRecord& record = items_.emplace_back();
    record.request_id = ids_.request_id(now, index);
    record.from = std::string(from);
    record.to = std::string(to);
    record.message = std::string(message);
    record.token = owner.token;
    record.token_id = owner.id;
    record.at = now;
    record.origin = std::string(origin);
    bytes_ += footprint(record);
    ++kept_;
    changes_.note(index);
    while (limits_.exceeded(kept_, bytes_)) {  // never `record`: the newest stays
        bytes_ -= footprint(items_.front());
        --kept_;
        items_.drop_oldest();
    }
    return record;
}

Page<InboundRecord> InboundStore::page(const InboundFilter& filter, const PageSpec& spec) const {
    const auto positions = select_page(items_.first(), items_.end(), spec, [&](std::size_t i) {
        return !items_[i].forgotten() && matches(filter, items_[i]);
    });
    Page<InboundRecord> page{{}, positions.total, positions.more};
    for (const auto i : positions.items) page.items.push_back(items_[i]);
    return page;
}

std::optional<std::size_t> InboundStore::position(std::string_view request_id) const {
    const auto index = ids_.request_index(request_id);
    if (!index || *index >= items_.end()) return std::nullopt;
    if (items_.holds(*index) && !items_[*index].forgotten() && items_[*index].request_id != request_id)
        return std::nullopt;
    return index;
}

void InboundStore::clear() {
    items_.restart();
    kept_ = 0;
    bytes_ = 0;
    changes_.note_cleared();
}

void InboundStore::restore(std::size_t number, InboundRecord sms) {
    bytes_ += footprint(items_.restore_at(number, std::move(sms)));
    ++kept_;
}

std::size_t InboundStore::forget_token(std::string_view token_id) {
    return items_.forget_if([&](const InboundRecord& sms) { return sms.token_id == token_id; },
                            [&](std::size_t number, const InboundRecord& sms) {
                                bytes_ -= footprint(sms);
                                --kept_;
                                changes_.note(number);
                            });
}

// What an inbound SMS costs beyond its texts, as measured (docs/simulator.md, "Memory"), plus them.
std::size_t InboundStore::footprint(const InboundRecord& sms) {
    return 256 + sms.from.size() + sms.to.size() + sms.message.size() + sms.token.size() + sms.token_id.size() +
           sms.origin.size();
}

}  // namespace sim::gateway
