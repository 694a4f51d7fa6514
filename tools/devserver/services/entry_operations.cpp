#include "entry_operations.h"

#include "../server_context.h"
#include "content_files.h"
#include "content_resource.h"
#include "conversion_profile_catalogue.h"
#include "entry_access.h"
#include "entry_content.h"
#include "entry_input.h"
#include "entry_json.h"
#include "entry_listing.h"
#include "entry_store.h"
#include "flavor_deletion.h"
#include "json_output.h"
#include "replacement.h"

namespace devserver {

namespace {

JsonNode* current_entry_json(ActionCall& call, const std::string& entry_id) {
  auto entry = EntryStore(call.server->db()).find(entry_id);
  if (!entry) throw ApiError("ENTRY_ID_NOT_FOUND", {{"ENTRY_ID", entry_id}});
  return entry_to_json(*call.server, *entry);
}

void set_conversion_profile(ServerContext& server, const std::string& entry_id, int64_t profile_id) {
  EntryStore entries(server.db());
  auto entry = entries.find(entry_id);
  if (!entry) return;
  entry->conversion_profile_id = profile_id;
  entries.update(*entry);
}

}  // namespace

JsonNode* add_entry(ActionCall& call, int entry_type, const char* param) {
  ServerContext& server = *call.server;
  Entry entry = new_entry_from_input(server, call.caller, entry_type, ObjectFields(call.required_object(param)));
  if (entry.type == entry_type::kData) {
    // Data entries hold their content from the start (§8.4).
    entry.status = entry_status::kReady;
    store_data_content_file(server, entry);
  }
  EntryStore(server.db()).insert(entry);
  return entry_to_json(server, entry);
}

JsonNode* add_entry_content(ActionCall& call, int entry_type) {
  const std::string entry_id = call.required_string("entryId");
  JsonObject* resource = call.object_param("resource");
  if (resource) check_resource_class(resource);
  Entry entry = entry_for_editing(*call.server, call.caller, entry_id, entry_type);
  // Data entries are READY from the start: their content is dataContent.
  const bool has_content =
      entry.type == entry_type::kData ? !entry.data_content.empty() : entry.status != entry_status::kNoContent;
  if (has_content) throw ApiError("ENTRY_ALREADY_WITH_CONTENT");
  if (resource) attach_entry_content(*call.server, call.caller, entry.id, resource);
  return current_entry_json(call, entry.id);
}

JsonNode* get_entry(ActionCall& call, int entry_type) {
  const Entry entry = entry_for_viewing(*call.server, call.caller, call.required_string("entryId"), entry_type);
  return entry_to_json(*call.server, entry);
}

JsonNode* update_entry(ActionCall& call, int entry_type, const char* param) {
  ServerContext& server = *call.server;
  const std::string entry_id = call.required_string("entryId");
  JsonObject* input = call.required_object(param);
  Entry entry = entry_for_editing(server, call.caller, entry_id, entry_type);
  const std::string data_before = entry.data_content;
  apply_entry_update(server, call.caller, ObjectFields(input), entry);
  if (entry.type == entry_type::kData && entry.data_content != data_before) store_data_content_file(server, entry);
  EntryStore(server.db()).update(entry);
  return entry_to_json(server, entry);
}

JsonNode* delete_entry(ActionCall& call, int entry_type) {
  ServerContext& server = *call.server;
  Entry entry = entry_for_editing(server, call.caller, call.required_string("entryId"), entry_type);
  if (!entry.replacing_entry_id.empty()) discard_temporary_entry(server, entry.replacing_entry_id);
  delete_flavors_of_entry(server, entry.id);
  remove_content_file(server, entry.data_file_path);
  entry.data_file_path.clear();
  entry.status = entry_status::kDeleted;
  entry.updated_at = server.now();
  EntryStore(server.db()).update(entry);
  return json_null_node();
}

JsonNode* update_entry_content(ActionCall& call, int entry_type) {
  ServerContext& server = *call.server;
  const std::string entry_id = call.required_string("entryId");
  JsonObject* resource = call.required_object("resource");
  check_resource_class(resource);
  Entry entry = entry_for_editing(server, call.caller, entry_id, entry_type);
  if (entry.type == entry_type::kData)
    throw ApiError("ENTRY_TYPE_NOT_SUPPORTED", {{"ENTRY_TYPE", std::to_string(entry.type)}});
  // The profile the new content is converted with (and the entry keeps).
  const int64_t profile_id = call.int_param("conversionProfileId", 0);
  if (profile_id > 0 && !find_conversion_profile(profile_id))
    throw ApiError("CONVERSION_PROFILE_ID_NOT_FOUND", {{"ID", std::to_string(profile_id)}});
  if (entry.status == entry_status::kNoContent) {
    attach_entry_content(server, call.caller, entry.id, resource);
    // Still under the state lock: the processing just queued sees the profile.
    if (profile_id > 0) set_conversion_profile(server, entry.id, profile_id);
  } else {
    start_replacement(server, call.caller, entry, resource, profile_id);
  }
  return current_entry_json(call, entry.id);
}

JsonNode* list_entries(ActionCall& call, int entry_type, const char* list_type) {
  return entry_list_response(call, matching_entries(call, entry_type), list_type);
}

JsonNode* count_entries(ActionCall& call, int entry_type) {
  return json_int_node(static_cast<int64_t>(matching_entries(call, entry_type).size()));
}

JsonNode* approve_entry_replacement(ActionCall& call, int entry_type) {
  Entry entry = entry_for_editing(*call.server, call.caller, call.required_string("entryId"), entry_type);
  approve_replacement(*call.server, entry);
  return get_entry(call, entry_type);
}

JsonNode* cancel_entry_replacement(ActionCall& call, int entry_type) {
  Entry entry = entry_for_editing(*call.server, call.caller, call.required_string("entryId"), entry_type);
  cancel_replacement(*call.server, entry);
  return get_entry(call, entry_type);
}

}  // namespace devserver
