// Request builders for the actions the elements need. Each returns a Request
// to run with Client::call (then parse with the object's from_json) or to add
// to a MultiRequest, where an id may be a reference such as
// MultiRequest::reference(1, "id").
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "kaltura/request.h"

namespace kaltura::ops {

// Metadata of a new entry; unset fields are not sent.
struct EntryFields {
  std::string object_type = "KalturaMediaEntry";  // or KalturaDocumentEntry, KalturaDataEntry
  std::optional<int> media_type;                  // 1 video, 2 image, 5 audio
  std::optional<int> document_type;               // 11 document, 12 swf, 13 pdf
  std::optional<std::string> name, description, tags, reference_id, categories, user_id;
  std::optional<int64_t> conversion_profile_id;
  Params to_params() const;
};

// {"objectType":"KalturaUploadedFileTokenResource","token":token_id}
Params token_resource(const std::string& token_id);

// uploadToken
Request upload_token_add(const std::string& file_name, std::optional<int64_t> file_size = {});
// One chunk. data may be empty (zero-length chunk). resume_at -1 = append.
Request upload_token_upload(const std::string& token_id, FilePart chunk, bool resume, bool final_chunk,
                            int64_t resume_at);
Request upload_token_get(const std::string& token_id);
Request upload_token_list(const Params& filter, int page_size = 30, int page_index = 1);
Request upload_token_delete(const std::string& token_id);

// media
Request media_add(const EntryFields& entry);
Request media_add_content(const std::string& entry_id, const Params& resource);
Request media_update_content(const std::string& entry_id, const Params& resource,
                             std::optional<int64_t> conversion_profile_id = {});
Request media_approve_replace(const std::string& entry_id);
Request media_cancel_replace(const std::string& entry_id);
Request media_get(const std::string& entry_id);
Request media_list(const Params& filter, int page_size = 30, int page_index = 1);
Request media_delete(const std::string& entry_id);

// baseEntry
Request base_entry_add(const EntryFields& entry);  // type -1, class from object_type
Request base_entry_add_content(const std::string& entry_id, const Params& resource);
Request base_entry_get(const std::string& entry_id);
Request base_entry_list_by_reference_id(const std::string& reference_id);
Request base_entry_delete(const std::string& entry_id);

// document_documents
Request document_add_content(const std::string& entry_id, const Params& resource);
Request document_update_content(const std::string& entry_id, const Params& resource,
                                std::optional<int64_t> conversion_profile_id = {});
Request document_approve_replace(const std::string& entry_id);

// flavorAsset
Request flavor_asset_list(const std::string& entry_id);
Request flavor_asset_get(const std::string& flavor_asset_id);
Request flavor_asset_get_url(const std::string& flavor_asset_id);
Request flavor_asset_add(const std::string& entry_id, int flavor_params_id);
Request flavor_asset_set_content(const std::string& flavor_asset_id, const Params& resource);
Request flavor_asset_delete(const std::string& flavor_asset_id);

// attachment_attachmentAsset
Request attachment_add(const std::string& entry_id, const std::string& title, const std::string& file_name,
                       const std::string& format /* "1".."5", "" = unset */);
Request attachment_set_content(const std::string& attachment_id, const Params& resource);
Request attachment_delete(const std::string& attachment_id);
Request attachment_list(const std::string& entry_id);
Request attachment_get_url(const std::string& attachment_id);

}  // namespace kaltura::ops
