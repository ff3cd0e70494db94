// A program built against connectel as a Meson subproject.
// tests/install/check_install.py builds it and checks what it prints.
#include <connectel/connectel.hpp>
#include <iostream>
#if __has_include(<connectel/client.hpp>)
#include <connectel/client.hpp>  // until the umbrella includes it
#define CONSUMER_HAS_CLIENT 1
#endif

int main() {
    // "\u20AC" is an extension character: ESC e, two septets.
    const connectel::sms::Analysis a = connectel::sms::analyze("Hello \u20AC");
    std::cout << connectel::sms::to_string(a.encoding) << ", " << a.units << " units, " << a.segments
              << " part\n";
    std::cout << "status 1: " << connectel::status_str(connectel::Status::Delivered) << '\n';
#ifdef CPPHTTPLIB_OPENSSL_SUPPORT
    std::cout << "cpp-httplib defines: yes\n";  // Debian's compiled cpp-httplib needs them
#endif
#ifdef CONSUMER_HAS_CLIENT
    // Constructed, never connected: it only has to link against libcpp-httplib.
    httplib::Client http("http://127.0.0.1:9");
    std::cout << "cpp-httplib linked: " << (http.is_valid() ? "yes" : "no") << '\n';
#endif
}
