#include "kaltura_uri_parts.h"

#include <glib.h>

#include <cstring>

#include "kaltura_property_state.h"
#include "url_password.h"

namespace {

constexpr const char* kScheme = "kaltura://";

bool is_credential(const std::string& name) {
  for (const char* credential : {"ks", "secret", "admin-secret", "user-secret", "app-token", "apptoken", "password"})
    if (g_ascii_strcasecmp(name.c_str(), credential) == 0) return true;
  return false;
}

}  // namespace

bool kaltura_is_id(const std::string& text) {
  return text.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_") == std::string::npos;
}

std::optional<KalturaUriParts> kaltura_uri_split(const std::string& uri, std::string& error) {
  if (g_ascii_strncasecmp(uri.c_str(), kScheme, strlen(kScheme)) != 0) {
    error = "not a kaltura:// URI";
    return std::nullopt;
  }
  const std::string rest = uri.substr(strlen(kScheme));
  const size_t question = rest.find('?');
  std::string entry = rest.substr(0, question);
  while (!entry.empty() && entry.back() == '/') entry.pop_back();
  if (!kaltura_is_id(entry)) {
    // Not quoted: "partner:secret@host/0_abc" or "0_abc&ks=..." would show a secret.
    error =
        "the part before \"?\" is not an entry id (kaltura://ENTRY_ID?property=value; a kaltura:// URI names "
        "no host or user)";
    return std::nullopt;
  }
  KalturaUriParts parts;
  parts.entry_id = entry;
  if (question == std::string::npos) return parts;
  const std::string query = rest.substr(question + 1);
  g_auto(GStrv) pairs = g_strsplit(query.c_str(), "&", -1);
  for (char** pair = pairs; *pair; ++pair) {
    if (!**pair) continue;
    const char* equals = strchr(*pair, '=');
    const std::string raw_name = equals ? std::string(*pair, equals - *pair) : std::string(*pair);
    g_autofree char* name = g_uri_unescape_string(raw_name.c_str(), nullptr);
    g_autofree char* value = g_uri_unescape_string(equals ? equals + 1 : "", nullptr);
    // A credential is refused by its name alone, before its value is looked at.
    if (is_credential(name ? name : raw_name)) {
      error = std::string("credentials are never taken from a URI (\"") + (name ? name : raw_name) +
              "=\"): set them on the element or in the environment (KALTURA_KS, KALTURA_PARTNER_ID with "
              "KALTURA_SECRET, ...)";
      return std::nullopt;
    }
    // A password in the service URL is a credential too.
    if (name && value && g_ascii_strcasecmp(name, "service-url") == 0 && url_has_password(value)) {
      error =
          "credentials are never taken from a URI (a password in service-url): set service-url on the element "
          "or in the environment (KALTURA_SERVICE_URL)";
      return std::nullopt;
    }
    if (!name || !value) {  // the value is not quoted: it may hold a password (service-url)
      error = "bad query: the " +
              std::string(name ? "value of \"" + std::string(name) + "\"" : "name \"" + raw_name + "\"") +
              " is not percent-encoded right";
      return std::nullopt;
    }
    parts.params.emplace_back(name, value);
  }
  return parts;
}

std::string kaltura_uri_join(const KalturaUriParts& parts) {
  std::string text = kScheme + parts.entry_id;
  char separator = '?';
  for (const auto& [name, value] : parts.params) {
    g_autofree char* escaped = g_uri_escape_string(value.c_str(), nullptr, FALSE);
    text += separator + name + "=" + escaped;
    separator = '&';
  }
  return text;
}

const gchar* const* kaltura_uri_protocols(GType) {
  static const gchar* protocols[] = {"kaltura", nullptr};
  return protocols;
}

gboolean kaltura_uri_may_change(GstElement* element, GError** error) {
  if (!kaltura_element_started(element)) return TRUE;
  g_set_error(error, GST_URI_ERROR, GST_URI_ERROR_BAD_STATE, "The URI can only be set in the NULL or READY state");
  return FALSE;
}
