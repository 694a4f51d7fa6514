#include "asset_json.h"

#include "json_output.h"

namespace devserver {

int64_t size_in_kb(int64_t bytes) { return (bytes + 1023) / 1024; }

JsonNode* flavor_to_json(const FlavorAsset& flavor) {
  ResultObject object;
  object.integer("flavorParamsId", flavor.flavor_params_id)
      .integer("width", flavor.width)
      .integer("height", flavor.height)
      .integer("bitrate", flavor.bitrate_kbps)
      .real("frameRate", flavor.frame_rate)
      .boolean("isOriginal", flavor.is_original)
      .boolean("isWeb", true);
  if (!flavor.container_format.empty()) object.text("containerFormat", flavor.container_format);
  if (!flavor.video_codec_id.empty()) object.text("videoCodecId", flavor.video_codec_id);
  object.integer("status", flavor.status)
      .text("id", flavor.id)
      .text("entryId", flavor.entry_id)
      .integer("partnerId", flavor.partner_id)
      .text("version", std::to_string(flavor.version))
      .integer("size", size_in_kb(flavor.size_bytes))
      .text("tags", flavor.tags);
  if (!flavor.file_ext.empty()) object.text("fileExt", flavor.file_ext);
  object.integer("createdAt", flavor.created_at).integer("updatedAt", flavor.updated_at);
  if (flavor.deleted_at) object.integer("deletedAt", flavor.deleted_at);
  object.text("description", flavor.description).integer("sizeInBytes", flavor.size_bytes);
  for (const auto& [name, value] : flavor.attributes) object.text(name.c_str(), value);
  object.boolean("isDefault", flavor.is_default);
  return object.finish("KalturaFlavorAsset");
}

JsonNode* attachment_to_json(const AttachmentAsset& asset) {
  ResultObject object;
  if (!asset.filename.empty()) object.text("filename", asset.filename);
  if (!asset.title.empty()) object.text("title", asset.title);
  if (!asset.format.empty()) object.text("format", asset.format);
  object.integer("status", asset.status)
      .text("id", asset.id)
      .text("entryId", asset.entry_id)
      .integer("partnerId", asset.partner_id)
      .text("version", std::to_string(asset.version))
      .integer("size", size_in_kb(asset.size_bytes))
      .text("tags", asset.tags);
  if (!asset.file_ext.empty()) object.text("fileExt", asset.file_ext);
  object.integer("createdAt", asset.created_at).integer("updatedAt", asset.updated_at);
  if (!asset.partner_data.empty()) object.text("partnerData", asset.partner_data);
  if (!asset.partner_description.empty()) object.text("partnerDescription", asset.partner_description);
  object.integer("sizeInBytes", asset.size_bytes);
  return object.finish("KalturaAttachmentAsset");
}

}  // namespace devserver
