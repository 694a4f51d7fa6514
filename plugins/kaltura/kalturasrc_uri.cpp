#include "kalturasrc_uri.h"

#include <glib.h>

#include <cstring>

namespace {

constexpr const char* kScheme = "kaltura://";

bool is_id(const std::string& text) {
  return text.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_") ==
         std::string::npos;
}

bool is_credential(const std::string& name) {
  for (const char* credential : {"ks", "secret", "admin-secret", "user-secret", "app-token", "apptoken", "password"})
    if (g_ascii_strcasecmp(name.c_str(), credential) == 0) return true;
  return false;
}

std::string escaped(const std::string& text) {
  g_autofree char* escaped = g_uri_escape_string(text.c_str(), nullptr, FALSE);
  return escaped;
}

}  // namespace

std::optional<KalturaUri> kaltura_uri_parse(const std::string& uri, std::string& error) {
  if (g_ascii_strncasecmp(uri.c_str(), kScheme, strlen(kScheme)) != 0) {
    error = "not a kaltura:// URI";
    return std::nullopt;
  }
  const std::string rest = uri.substr(strlen(kScheme));
  const size_t question = rest.find('?');
  std::string entry = rest.substr(0, question);
  while (!entry.empty() && entry.back() == '/') entry.pop_back();
  KalturaUri parsed;
  if (!is_id(entry)) {
    error = "\"" + entry + "\" is not an entry id";
    return std::nullopt;
  }
  parsed.entry_id = entry;
  if (question != std::string::npos) {
    g_autoptr(GError) parse_error = nullptr;
    g_autoptr(GHashTable) params = g_uri_parse_params(rest.c_str() + question + 1, -1, "&", G_URI_PARAMS_NONE,
                                                      &parse_error);
    if (!params) {
      error = std::string("bad query: ") + parse_error->message;
      return std::nullopt;
    }
    GHashTableIter iter;
    gpointer key = nullptr, value = nullptr;
    g_hash_table_iter_init(&iter, params);
    while (g_hash_table_iter_next(&iter, &key, &value)) {
      const std::string name = static_cast<const char*>(key);
      const std::string text = static_cast<const char*>(value);
      if (is_credential(name)) {
        error = "credentials are never taken from a URI (\"" + name +
                "=\"): set them on the element or in the environment (KALTURA_KS, KALTURA_PARTNER_ID with "
                "KALTURA_SECRET, ...)";
        return std::nullopt;
      }
      if (name == "flavor-params-id") {
        char* end = nullptr;
        const gint64 number = g_ascii_strtoll(text.c_str(), &end, 10);
        if (text.empty() || *end || number < 0 || number > G_MAXINT) {
          error = "flavor-params-id \"" + text + "\" is not a flavor params id";
          return std::nullopt;
        }
        parsed.flavor_params_id = static_cast<int>(number);
      } else if (name == "flavor-asset-id") {
        if (text.empty() || !is_id(text)) {
          error = "flavor-asset-id \"" + text + "\" is not a flavor asset id";
          return std::nullopt;
        }
        parsed.flavor_asset_id = text;
      } else if (name == "service-url") {
        parsed.service_url = text;
      } else {
        error = "unknown parameter \"" + name + "\" (known: flavor-params-id, flavor-asset-id, service-url)";
        return std::nullopt;
      }
    }
  }
  if (parsed.entry_id.empty() && parsed.flavor_asset_id.empty()) {
    error = "the URI names no entry (kaltura://ENTRY_ID)";
    return std::nullopt;
  }
  return parsed;
}

std::string kaltura_uri_format(const KalturaUri& uri) {
  std::string text = kScheme + uri.entry_id;
  std::string query;
  auto add = [&](const char* name, const std::string& value) {
    query += (query.empty() ? "?" : "&") + std::string(name) + "=" + escaped(value);
  };
  if (uri.flavor_params_id) add("flavor-params-id", std::to_string(*uri.flavor_params_id));
  if (!uri.flavor_asset_id.empty()) add("flavor-asset-id", uri.flavor_asset_id);
  if (!uri.service_url.empty()) add("service-url", uri.service_url);
  return text + query;
}
