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
    while (limits_.exceeded(items_.size(), bytes_)) {  // never `record`: the newest stays
        bytes_ -= footprint(items_.front());
        items_.pop_front();
    }
    return record;
}

Page<InboundRecord> InboundStore::page(const InboundFilter& filter, const PageSpec& spec) const {
    const auto positions = select_page(items_.first(), items_.end(), spec, [&](std::size_t i) {
        return matches(filter, items_[i]);
    });
    Page<InboundRecord> page{{}, positions.total, positions.more};
    for (const auto i : positions.items) page.items.push_back(items_[i]);
    return page;
}

std::optional<std::size_t> InboundStore::position(std::string_view request_id) const {
    const auto index = ids_.request_index(request_id);
    if (!index || *index >= items_.end()) return std::nullopt;
    if (items_.holds(*index) && items_[*index].request_id != request_id) return std::nullopt;
    return index;
}

void InboundStore::clear() {
    items_.restart();
    bytes_ = 0;
}

// What an inbound SMS costs beyond its texts, as measured (docs/simulator.md, "Memory"), plus them.
std::size_t InboundStore::footprint(const InboundRecord& sms) {
    return 256 + sms.from.size() + sms.to.size() + sms.message.size() + sms.token.size() + sms.token_id.size() +
           sms.origin.size();
}

}  // namespace sim::gateway
