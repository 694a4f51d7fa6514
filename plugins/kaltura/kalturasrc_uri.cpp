#include "kalturasrc_uri.h"

#include <glib.h>

#include "kaltura_uri_parts.h"

std::optional<KalturaUri> kaltura_uri_parse(const std::string& uri, std::string& error) {
  const std::optional<KalturaUriParts> parts = kaltura_uri_split(uri, error);
  if (!parts) return std::nullopt;
  KalturaUri parsed;
  parsed.entry_id = parts->entry_id;
  for (const auto& [name, text] : parts->params) {
    if (name == "flavor-params-id") {
      char* end = nullptr;
      const gint64 number = g_ascii_strtoll(text.c_str(), &end, 10);
      if (text.empty() || *end || number < 0 || number > G_MAXINT) {
        // The value is not quoted: a URI put together wrongly may hold a credential there.
        error = "the value of flavor-params-id is not a flavor params id (a number: 0 for the source)";
        return std::nullopt;
      }
      parsed.flavor_params_id = static_cast<int>(number);
    } else if (name == "flavor-asset-id") {
      if (text.empty() || !kaltura_is_id(text)) {
        error = "the value of flavor-asset-id is not a flavor asset id (such as 0_ab12cd34)";
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
  if (parsed.entry_id.empty() && parsed.flavor_asset_id.empty()) {
    error = "the URI names no entry (kaltura://ENTRY_ID)";
    return std::nullopt;
  }
  return parsed;
}

std::string kaltura_uri_format(const KalturaUri& uri) {
  KalturaUriParts parts;
  parts.entry_id = uri.entry_id;
  if (uri.flavor_params_id) parts.params.emplace_back("flavor-params-id", std::to_string(*uri.flavor_params_id));
  if (!uri.flavor_asset_id.empty()) parts.params.emplace_back("flavor-asset-id", uri.flavor_asset_id);
  if (!uri.service_url.empty()) parts.params.emplace_back("service-url", uri.service_url);
  return kaltura_uri_join(parts);
}
