#include "upload_token_json.h"

#include <string>

namespace devserver {

namespace {

void add_token_members(JsonBuilder* builder, const UploadTokenRecord& token) {
  auto add_string = [builder](const char* name, const std::string& value) {
    json_builder_set_member_name(builder, name);
    json_builder_add_string_value(builder, value.c_str());
  };
  auto add_int = [builder](const char* name, int64_t value) {
    json_builder_set_member_name(builder, name);
    json_builder_add_int_value(builder, value);
  };
  add_string("id", token.id);
  add_int("partnerId", token.partner_id);
  if (!token.user_id.empty()) add_string("userId", token.user_id);
  add_int("status", static_cast<int64_t>(token.status));
  if (!token.file_name.empty()) add_string("fileName", token.file_name);
  if (token.file_size) add_string("fileSize", std::to_string(*token.file_size));
  if (token.uploaded_size) add_string("uploadedFileSize", std::to_string(*token.uploaded_size));
  add_int("createdAt", token.created_at);
  add_int("updatedAt", token.updated_at);
  json_builder_set_member_name(builder, "autoFinalize");
  json_builder_add_boolean_value(builder, token.auto_finalize);
  if (!token.attached_object_type.empty()) add_string("attachedObjectType", token.attached_object_type);
  if (!token.attached_object_id.empty()) add_string("attachedObjectId", token.attached_object_id);
  add_string("objectType", "KalturaUploadToken");
}

}  // namespace

JsonNode* upload_token_to_json(const UploadTokenRecord& token) {
  g_autoptr(JsonBuilder) builder = json_builder_new();
  json_builder_begin_object(builder);
  add_token_members(builder, token);
  json_builder_end_object(builder);
  return json_builder_get_root(builder);
}

JsonNode* upload_token_page_to_json(const UploadTokenPage& page) {
  g_autoptr(JsonBuilder) builder = json_builder_new();
  json_builder_begin_object(builder);
  json_builder_set_member_name(builder, "objects");
  json_builder_begin_array(builder);
  for (const auto& token : page.tokens) {
    json_builder_begin_object(builder);
    add_token_members(builder, token);
    json_builder_end_object(builder);
  }
  json_builder_end_array(builder);
  json_builder_set_member_name(builder, "totalCount");
  json_builder_add_int_value(builder, page.total_count);
  json_builder_set_member_name(builder, "objectType");
  json_builder_add_string_value(builder, "KalturaUploadTokenListResponse");
  json_builder_end_object(builder);
  return json_builder_get_root(builder);
}

}  // namespace devserver
