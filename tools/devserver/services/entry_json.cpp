#include "entry_json.h"

#include <set>

#include "../server_context.h"
#include "delivery_urls.h"
#include "entry_fields.h"
#include "flavor_store.h"
#include "json_output.h"

namespace devserver {

namespace {

// "0,3": the flavor params of the entry's READY flavors (what can be played
// or downloaded), each once, ascending.
std::string flavor_params_ids_of(ServerContext& server, const Entry& entry) {
  std::set<int64_t> ids;
  for (const auto& flavor : FlavorStore(server.db()).live_of_entry(entry.id))
    if (flavor.status == flavor_status::kReady) ids.insert(flavor.flavor_params_id);
  std::string list;
  for (int64_t id : ids) list += (list.empty() ? "" : ",") + std::to_string(id);
  return list;
}

void add_attribute(ResultObject& object, const AttributeSpec& spec, const std::string& value) {
  switch (spec.kind) {
    case WireKind::Integer:
      object.integer(spec.name, g_ascii_strtoll(value.c_str(), nullptr, 10));
      break;
    case WireKind::Boolean:
      object.boolean(spec.name, value == "1");
      break;
    default:
      object.text(spec.name, value);
  }
}

void add_optional_text(ResultObject& object, const char* name, const std::string& value) {
  if (!value.empty()) object.text(name, value);
}

}  // namespace

JsonNode* entry_to_json(ServerContext& server, const Entry& entry) {
  ResultObject object;
  if (entry.type == entry_type::kMediaClip) {
    if (entry.media_type != 0) object.integer("mediaType", entry.media_type);
    object.text("sourceType", entry.source_type)
        .text("dataUrl", entry_data_url(server, entry))
        .text("flavorParamsIds", flavor_params_ids_of(server, entry))
        .integer("plays", 0)
        .integer("views", 0)
        .integer("width", entry.width)
        .integer("height", entry.height)
        .integer("duration", (entry.ms_duration + 500) / 1000)
        .integer("msDuration", entry.ms_duration);
  }
  if (entry.type == entry_type::kData) {
    object.text("dataContent", entry.data_content);
  }
  if (entry.type == entry_type::kDocument) object.integer("documentType", entry.document_type);
  object.text("id", entry.id)
      .text("name", entry.name)
      .integer("partnerId", entry.partner_id)
      .text("userId", entry.user_id)
      .text("creatorId", entry.creator_id);
  add_optional_text(object, "tags", entry.tags);
  add_optional_text(object, "referenceId", entry.reference_id);
  if (entry.status == entry_status::kVirusScanInfected)
    object.text("status", "virusScan.Infected");
  else
    object.integer("status", entry.status);
  object.integer("moderationStatus", entry.moderation_status())
      .integer("moderationCount", 0)
      .integer("type", entry.type)
      .integer("createdAt", entry.created_at)
      .integer("updatedAt", entry.updated_at)
      .integer("rank", 0)
      .integer("totalRank", 0)
      .integer("votes", 0)
      .text("downloadUrl", entry_download_url(server, entry))
      .integer("version", entry.version)
      .text("thumbnailUrl", entry_thumbnail_url(server, entry));
  add_optional_text(object, "replacingEntryId", entry.replacing_entry_id);
  add_optional_text(object, "replacedEntryId", entry.replaced_entry_id);
  object.integer("replacementStatus", entry.replacement_status)
      .integer("conversionProfileId", entry.conversion_profile_id)
      .text("rootEntryId", entry.id)
      .text("capabilities", "");
  for (const auto& spec : entry_attribute_specs()) {
    const auto found = entry.attributes.find(spec.name);
    if (found != entry.attributes.end()) add_attribute(object, spec, found->second);
  }
  return object.finish(entry.class_name());
}

}  // namespace devserver
