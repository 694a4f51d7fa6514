#include "kaltura/upload/unattached_token.h"

#include "kaltura/objects.h"
#include "kaltura/operations.h"

namespace kaltura::upload {

namespace {

DeferredAttach entry_content_call(Client& client, const UploadTargetSpec& spec) {
  const Entry entry = Entry::from_json(client.call(ops::base_entry_get(spec.entry_id)));
  const bool document = entry.type == static_cast<int>(EntryType::Document);
  if (entry.status == static_cast<int>(EntryStatus::NoContent))
    return {document ? DeferredAttach::Call::DocumentAddContent : DeferredAttach::Call::MediaAddContent, spec.entry_id,
            std::nullopt};
  return {document ? DeferredAttach::Call::DocumentUpdateContent : DeferredAttach::Call::MediaUpdateContent,
          spec.entry_id, spec.entry.conversion_profile_id};
}

DeferredAttach flavor_call(Client& client, const UploadTargetSpec& spec) {
  std::string asset_id;
  try {
    asset_id = FlavorAsset::from_json(client.call(ops::flavor_asset_add(spec.entry_id, spec.flavor_params_id))).id;
  } catch (const Error& error) {
    // The usual case: the first run created the asset before it was refused.
    if (!error.is_api("FLAVOR_ASSET_ALREADY_EXISTS")) throw;
    asset_id = error.arg("ASSET_ID");
  }
  return {DeferredAttach::Call::FlavorSetContent, asset_id, std::nullopt};
}

DeferredAttach attachment_call(Client& client, const UploadTargetSpec& spec) {
  const auto listed = ListResult<AttachmentAsset>::from_json(client.call(ops::attachment_list(spec.entry_id)));
  for (const AttachmentAsset& asset : listed.objects)
    if (asset.title == spec.attachment_title && asset.size_bytes == 0 &&
        asset.status != static_cast<int>(AttachmentAssetStatus::Ready))
      return {DeferredAttach::Call::AttachmentSetContent, asset.id, std::nullopt};
  const auto added = AttachmentAsset::from_json(
      client.call(ops::attachment_add(spec.entry_id, spec.attachment_title, spec.file_name, spec.attachment_format)));
  return {DeferredAttach::Call::AttachmentSetContent, added.id, std::nullopt};
}

}  // namespace

DeferredAttach attach_for_unattached_token(Client& client, const UploadTargetSpec& spec) {
  switch (spec.kind) {
    case TargetKind::ExistingEntry:
      return entry_content_call(client, spec);
    case TargetKind::Flavor:
      return flavor_call(client, spec);
    case TargetKind::Attachment:
      return attachment_call(client, spec);
    case TargetKind::NewEntry:
      break;
  }
  throw Error(ErrorKind::Config, "CONFIG_ERROR", "An upload token attached to nothing needs an entry to go to");
}

}  // namespace kaltura::upload
