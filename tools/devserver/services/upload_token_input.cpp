#include "upload_token_input.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <sstream>
#include <vector>

namespace devserver {

namespace {

// A scalar member as text; nullopt when absent, null or not a scalar.
std::optional<std::string> member_text(JsonObject* object, const char* name) {
  if (!object || !json_object_has_member(object, name)) return std::nullopt;
  JsonNode* node = json_object_get_member(object, name);
  if (!node || JSON_NODE_TYPE(node) != JSON_NODE_VALUE) return std::nullopt;
  switch (json_node_get_value_type(node)) {
    case G_TYPE_STRING:
      return std::string(json_node_get_string(node));
    case G_TYPE_INT64:
      return std::to_string(json_node_get_int(node));
    case G_TYPE_DOUBLE: {
      std::ostringstream text;
      text << json_node_get_double(node);
      return text.str();
    }
    case G_TYPE_BOOLEAN:
      return std::string(json_node_get_boolean(node) ? "true" : "false");
    default:
      return std::nullopt;
  }
}

// Lenient number: a non-numeric string reads as 0; floats are rounded.
int64_t lenient_integer(const std::string& text) {
  return static_cast<int64_t>(std::llround(g_ascii_strtod(text.c_str(), nullptr)));
}

std::optional<int64_t> member_integer(JsonObject* object, const char* name) {
  auto text = member_text(object, name);
  if (!text) return std::nullopt;
  return lenient_integer(*text);
}

std::vector<std::string> comma_list(const std::string& text) {
  std::vector<std::string> items;
  std::istringstream stream(text);
  std::string item;
  while (std::getline(stream, item, ',')) {
    g_autofree char* trimmed = g_strstrip(g_strdup(item.c_str()));
    if (*trimmed) items.emplace_back(trimmed);
  }
  return items;
}

// KalturaNullableBoolean: -1 (null), 0, 1, and true/false.
bool read_nullable_boolean(const std::string& text, const char* param_name) {
  g_autofree char* lower = g_ascii_strdown(text.c_str(), -1);
  std::string value = lower;
  if (value == "true" || value == "1") return true;
  if (value == "false" || value == "0" || value == "-1" || value.empty()) return false;
  throw ApiError("INVALID_ENUM_VALUE",
                 {{"ENUM_VAL", text}, {"PARAM_NAME", param_name}, {"ENUM_TYPE", "KalturaNullableBoolean"}});
}

constexpr std::array<const char*, 10> kReadOnlyFields = {
    "id", "partnerId", "userId", "status", "uploadedFileSize", "createdAt", "updatedAt", "uploadUrl",
    "attachedObjectType", "attachedObjectId"};

}  // namespace

NewUploadToken read_new_upload_token(JsonObject* object) {
  NewUploadToken token;
  if (!object) return token;
  for (const char* field : kReadOnlyFields)
    if (member_text(object, field))
      throw ApiError("PROPERTY_VALIDATION_NOT_UPDATABLE", {{"PROP_NAME", std::string("KalturaUploadToken::") + field}});
  token.file_name = member_text(object, "fileName").value_or("");
  token.file_size = member_integer(object, "fileSize");
  if (auto auto_finalize = member_text(object, "autoFinalize"))
    token.auto_finalize = read_nullable_boolean(*auto_finalize, "autoFinalize");
  if (token.auto_finalize && !token.file_size) throw ApiError("UPLOAD_TOKEN_MISSING_FILE_SIZE");
  return token;
}

UploadTokenQuery read_upload_token_query(JsonObject* filter, JsonObject* pager) {
  UploadTokenQuery query;
  query.id_equal = member_text(filter, "idEqual");
  if (auto ids = member_text(filter, "idIn")) query.id_in = comma_list(*ids);
  query.user_id_equal = member_text(filter, "userIdEqual");
  query.file_name_equal = member_text(filter, "fileNameEqual");
  query.file_size_equal = member_integer(filter, "fileSizeEqual");

  // statusEqual and statusIn both apply when both are given.
  if (auto statuses = member_text(filter, "statusIn")) {
    std::vector<int> in;
    for (const auto& item : comma_list(*statuses)) in.push_back(static_cast<int>(lenient_integer(item)));
    query.status_in = in;
  }
  if (auto status = member_integer(filter, "statusEqual")) {
    int wanted = static_cast<int>(*status);
    if (!query.status_in)
      query.status_in = std::vector<int>{wanted};
    else if (std::find(query.status_in->begin(), query.status_in->end(), wanted) != query.status_in->end())
      query.status_in = std::vector<int>{wanted};
    else
      query.status_in = std::vector<int>{};
  }
  // Looking a token up by its file name only finds tokens still in use.
  if (query.file_name_equal && !query.status_in)
    query.status_in = std::vector<int>{static_cast<int>(UploadTokenStatus::Pending),
                                       static_cast<int>(UploadTokenStatus::PartialUpload),
                                       static_cast<int>(UploadTokenStatus::FullUpload)};
  if (auto order = member_text(filter, "orderBy")) query.newest_first = *order == "-createdAt";

  if (auto size = member_integer(pager, "pageSize"); size && *size > 0)
    query.page_size = static_cast<int>(std::min<int64_t>(*size, 500));
  if (auto index = member_integer(pager, "pageIndex"); index && *index > 1)
    query.page_index = static_cast<int>(std::min<int64_t>(*index, 1000000));
  return query;
}

}  // namespace devserver
