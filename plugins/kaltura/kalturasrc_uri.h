// kalturasrc's URIs: kaltura://ENTRY_ID with optional query parameters
// flavor-params-id=N, flavor-asset-id=ID and service-url=URL (credentials are
// refused, as for every kaltura:// URI: kaltura_uri_parts.h).
#pragma once

#include <optional>
#include <string>

struct KalturaUri {
  std::string entry_id;
  std::optional<int> flavor_params_id;
  std::string flavor_asset_id;
  std::string service_url;
};

// The parsed URI, or nullopt with error saying what is wrong.
std::optional<KalturaUri> kaltura_uri_parse(const std::string& uri, std::string& error);
std::string kaltura_uri_format(const KalturaUri& uri);
