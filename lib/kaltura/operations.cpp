#include "kaltura/operations.h"

namespace kaltura::ops {

namespace {

Request make(const char* service, const char* action, Params params = {}) {
  Request request;
  request.service = service;
  request.action = action;
  request.params = std::move(params);
  return request;
}

Params pager(int page_size, int page_index) {
  return Params::object("KalturaFilterPager").set("pageSize", page_size).set("pageIndex", page_index);
}

Params list_params(const Params& filter, int page_size, int page_index) {
  Params params;
  if (!filter.empty()) params.set("filter", filter);
  params.set("pager", pager(page_size, page_index));
  return params;
}

// updateContent of media and documents take the same parameters.
Params update_content_params(const std::string& entry_id, const Params& resource,
                             std::optional<int64_t> conversion_profile_id) {
  Params params;
  params.set("entryId", entry_id).set("resource", resource);
  if (conversion_profile_id) params.set("conversionProfileId", *conversion_profile_id);
  return params;
}

}  // namespace

Params EntryFields::to_params() const {
  Params entry = Params::object(object_type);
  if (media_type) entry.set("mediaType", *media_type);
  if (document_type) entry.set("documentType", *document_type);
  if (name) entry.set("name", *name);
  if (description) entry.set("description", *description);
  if (tags) entry.set("tags", *tags);
  if (reference_id) entry.set("referenceId", *reference_id);
  if (categories) entry.set("categories", *categories);
  if (user_id) entry.set("userId", *user_id);
  if (conversion_profile_id) entry.set("conversionProfileId", *conversion_profile_id);
  return entry;
}

Params token_resource(const std::string& token_id) {
  return Params::object("KalturaUploadedFileTokenResource").set("token", token_id);
}

// uploadToken

Request upload_token_add(const std::string& file_name, std::optional<int64_t> file_size) {
  Params token = Params::object("KalturaUploadToken");
  if (!file_name.empty()) token.set("fileName", file_name);
  if (file_size) token.set("fileSize", *file_size);
  return make("uploadtoken", "add", Params().set("uploadToken", token));
}

Request upload_token_upload(const std::string& token_id, FilePart chunk, bool resume, bool final_chunk,
                            int64_t resume_at) {
  Request request = make("uploadtoken", "upload",
                         Params()
                             .set("uploadTokenId", token_id)
                             .set("resume", resume)
                             .set("finalChunk", final_chunk)
                             .set("resumeAt", resume_at));
  chunk.param = "fileData";  // a zero-length chunk is still a file part
  request.files.push_back(std::move(chunk));
  return request;
}

Request upload_token_get(const std::string& token_id) {
  return make("uploadtoken", "get", Params().set("uploadTokenId", token_id));
}

Request upload_token_list(const Params& filter, int page_size, int page_index) {
  return make("uploadtoken", "list", list_params(filter, page_size, page_index));
}

Request upload_token_delete(const std::string& token_id) {
  return make("uploadtoken", "delete", Params().set("uploadTokenId", token_id));
}

// media

Request media_add(const EntryFields& entry) { return make("media", "add", Params().set("entry", entry.to_params())); }

Request media_add_content(const std::string& entry_id, const Params& resource) {
  return make("media", "addContent", Params().set("entryId", entry_id).set("resource", resource));
}

Request media_update_content(const std::string& entry_id, const Params& resource,
                             std::optional<int64_t> conversion_profile_id) {
  return make("media", "updateContent", update_content_params(entry_id, resource, conversion_profile_id));
}

Request media_approve_replace(const std::string& entry_id) {
  return make("media", "approveReplace", Params().set("entryId", entry_id));
}

Request media_cancel_replace(const std::string& entry_id) {
  return make("media", "cancelReplace", Params().set("entryId", entry_id));
}

Request media_get(const std::string& entry_id) { return make("media", "get", Params().set("entryId", entry_id)); }

Request media_list(const Params& filter, int page_size, int page_index) {
  return make("media", "list", list_params(filter, page_size, page_index));
}

Request media_delete(const std::string& entry_id) {
  return make("media", "delete", Params().set("entryId", entry_id));
}

// baseEntry

Request base_entry_add(const EntryFields& entry) {
  // type -1 (AUTOMATIC): the class named by entry.objectType decides (§8.4).
  return make("baseentry", "add", Params().set("entry", entry.to_params()).set("type", -1));
}

Request base_entry_add_content(const std::string& entry_id, const Params& resource) {
  return make("baseentry", "addContent", Params().set("entryId", entry_id).set("resource", resource));
}

Request base_entry_get(const std::string& entry_id) {
  return make("baseentry", "get", Params().set("entryId", entry_id));
}

Request base_entry_list_by_reference_id(const std::string& reference_id) {
  return make("baseentry", "listByReferenceId", Params().set("refId", reference_id));
}

Request base_entry_delete(const std::string& entry_id) {
  return make("baseentry", "delete", Params().set("entryId", entry_id));
}

// document_documents

Request document_add_content(const std::string& entry_id, const Params& resource) {
  return make("document_documents", "addContent", Params().set("entryId", entry_id).set("resource", resource));
}

Request document_update_content(const std::string& entry_id, const Params& resource,
                                std::optional<int64_t> conversion_profile_id) {
  return make("document_documents", "updateContent", update_content_params(entry_id, resource, conversion_profile_id));
}

Request document_approve_replace(const std::string& entry_id) {
  return make("document_documents", "approveReplace", Params().set("entryId", entry_id));
}

// flavorAsset

Request flavor_asset_list(const std::string& entry_id) {
  Params filter = Params::object("KalturaFlavorAssetFilter").set("entryIdEqual", entry_id);
  return make("flavorasset", "list", list_params(filter, 500, 1));
}

Request flavor_asset_get(const std::string& flavor_asset_id) {
  return make("flavorasset", "get", Params().set("id", flavor_asset_id));
}

Request flavor_asset_get_url(const std::string& flavor_asset_id) {
  return make("flavorasset", "getUrl", Params().set("id", flavor_asset_id));
}

Request flavor_asset_add(const std::string& entry_id, int flavor_params_id) {
  Params asset = Params::object("KalturaFlavorAsset").set("flavorParamsId", flavor_params_id);
  return make("flavorasset", "add", Params().set("entryId", entry_id).set("flavorAsset", asset));
}

Request flavor_asset_set_content(const std::string& flavor_asset_id, const Params& resource) {
  return make("flavorasset", "setContent", Params().set("id", flavor_asset_id).set("contentResource", resource));
}

Request flavor_asset_delete(const std::string& flavor_asset_id) {
  return make("flavorasset", "delete", Params().set("id", flavor_asset_id));
}

// attachment_attachmentAsset

Request attachment_add(const std::string& entry_id, const std::string& title, const std::string& file_name,
                       const std::string& format) {
  Params asset = Params::object("KalturaAttachmentAsset");
  if (!title.empty()) asset.set("title", title);
  if (!file_name.empty()) asset.set("filename", file_name);
  if (!format.empty()) asset.set("format", format);
  return make("attachment_attachmentasset", "add", Params().set("entryId", entry_id).set("attachmentAsset", asset));
}

Request attachment_set_content(const std::string& attachment_id, const Params& resource) {
  return make("attachment_attachmentasset", "setContent",
              Params().set("id", attachment_id).set("contentResource", resource));
}

Request attachment_delete(const std::string& attachment_id) {
  return make("attachment_attachmentasset", "delete", Params().set("attachmentAssetId", attachment_id));
}

Request attachment_list(const std::string& entry_id) {
  Params filter = Params::object("KalturaAttachmentAssetFilter").set("entryIdEqual", entry_id);
  return make("attachment_attachmentasset", "list", list_params(filter, 500, 1));
}

Request attachment_get_url(const std::string& attachment_id) {
  return make("attachment_attachmentasset", "getUrl", Params().set("id", attachment_id));
}

}  // namespace kaltura::ops
