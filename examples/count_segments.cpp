// Before sending: which encoding, how many parts, and what look-alikes cost you.
#include <connectel/sms.hpp>
#include <iostream>
#include <string>

int main() {
    namespace sms = connectel::sms;
    const std::string text =
        "Your code is 123456 \u2014 don\u2019t share it.";  // an em dash, a curly apostrophe

    const sms::Analysis a = sms::analyze(text);
    std::cout << sms::to_string(a.encoding) << ", " << a.units << " units, " << a.segments << " part\n";

    // Those two look-alikes force UCS-2; replacing them gives GSM-7, and says what changed.
    const sms::LookalikeResult smart = sms::replace_lookalikes(text);
    for (const sms::Replacement& r : smart.replacements)
        std::cout << "character " << r.char_offset << " becomes \"" << r.replacement << "\"\n";
    std::cout << sms::to_string(sms::analyze(smart.text).encoding) << '\n';

    // A long text splits where a handset would: never inside an ESC pair or a surrogate pair.
    const sms::Split parts = sms::split(std::string(152, 'a') + "\u20AC" + std::string(152, 'a'));
    for (const sms::Segment& s : parts.segments)
        std::cout << "part at character " << s.char_offset << ", septets: " << s.units << '\n';

    // Invalid UTF-8 names its byte offset, with or without exceptions.
    sms::Utf8Error error;
    (void)sms::analyze("caf\xC3", {}, error);
    std::cout << error.message() << '\n';
}
