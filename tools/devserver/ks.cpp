#include "ks.h"

#include <glib.h>
#include <nettle/aes.h>
#include <nettle/cbc.h>
#include <nettle/sha1.h>
#include <sys/random.h>

#include <cstdlib>
#include <cstring>
#include <sstream>
#include <vector>

namespace devserver {

namespace {

using Bytes = std::string;

Bytes sha1_binary(const Bytes& data) {
  sha1_ctx ctx;
  sha1_init(&ctx);
  sha1_update(&ctx, data.size(), reinterpret_cast<const uint8_t*>(data.data()));
  uint8_t digest[SHA1_DIGEST_SIZE];
  sha1_digest(&ctx, sizeof digest, digest);
  return Bytes(reinterpret_cast<const char*>(digest), sizeof digest);
}

std::string sha1_hex(const std::string& data) {
  g_autofree char* hex = g_compute_checksum_for_data(G_CHECKSUM_SHA1, reinterpret_cast<const guchar*>(data.data()),
                                                     data.size());
  return hex;
}

// AES-128-CBC with a zero IV and the first 16 bytes of SHA-1(secret) as key.
Bytes aes_cbc(const Bytes& input, const std::string& admin_secret, bool encrypt) {
  Bytes key = sha1_binary(admin_secret).substr(0, AES128_KEY_SIZE);
  uint8_t iv[AES_BLOCK_SIZE] = {};
  Bytes output(input.size(), '\0');
  aes128_ctx ctx;
  auto* out = reinterpret_cast<uint8_t*>(output.data());
  auto* in = reinterpret_cast<const uint8_t*>(input.data());
  if (encrypt) {
    aes128_set_encrypt_key(&ctx, reinterpret_cast<const uint8_t*>(key.data()));
    cbc_encrypt(&ctx, reinterpret_cast<nettle_cipher_func*>(aes128_encrypt), AES_BLOCK_SIZE, iv, input.size(), out,
                in);
  } else {
    aes128_set_decrypt_key(&ctx, reinterpret_cast<const uint8_t*>(key.data()));
    cbc_decrypt(&ctx, reinterpret_cast<nettle_cipher_func*>(aes128_decrypt), AES_BLOCK_SIZE, iv, input.size(), out,
                in);
  }
  return output;
}

std::string base64_encode(const Bytes& data) {
  g_autofree char* text = g_base64_encode(reinterpret_cast<const guchar*>(data.data()), data.size());
  return text;
}

std::optional<Bytes> base64_decode(const std::string& text) {
  // g_base64_decode accepts anything; reject characters outside the alphabet.
  for (char c : text)
    if (!g_ascii_isalnum(c) && c != '+' && c != '/' && c != '=') return std::nullopt;
  gsize size = 0;
  g_autofree guchar* data = g_base64_decode(text.c_str(), &size);
  if (!data) return std::nullopt;
  return Bytes(reinterpret_cast<const char*>(data), size);
}

// Form encoding of a query string value: a space becomes '+'.
std::string form_escape(const std::string& value) {
  g_autofree char* escaped = g_uri_escape_string(value.c_str(), nullptr, FALSE);
  std::string out;
  for (const char* c = escaped; *c; ++c) {
    if (c[0] == '%' && c[1] == '2' && c[2] == '0') {
      out += '+';
      c += 2;
    } else {
      out += *c;
    }
  }
  return out;
}

std::string form_unescape(std::string value) {
  for (char& c : value)
    if (c == '+') c = ' ';
  g_autofree char* plain = g_uri_unescape_string(value.c_str(), nullptr);
  return plain ? plain : "";
}

std::string random_bytes(size_t count) {
  Bytes bytes(count, '\0');
  size_t filled = 0;
  while (filled < count) {
    ssize_t got = getrandom(bytes.data() + filled, count - filled, 0);
    if (got > 0) filled += static_cast<size_t>(got);
  }
  return bytes;
}

bool parse_int(const std::string& text, int64_t& value) {
  if (text.empty()) return false;
  char* end = nullptr;
  value = std::strtoll(text.c_str(), &end, 10);
  return end && *end == '\0';
}

std::optional<KsFields> decode_v2(const std::string& partner, const Bytes& encrypted,
                                  const std::string& admin_secret) {
  KsFields fields;
  int64_t partner_id = 0;
  if (!parse_int(partner, partner_id) || encrypted.empty() || encrypted.size() % AES_BLOCK_SIZE != 0)
    return std::nullopt;
  fields.partner_id = static_cast<int>(partner_id);
  Bytes plain = aes_cbc(encrypted, admin_secret, false);
  while (!plain.empty() && plain.back() == '\0') plain.pop_back();
  if (plain.size() < 20 + 16) return std::nullopt;
  if (sha1_binary(plain.substr(20)) != plain.substr(0, 20)) return std::nullopt;
  std::string query = plain.substr(20 + 16);
  std::vector<std::string> privileges;
  std::stringstream pairs(query);
  std::string pair;
  bool has_expiry = false;
  while (std::getline(pairs, pair, '&')) {
    if (pair.empty()) continue;
    auto equals = pair.find('=');
    std::string name = form_unescape(pair.substr(0, equals));
    std::string value = equals == std::string::npos ? "" : form_unescape(pair.substr(equals + 1));
    int64_t number = 0;
    if (name == "_e") {
      if (!parse_int(value, fields.valid_until)) return std::nullopt;
      has_expiry = true;
    } else if (name == "_t") {
      if (!parse_int(value, number)) return std::nullopt;
      fields.type = static_cast<int>(number);
    } else if (name == "_u") {
      fields.user_id = value;
    } else if (name == "_m") {
      fields.master_partner_id = value;
    } else if (name == "_d") {
      fields.additional_data = value;
    } else if (name == "all" && value == "*") {
      privileges.push_back("*");
    } else {
      privileges.push_back(value.empty() ? name : name + ":" + value);
    }
  }
  if (!has_expiry) return std::nullopt;
  for (size_t i = 0; i < privileges.size(); ++i) fields.privileges += (i ? "," : "") + privileges[i];
  return fields;
}

// sha1hex(adminSecret + INFO) "|" INFO, INFO = pid;pid;validUntil;type;rand;user;privileges;master;additional
std::optional<KsFields> decode_v1(const Bytes& plain, const std::string& admin_secret) {
  auto bar = plain.find('|');
  if (bar != 40) return std::nullopt;
  std::string info = plain.substr(bar + 1);
  std::string signature = plain.substr(0, bar);
  if (g_ascii_strcasecmp(signature.c_str(), sha1_hex(admin_secret + info).c_str()) != 0) return std::nullopt;
  std::vector<std::string> parts;
  std::stringstream list(info);
  std::string item;
  while (std::getline(list, item, ';')) parts.push_back(item);
  parts.resize(std::max<size_t>(parts.size(), 9));
  KsFields fields;
  int64_t number = 0;
  if (!parse_int(parts[0], number)) return std::nullopt;
  fields.partner_id = static_cast<int>(number);
  if (!parse_int(parts[2], fields.valid_until)) return std::nullopt;
  if (!parse_int(parts[3], number)) return std::nullopt;
  fields.type = static_cast<int>(number);
  fields.user_id = parts[5];
  fields.privileges = parts[6];
  fields.master_partner_id = parts[7];
  fields.additional_data = parts[8];
  return fields;
}

}  // namespace

std::vector<std::pair<std::string, std::string>> split_privileges(const std::string& privileges) {
  std::vector<std::pair<std::string, std::string>> out;
  std::stringstream list(privileges);
  std::string item;
  while (std::getline(list, item, ',')) {
    if (item.empty()) continue;
    auto colon = item.find(':');
    if (colon == std::string::npos)
      out.emplace_back(item, "");
    else
      out.emplace_back(item.substr(0, colon), item.substr(colon + 1));
  }
  return out;
}

std::optional<std::string> privilege_value(const std::string& privileges, const std::string& name) {
  for (const auto& [key, value] : split_privileges(privileges))
    if (key == name) return value;
  return std::nullopt;
}

std::string encode_ks_v2(const KsFields& fields, const std::string& admin_secret) {
  std::string query;
  auto add = [&query](const std::string& name, const std::string& value) {
    if (!query.empty()) query += '&';
    query += form_escape(name) + "=" + form_escape(value);
  };
  std::stringstream list(fields.privileges);
  std::string privilege;
  while (std::getline(list, privilege, ',')) {
    if (privilege.empty()) continue;
    if (privilege == "*") {
      add("all", "*");
      continue;
    }
    auto colon = privilege.find(':');
    if (colon == std::string::npos)
      add(privilege, "");
    else
      add(privilege.substr(0, colon), privilege.substr(colon + 1));
  }
  add("_e", std::to_string(fields.valid_until));
  add("_t", std::to_string(fields.type));
  add("_u", fields.user_id);
  if (!fields.master_partner_id.empty()) add("_m", fields.master_partner_id);
  if (!fields.additional_data.empty()) add("_d", fields.additional_data);

  Bytes random = random_bytes(16);
  Bytes signed_part = random + query;
  Bytes plain = sha1_binary(signed_part) + signed_part;
  plain.append((AES_BLOCK_SIZE - plain.size() % AES_BLOCK_SIZE) % AES_BLOCK_SIZE, '\0');
  std::string ks = base64_encode("v2|" + std::to_string(fields.partner_id) + "|" + aes_cbc(plain, admin_secret, true));
  for (char& c : ks) {
    if (c == '+') c = '-';
    if (c == '/') c = '_';
  }
  return ks;
}

std::optional<KsFields> decode_ks(const std::string& ks, const std::string& admin_secret) {
  std::string text = ks;
  for (char& c : text) {
    if (c == '-') c = '+';
    if (c == '_') c = '/';
  }
  std::optional<Bytes> decoded = base64_decode(text);
  if (!decoded) return std::nullopt;
  if (decoded->compare(0, 3, "v2|") == 0) {
    auto bar = decoded->find('|', 3);
    if (bar == std::string::npos) return std::nullopt;
    return decode_v2(decoded->substr(3, bar - 3), decoded->substr(bar + 1), admin_secret);
  }
  return decode_v1(*decoded, admin_secret);
}

}  // namespace devserver
