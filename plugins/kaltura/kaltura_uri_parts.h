// What kalturasrc's and kalturasink's URIs share: kaltura://ENTRY_ID?NAME=VALUE&...
// with the entry id optional and parameters percent-encoded. Credentials
// never travel in a URI (URIs end up in logs, playlists and process lists):
// one that carries ks=, secret= or app-token= is refused.
#pragma once

#include <gst/gst.h>

#include <optional>
#include <string>
#include <utility>
#include <vector>

struct KalturaUriParts {
  std::string entry_id;                                     // "" when the URI names none
  std::vector<std::pair<std::string, std::string>> params;  // decoded, in URI order
};

// Letters, digits and '_': what Kaltura's ids are made of.
bool kaltura_is_id(const std::string& text);

// The entry id and parameters of a kaltura:// URI, or nullopt with error
// saying what is wrong (another scheme, a path that is not an id, a bad
// query, a credential).
std::optional<KalturaUriParts> kaltura_uri_split(const std::string& uri, std::string& error);

// kaltura://ENTRY_ID?NAME=VALUE&..., values percent-encoded.
std::string kaltura_uri_join(const KalturaUriParts& parts);

// What both elements' GstURIHandler shares: the "kaltura" protocol, and a
// URI that changes only in the NULL or READY state (FALSE with
// GST_URI_ERROR_BAD_STATE otherwise).
const gchar* const* kaltura_uri_protocols(GType type);
gboolean kaltura_uri_may_change(GstElement* element, GError** error);
