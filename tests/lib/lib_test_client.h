// What the library's server tests share: clients set up for a devserver,
// byte helpers, and checks on thrown errors.
#pragma once

#include <glib.h>

#include <chrono>
#include <cstdint>
#include <string>

#include "devserver_process.h"
#include "kaltura/client.h"
#include "kaltura/objects.h"
#include "lib_checks.h"

namespace lib_test {

// Quick retries and a short timeout, so that faults cost little time.
kaltura::ClientConfig config_for(const testing_support::DevServerProcess& server);
kaltura::Credentials admin_credentials();
kaltura::Credentials user_credentials(const std::string& user_id);

// Deterministic pseudo-random bytes.
std::string pattern_bytes(size_t size, uint32_t seed);
GBytes* bytes_of(const std::string& data);  // new reference
std::string sha256_hex(const std::string& data);
// A valid mono 16-bit PCM WAV file of the given length.
std::string wav_file(int milliseconds);
// GET, following redirects; fails the test unless the status is 200.
std::string download(const std::string& url);
// The only attachment of an entry, once READY; fails the test after 10 s.
kaltura::AttachmentAsset wait_for_attachment(kaltura::Client& client, const std::string& entry_id);
// The file of a finished upload token, as the server serves it: the token is
// attached to a new entry as an attachment, which is then downloaded.
std::string download_token_file(kaltura::Client& client, const std::string& token_id);
// Milliseconds from since to now, on the steady clock.
int64_t elapsed_ms(std::chrono::steady_clock::time_point since);

}  // namespace lib_test
