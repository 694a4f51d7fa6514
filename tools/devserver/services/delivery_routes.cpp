// register_delivery_routes: the file URLs of §10 under /p/{pid}/sp/{sp}/.
//   serveFlavor/entryId/{e}/v/{v}/flavorId/{f}/...   a flavor's file
//   raw/entry_id/{e}/version/{v}                     an entry's content
//   playManifest/entryId/{e}/format/{url|download}/...[flavorParamIds/{ids}|flavorId/{f}]
//                                                    a redirect to serveFlavor
//   serveAttachment/attachmentAssetId/{a}/...        an attachment's file
// The core serves the files (with Range) and calls these routes with
// state_mutex held; they only resolve paths.
#include <map>
#include <optional>
#include <sstream>
#include <vector>

#include "../server_context.h"
#include "attachment_asset.h"
#include "content_files.h"
#include "delivery_urls.h"
#include "entry_store.h"
#include "flavor_store.h"

namespace devserver {

namespace {

struct RoutePath {
  int partner_id = 0;
  std::string kind;  // serveFlavor, raw, playManifest, serveAttachment
  std::map<std::string, std::string> values;  // the /key/value pairs after the kind
};

std::optional<RoutePath> parse_route_path(const std::string& path) {
  std::vector<std::string> segments;
  std::stringstream stream(path);
  std::string segment;
  while (std::getline(stream, segment, '/'))
    if (!segment.empty()) segments.push_back(segment);
  if (segments.size() < 5 || segments[0] != "p" || segments[2] != "sp") return std::nullopt;
  RoutePath route;
  route.partner_id = static_cast<int>(g_ascii_strtoll(segments[1].c_str(), nullptr, 10));
  route.kind = segments[4];
  for (size_t i = 5; i + 1 < segments.size(); i += 2) route.values[segments[i]] = segments[i + 1];
  return route;
}

std::string value_of(const RoutePath& route, const char* key) {
  const auto found = route.values.find(key);
  return found == route.values.end() ? "" : found->second;
}

FileRouteResult file_result(const std::string& path, const std::string& extension) {
  FileRouteResult result;
  if (path.empty()) return result;
  result.kind = FileRouteResult::Kind::File;
  result.file_path = path;
  result.content_type = content_type_for_extension(extension);
  return result;
}

std::optional<Entry> live_entry(ServerContext& server, const RoutePath& route, const std::string& entry_id) {
  auto entry = EntryStore(server.db()).find(entry_id);
  if (!entry || entry->status == entry_status::kDeleted || entry->partner_id != route.partner_id) return std::nullopt;
  return entry;
}

std::optional<FlavorAsset> ready_flavor(ServerContext& server, const RoutePath& route, const std::string& flavor_id) {
  auto flavor = FlavorStore(server.db()).find(flavor_id);
  if (!flavor || flavor->status != flavor_status::kReady || flavor->partner_id != route.partner_id)
    return std::nullopt;
  return flavor;
}

// The flavor a playManifest or raw request means: flavorId, else the first
// of flavorParamIds that is READY, else the source.
std::optional<FlavorAsset> chosen_flavor(ServerContext& server, const RoutePath& route, const Entry& entry) {
  const std::string flavor_id = value_of(route, "flavorId");
  if (!flavor_id.empty()) {
    auto flavor = ready_flavor(server, route, flavor_id);
    return flavor && flavor->entry_id == entry.id ? flavor : std::nullopt;
  }
  const auto flavors = FlavorStore(server.db()).live_of_entry(entry.id);
  const std::string params_ids = value_of(route, "flavorParamIds");
  if (!params_ids.empty()) {
    std::stringstream ids(params_ids);
    std::string id;
    while (std::getline(ids, id, ','))
      for (const auto& flavor : flavors)
        if (flavor.status == flavor_status::kReady && std::to_string(flavor.flavor_params_id) == id) return flavor;
    return std::nullopt;
  }
  for (const auto& flavor : flavors)
    if (flavor.status == flavor_status::kReady && flavor.is_original) return flavor;
  return std::nullopt;
}

FileRouteResult serve_flavor(ServerContext& server, const RoutePath& route) {
  auto flavor = ready_flavor(server, route, value_of(route, "flavorId"));
  if (!flavor || flavor->entry_id != value_of(route, "entryId") || !live_entry(server, route, flavor->entry_id))
    return {};
  // Only a flavor's current file is kept: the URL of an earlier version
  // (content since replaced) finds nothing, as on Kaltura once that file
  // is gone (while it is kept there, the URL still gives the old file).
  const std::string version = value_of(route, "v");
  if (!version.empty() && version != std::to_string(flavor->version)) return {};
  return file_result(flavor->file_path, flavor->file_ext);
}

FileRouteResult raw_entry(ServerContext& server, const RoutePath& route) {
  auto entry = live_entry(server, route, value_of(route, "entry_id"));
  if (!entry) return {};
  if (entry->type == entry_type::kData) return file_result(entry->data_file_path, "txt");
  auto flavor = chosen_flavor(server, route, *entry);
  return flavor ? file_result(flavor->file_path, flavor->file_ext) : FileRouteResult{};
}

FileRouteResult play_manifest(ServerContext& server, const RoutePath& route) {
  const std::string format = value_of(route, "format");
  if (!format.empty() && format != "url" && format != "download") return {};
  auto entry = live_entry(server, route, value_of(route, "entryId"));
  if (!entry) return {};
  auto flavor = chosen_flavor(server, route, *entry);
  if (!flavor) return {};
  FileRouteResult result;
  result.kind = FileRouteResult::Kind::Redirect;
  result.redirect_url = flavor_file_url(server, *flavor);
  return result;
}

FileRouteResult serve_attachment(ServerContext& server, const RoutePath& route) {
  auto asset = AttachmentStore(server.db()).find(value_of(route, "attachmentAssetId"));
  if (!asset || asset->status != attachment_status::kReady || asset->partner_id != route.partner_id ||
      !live_entry(server, route, asset->entry_id))
    return {};
  FileRouteResult result = file_result(asset->file_path, asset->file_ext);
  result.download_name = asset->filename;
  return result;
}

FileRouteResult resolve(ServerContext& server, const std::string& path) {
  auto route = parse_route_path(path);
  if (!route) return {};
  if (route->kind == "serveFlavor") return serve_flavor(server, *route);
  if (route->kind == "raw") return raw_entry(server, *route);
  if (route->kind == "playManifest") return play_manifest(server, *route);
  if (route->kind == "serveAttachment") return serve_attachment(server, *route);
  return {};
}

}  // namespace

void register_delivery_routes(ServerContext& server) {
  ServerContext* context = &server;
  server.add_file_route("/p/", [context](const std::string& path, const std::map<std::string, std::string>&) {
    return resolve(*context, path);
  });
}

}  // namespace devserver
