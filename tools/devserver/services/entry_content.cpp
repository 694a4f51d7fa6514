#include "entry_content.h"

#include "../server_context.h"
#include "token_attachment.h"
#include "content_files.h"
#include "content_resource.h"
#include "entry_store.h"
#include "flavor_processing.h"
#include "flavor_store.h"

namespace devserver {

namespace {

int document_type_for_extension(const std::string& extension) {
  if (extension == "pdf") return 13;
  if (extension == "swf") return 12;
  return 11;
}

// Data entries hold text: text/* or XML (§8.4).
void check_data_file_type(const std::string& file_name) {
  const std::string type = content_type_for_extension(safe_extension(file_name));
  if (type.rfind("text/", 0) != 0 && type != "application/xml")
    throw ApiError("FILE_TYPE_NOT_SUPPORTED", {{"TYPE", type}});
}

void attach_data_content(ServerContext& server, const Caller& caller, const Entry& entry, const std::string& token) {
  TokenClaim claim = claim_upload_token(server, caller, token, "entry", entry.id);
  try {
    check_data_file_type(claim.file_name);
  } catch (const ApiError&) {
    if (claim.state == TokenClaim::State::Ready) discard_incoming_file(claim.file_path);
    throw;
  }
  if (claim.state == TokenClaim::State::Ready) take_data_file(server, entry.id, claim.file_path, claim.file_name);
}

FlavorAsset new_source_flavor(ServerContext& server, const Entry& entry) {
  FlavorAsset flavor;
  flavor.id = make_object_id();
  flavor.entry_id = entry.id;
  flavor.partner_id = entry.partner_id;
  flavor.flavor_params_id = 0;
  flavor.is_original = true;
  flavor.tags = "source,web";
  flavor.status = flavor_status::kImporting;
  flavor.created_at = server.now();
  flavor.updated_at = flavor.created_at;
  return flavor;
}

void attach_flavor_content(ServerContext& server, const Caller& caller, Entry& entry, const std::string& token) {
  FlavorStore flavors(server.db());
  FlavorAsset source = new_source_flavor(server, entry);
  flavors.insert(source);
  TokenClaim claim;
  try {
    claim = claim_upload_token(server, caller, token, "flavorAsset", source.id);
  } catch (...) {
    source.status = flavor_status::kDeleted;
    flavors.update(source);
    throw;
  }
  const std::string extension = safe_extension(claim.file_name);
  entry.status = entry_status::kImport;
  entry.source_type = "1";
  if (entry.type == entry_type::kMediaClip && !entry.media_type_given)
    entry.media_type = media_type_for_extension(extension);
  if (entry.type == entry_type::kDocument) entry.document_type = document_type_for_extension(extension);
  entry.updated_at = server.now();
  EntryStore(server.db()).update(entry);
  if (claim.state == TokenClaim::State::Ready)
    take_flavor_file(server, source.id, claim.file_path, claim.file_name, claim.size);
}

}  // namespace

void attach_entry_content(ServerContext& server, const Caller& caller, const std::string& entry_id,
                          JsonObject* resource) {
  check_resource_class(resource);
  const std::string token = resource_token(resource);
  auto entry = EntryStore(server.db()).find(entry_id);
  if (!entry) throw ApiError("ENTRY_ID_NOT_FOUND", {{"ENTRY_ID", entry_id}});
  if (entry->type == entry_type::kData)
    attach_data_content(server, caller, *entry, token);
  else
    attach_flavor_content(server, caller, *entry, token);
}

void take_data_file(ServerContext& server, const std::string& entry_id, const std::string& path,
                    const std::string& file_name) {
  EntryStore entries(server.db());
  auto entry = entries.find(entry_id);
  std::string text;
  if (!entry || entry->status == entry_status::kDeleted || !read_content_file(path, text)) {
    discard_incoming_file(path);
    return;
  }
  const std::string stored = store_content_file(server, path, "data", safe_extension(file_name));
  remove_content_file(server, entry->data_file_path);
  entry->data_file_path = stored;
  entry->data_content = text;
  entry->source_type = "1";
  entry->version += 1;
  entry->status = entry_status::kReady;
  entry->updated_at = server.now();
  entries.update(*entry);
}

void store_data_content_file(ServerContext& server, Entry& entry) {
  remove_content_file(server, entry.data_file_path);
  entry.data_file_path = write_content_file(server, entry.data_content, "data", "txt");
}

}  // namespace devserver
