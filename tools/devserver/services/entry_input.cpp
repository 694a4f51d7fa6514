#include "entry_input.h"

#include "../server_context.h"
#include "entry_fields.h"
#include "conversion_profile_catalogue.h"
#include "property_rules.h"

namespace devserver {

namespace {

enum class InputMode { Add, Update };

void check_updatable(const Entry& entry, const ObjectFields& input, InputMode mode) {
  reject_properties(
      input,
      [mode](const std::string& name) {
        return is_entry_readonly_property(name) ||
               (mode == InputMode::Update && is_entry_insert_only_property(name));
      },
      entry.class_name());
}

void check_values(const Entry& entry, const ObjectFields& input) {
  if (input.has("referenceId") && input.text("referenceId").size() < 2)
    throw ApiError("PROPERTY_VALIDATION_MIN_LENGTH",
                   {{"PROP_NAME", std::string(entry.class_name()) + "::referenceId"}, {"MIN_LEN", "2"}});
  if (input.has("mediaType")) {
    const int64_t value = input.integer("mediaType");
    if (value != media_type::kVideo && value != media_type::kImage && value != media_type::kAudio)
      throw ApiError("INVALID_ENUM_VALUE", {{"ENUM_VAL", input.text("mediaType")},
                                            {"PARAM_NAME", "mediaType"},
                                            {"ENUM_TYPE", "KalturaMediaType"}});
  }
  if (input.has("conversionProfileId")) {
    const int64_t id = input.integer("conversionProfileId");
    if (!find_conversion_profile(id))
      throw ApiError("CONVERSION_PROFILE_ID_NOT_FOUND", {{"ID", std::to_string(id)}});
  }
}

std::string attribute_text(const ObjectFields& input, const AttributeSpec& spec) {
  switch (spec.kind) {
    case WireKind::Integer:
      return std::to_string(input.integer(spec.name));
    case WireKind::Boolean:
      return input.boolean(spec.name, false) ? "1" : "0";
    default:
      return input.text(spec.name);
  }
}

void apply_properties(ServerContext& server, const Caller& caller, const ObjectFields& input, Entry& entry,
                      InputMode mode) {
  if (input.has("name")) entry.name = input.text("name");
  if (input.is_null("name")) entry.name.clear();
  if (input.has("tags")) entry.tags = input.text("tags");
  if (input.is_null("tags")) entry.tags.clear();
  if (input.has("referenceId")) entry.reference_id = input.text("referenceId");
  if (input.is_null("referenceId")) entry.reference_id.clear();
  // A USER KS cannot give its entries away: its entries stay its own.
  if (input.has("userId") && caller.is_admin()) entry.user_id = input.text("userId");
  if (input.has("conversionProfileId")) entry.conversion_profile_id = input.integer("conversionProfileId");
  if (input.has("msDuration")) entry.ms_duration = input.integer("msDuration");
  if (input.has("dataContent") && entry.type == entry_type::kData) entry.data_content = input.text("dataContent");
  if (mode == InputMode::Add) {
    if (input.has("mediaType") && entry.type == entry_type::kMediaClip) {
      entry.media_type = static_cast<int>(input.integer("mediaType"));
      entry.media_type_given = true;
    }
    if (input.has("sourceType")) entry.source_type = input.text("sourceType");
    if (input.has("creatorId") && caller.is_admin()) entry.creator_id = input.text("creatorId");
    if (input.has("documentType") && entry.type == entry_type::kDocument)
      entry.document_type = static_cast<int>(input.integer("documentType"));
  }
  for (const auto& spec : entry_attribute_specs()) {
    if (spec.insert_only && mode == InputMode::Update) continue;
    if (input.has(spec.name)) entry.attributes[spec.name] = attribute_text(input, spec);
    if (input.is_null(spec.name)) entry.attributes.erase(spec.name);
  }
  entry.updated_at = server.now();
}

}  // namespace

Entry new_entry_from_input(ServerContext& server, const Caller& caller, int type, const ObjectFields& input) {
  Entry entry;
  entry.type = type;
  check_updatable(entry, input, InputMode::Add);
  check_values(entry, input);
  entry.id = make_object_id();
  entry.partner_id = caller.partner_id;
  entry.created_at = server.now();
  entry.name = std::to_string(caller.partner_id) + "_" + std::to_string(entry.created_at);
  entry.user_id = caller.user_id;
  entry.creator_id = caller.user_id;
  entry.conversion_profile_id = server.config.default_conversion_profile_id;
  entry.attributes["licenseType"] = "-1";
  entry.attributes["partnerSortValue"] = "0";
  entry.attributes["displayInSearch"] = "1";
  if (type == entry_type::kDocument) entry.document_type = 11;
  apply_properties(server, caller, input, entry, InputMode::Add);
  if (entry.name.empty()) entry.name = std::to_string(caller.partner_id) + "_" + std::to_string(entry.created_at);
  return entry;
}

void apply_entry_update(ServerContext& server, const Caller& caller, const ObjectFields& input, Entry& entry) {
  check_updatable(entry, input, InputMode::Update);
  check_values(entry, input);
  apply_properties(server, caller, input, entry, InputMode::Update);
}

}  // namespace devserver
