// A program built against connectel the way a user's is: tests/install/check_install.py builds
// it with CMake's find_package, with a pkg-config line and as a Meson subproject, and checks
// what it prints; tests/package/check_packages.py, the first two against the Debian packages.
#include <connectel/connectel.hpp>
#include <iostream>

int main() {
    // "\u20AC" is an extension character: ESC e, two septets.
    const connectel::sms::Analysis a = connectel::sms::analyze("Hello \u20AC");
    std::cout << connectel::sms::to_string(a.encoding) << ", " << a.units << " units, " << a.segments << " part\n";
    std::cout << "status 1: " << connectel::status_str(connectel::Status::Delivered) << '\n';
#ifdef CPPHTTPLIB_OPENSSL_SUPPORT
    std::cout << "cpp-httplib defines: yes\n";  // Debian's compiled cpp-httplib needs them
#endif
    // Constructed, never connected: the client only has to link against libcpp-httplib.
    connectel::ClientOptions options;
    options.base_url = "http://127.0.0.1:9";
    const connectel::Client client(options);
    std::cout << "client for " << client.options().base_url << '\n';
}
