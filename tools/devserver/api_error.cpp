// ApiError: Kaltura's error catalogue (protocol §11) and the error object's
// wire shape (§3.3).
#include <map>

#include "action.h"

namespace devserver {

namespace {

// Message templates by code; @NAME@ is replaced by the arg NAME.
const std::map<std::string, std::string>& catalogue() {
  static const std::map<std::string, std::string> templates = {
      {"INTERNAL_SERVERL_ERROR", "Internal server error occurred"},
      {"INTERNAL_DATABASE_ERROR", "Internal database error"},
      {"SERVICE_NOT_SPECIFIED", "Service name was not specified, please specify one"},
      {"SERVICE_DOES_NOT_EXISTS", "Service \"@SRV_NAME@\" does not exists"},
      {"ACTION_DOES_NOT_EXISTS", "Action \"@ACTION_NAME@\" does not exists for service \"@SERVICE_NAME@\""},
      {"SERVICE_FORBIDDEN", "The access to service [@SERVICE@] is forbidden"},
      {"INVALID_KS", "Invalid KS \"@KSID@\", Error \"@ERR_CODE@,@ERR_DESC@\""},
      {"START_SESSION_ERROR", "Error while starting session for partner [@PID@]"},
      {"INVALID_WIDGET_ID", "Unknown widget [@WIDGET_ID@]"},
      {"APP_TOKEN_ID_NOT_FOUND", "Application token id \"@ID@\" not found"},
      {"APP_TOKEN_NOT_ACTIVE", "Application token id \"@ID@\" not active"},
      {"APP_TOKEN_EXPIRED", "Application token id \"@ID@\" expired"},
      {"INVALID_APP_TOKEN_HASH", "Invalid application token hash"},
      {"MISSING_MANDATORY_PARAMETER", "Missing parameter \"@PARAM_NAME@\""},
      {"OBJECT_TYPE_ABSTRACT", "The object type \"@OBJ_TYPE@\" is abstract, use one of the object implementations"},
      {"INVALID_OBJECT_TYPE", "Invalid object type \"@INVALID_OBJ_TYPE@\""},
      {"INVALID_ENUM_VALUE",
       "Invalid enumeration value \"@ENUM_VAL@\" for parameter \"@PARAM_NAME@\", expecting enumeration type "
       "\"@ENUM_TYPE@\""},
      {"INVALID_PARAMETER_CHAR", "Invalid char in \"@XML_FIELD@\" field"},
      {"PROPERTY_VALIDATION_CANNOT_BE_NULL", "The property \"@PROP_NAME@\" cannot be null"},
      {"PROPERTY_VALIDATION_NOT_UPDATABLE", "The property \"@PROP_NAME@\" cannot be updated"},
      {"PROPERTY_VALIDATION_MIN_LENGTH", "The property \"@PROP_NAME@\" must have a min length of @MIN_LEN@ characters"},
      {"PROPERTY_VALIDATION_MAX_LENGTH", "The property \"@PROP_NAME@\" cannot have more than @MAX_LEN@ characters"},
      {"INVALID_LANGUAGE_CODE", " Invalid language code [\"@LANGUAGE_CODE@\"]"},
      {"UPLOAD_ERROR", "Upload failed"},
      {"UPLOAD_TOKEN_NOT_FOUND", "Upload token not found"},
      {"UPLOAD_TOKEN_INVALID_STATUS_FOR_UPLOAD",
       "Upload token is in an invalid status for uploading a file, maybe the file was already uploaded"},
      {"UPLOAD_TOKEN_INVALID_STATUS_FOR_ADD_ENTRY",
       "Upload token is in an invalid status for adding entry, maybe the a file was not uploaded or the token was used"},
      {"UPLOAD_TOKEN_CANNOT_RESUME", "Cannot resume the upload, original file was not found"},
      {"UPLOAD_TOKEN_CANNOT_MATCH_EXPECTED_SIZE", "Failed to match expected file size"},
      {"UPLOAD_TOKEN_FILE_TYPE_RESTRICTED_FOR_UPLOAD", "Upload token is restricted due to the file type"},
      {"UPLOAD_TOKEN_MISSING_FILE_SIZE", "FileSize is mandatory when enabling autoFinalize"},
      {"UPLOAD_PASSED_MAX_RESUME_TIME_ALLOWED",
       "Max resume time of @MAX_RESUME_TIME@ seconds reached, cannot resume upload"},
      {"MAX_ALLOWED_CHUNK_COUNT_EXCEEDED", "Max allowed waiting chunks to be concatenated has exceeded allowed limit"},
      {"UPLOADED_FILE_NOT_FOUND_BY_TOKEN",
       "The uploaded file was not found by the given token id, or was already used"},
      {"ENTRY_ID_NOT_FOUND", "Entry id \"@ENTRY_ID@\" not found"},
      {"ENTRY_ALREADY_WITH_CONTENT", "Entry already associated with content"},
      {"ENTRY_REPLACEMENT_ALREADY_EXISTS", "Entry already in replacement"},
      {"ENTRY_ID_NOT_REPLACED", "Entry id \"@ENTRY_ID@\" not replaced"},
      {"INVALID_ENTRY_TYPE",
       "Entry \"@ENTRY_NAME@\" type is \"@WRONG_ENTRY_TYPE@\", type must be \"@RIGHT_ENTRY_TYPE@\""},
      {"ENTRY_TYPE_NOT_SUPPORTED", "Entry type \"@ENTRY_TYPE@\" not supported"},
      {"RESOURCE_TYPE_NOT_SUPPORTED", "Resource type \"@RES_TYPE@\" not supported"},
      {"FEATURE_FORBIDDEN", "The usage of feature [@FEATURE@] is forbidden"},
      {"FILE_CONTENT_NOT_SECURE", "File content contains potential security risks"},
      {"FILE_TYPE_NOT_SUPPORTED", "File type @TYPE@ is not supported"},
      {"FLAVOR_ASSET_ID_NOT_FOUND", "Flavor asset id \"@ID@\" not found"},
      {"FLAVOR_ASSET_ALREADY_EXISTS", "Flavor asset id \"@ASSET_ID@\" already use flavor params id \"@PARAMS_ID@\""},
      {"FLAVOR_ASSET_IS_NOT_READY", "The flavor asset is not ready"},
      {"FLAVOR_PARAMS_ID_NOT_FOUND", "Flavor params id \"@ID@\" not found"},
      {"FLAVOR_ASSET_RECONVERT_ORIGINAL", "Cannot reconvert original flavor asset"},
      {"ORIGINAL_FLAVOR_ASSET_IS_MISSING", "The original flavor asset is missing"},
      {"CONVERSION_PROFILE_ID_NOT_FOUND", "Conversion profile id \"@ID@\" not found"},
      {"ATTACHMENT_ASSET_ID_NOT_FOUND", "Attachment asset id \"@ASSET_ID@\" not found"},
      {"LOCK_TIMED_OUT", "Timed out while attempting to grab lock"},
      {"INVALID_OBJECT_ID", "Invalid object id [@ID@]"},
      // The devserver's own refusal of PHP and JSONP output (docs/devserver.md).
      {"UNSUPPORTED_FORMAT",
       "Response format \"@FORMAT@\" is not supported by kaltura-devserver: send format=1 (JSON) or 2 (XML)"},
  };
  return templates;
}

}  // namespace

ApiError::ApiError(std::string code, Args args) : code_(std::move(code)), args_(std::move(args)) {}

std::string ApiError::message() const {
  auto found = catalogue().find(code_);
  if (found == catalogue().end()) return code_;
  std::string text = found->second;
  for (const auto& [name, value] : args_) {
    const std::string marker = "@" + name + "@";
    for (auto pos = text.find(marker); pos != std::string::npos; pos = text.find(marker, pos + value.size()))
      text.replace(pos, marker.size(), value);
  }
  return text;
}

JsonNode* ApiError::to_json() const {
  g_autoptr(JsonBuilder) builder = json_builder_new();
  json_builder_begin_object(builder);
  json_builder_set_member_name(builder, "code");
  json_builder_add_string_value(builder, code_.c_str());
  json_builder_set_member_name(builder, "message");
  json_builder_add_string_value(builder, message().c_str());
  json_builder_set_member_name(builder, "objectType");
  json_builder_add_string_value(builder, "KalturaAPIException");
  json_builder_set_member_name(builder, "args");
  if (args_.empty()) {
    json_builder_begin_array(builder);
    json_builder_end_array(builder);
  } else {
    json_builder_begin_object(builder);
    for (const auto& [name, value] : args_) {
      json_builder_set_member_name(builder, name.c_str());
      json_builder_add_string_value(builder, value.c_str());
    }
    json_builder_end_object(builder);
  }
  json_builder_end_object(builder);
  return json_builder_get_root(builder);
}

}  // namespace devserver
