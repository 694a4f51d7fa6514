#include "lib_test_client.h"

#include "kaltura/operations.h"
#include "raw_http.h"

namespace lib_test {

kaltura::ClientConfig config_for(const testing_support::DevServerProcess& server) {
  kaltura::ClientConfig config;
  config.service_url = server.url();
  config.timeout = std::chrono::seconds(20);
  config.retry.max_retries = 8;
  config.retry.initial_delay = std::chrono::milliseconds(20);
  config.retry.max_delay = std::chrono::milliseconds(300);
  config.retry.max_total = std::chrono::milliseconds(60000);
  return config;
}

kaltura::Credentials admin_credentials() {
  kaltura::Credentials credentials;
  credentials.partner_id = testing_support::kPartnerId;
  credentials.secret = testing_support::kAdminSecret;
  credentials.session_type = kaltura::SessionType::Admin;
  return credentials;
}

kaltura::Credentials user_credentials(const std::string& user_id) {
  kaltura::Credentials credentials;
  credentials.partner_id = testing_support::kPartnerId;
  credentials.secret = testing_support::kUserSecret;
  credentials.session_type = kaltura::SessionType::User;
  credentials.user_id = user_id;
  return credentials;
}

std::string pattern_bytes(size_t size, uint32_t seed) {
  std::string data(size, '\0');
  uint32_t state = seed * 2654435761u + 1;
  for (char& c : data) {
    state = state * 1664525u + 1013904223u;
    c = static_cast<char>(state >> 24);
  }
  return data;
}

GBytes* bytes_of(const std::string& data) { return g_bytes_new(data.data(), data.size()); }

std::string sha256_hex(const std::string& data) {
  g_autofree char* hex = g_compute_checksum_for_data(G_CHECKSUM_SHA256, reinterpret_cast<const guchar*>(data.data()),
                                                     data.size());
  return hex;
}

std::string wav_file(int milliseconds) {
  const uint32_t rate = 8000;
  const uint32_t samples = rate * static_cast<uint32_t>(milliseconds) / 1000;
  const uint32_t data_size = samples * 2;
  std::string out;
  auto u32 = [&](uint32_t v) {
    for (int i = 0; i < 4; ++i) out += static_cast<char>((v >> (8 * i)) & 0xff);
  };
  auto u16 = [&](uint16_t v) {
    out += static_cast<char>(v & 0xff);
    out += static_cast<char>(v >> 8);
  };
  out += "RIFF";
  u32(36 + data_size);
  out += "WAVEfmt ";
  u32(16);
  u16(1);  // PCM
  u16(1);  // mono
  u32(rate);
  u32(rate * 2);
  u16(2);
  u16(16);
  out += "data";
  u32(data_size);
  for (uint32_t i = 0; i < samples; ++i) u16(static_cast<uint16_t>((i * 600) & 0x3fff));  // a sawtooth
  return out;
}

std::string download(const std::string& url) {
  std::string current = url;
  for (int hop = 0; hop < 5; ++hop) {
    testing_support::HttpResponse response = testing_support::http_request("GET", current);
    if (!response.transport_error.empty()) g_error("GET %s: %s", current.c_str(), response.transport_error.c_str());
    if (response.status == 200) return response.body;
    if (response.status >= 300 && response.status < 400 && response.headers.count("location")) {
      current = response.headers["location"];
      continue;
    }
    g_error("GET %s: HTTP %d", current.c_str(), response.status);
  }
  g_error("GET %s: too many redirects", url.c_str());
}

kaltura::AttachmentAsset wait_for_attachment(kaltura::Client& client, const std::string& entry_id) {
  using namespace kaltura;
  for (int i = 0; i < 100; ++i) {
    auto list = ListResult<AttachmentAsset>::from_json(client.call(ops::attachment_list(entry_id)));
    if (list.objects.size() == 1 && list.objects[0].status == 2) return list.objects[0];
    g_usleep(100000);
  }
  g_error("the attachment of %s did not become READY", entry_id.c_str());
}

std::string download_token_file(kaltura::Client& client, const std::string& token_id) {
  using namespace kaltura;
  ops::EntryFields fields;
  fields.name = "holder of " + token_id;
  fields.media_type = 1;
  const Entry entry = Entry::from_json(client.call(ops::media_add(fields)));
  const AttachmentAsset asset =
      AttachmentAsset::from_json(client.call(ops::attachment_add(entry.id, "Upload", "upload.bin", "")));
  client.call(ops::attachment_set_content(asset.id, ops::token_resource(token_id)));
  wait_for_attachment(client, entry.id);
  return download(client.call(ops::attachment_get_url(asset.id)).as_string());
}

int64_t elapsed_ms(std::chrono::steady_clock::time_point since) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - since).count();
}

}  // namespace lib_test
