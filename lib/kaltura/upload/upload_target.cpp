#include "kaltura/upload/upload_target.h"

#include "kaltura/objects.h"

namespace kaltura::upload {

namespace {

std::vector<Outcome> checked_outcomes(std::vector<Outcome> outcomes, const MultiRequest& batch) {
  if (outcomes.size() != batch.size())
    throw Error(ErrorKind::Protocol, "BAD_RESPONSE",
                "The multirequest returned " + std::to_string(outcomes.size()) + " results for " +
                    std::to_string(batch.size()) + " calls");
  return outcomes;
}

void throw_unless_ok(const Outcome& outcome) {
  if (!outcome.ok()) throw *outcome.error;
}

// The attaching call failed only because the server takes complete tokens only.
bool attach_refused(const Outcome& outcome) { return !outcome.ok() && refuses_unfinished_token(*outcome.error); }

OpenedTarget open_new_entry(Client& client, const UploadTargetSpec& spec) {
  const bool document = spec.entry.object_type == "KalturaDocumentEntry";
  MultiRequest batch;
  const int entry_step = batch.add(document ? ops::base_entry_add(spec.entry) : ops::media_add(spec.entry));
  const int token_step = batch.add(ops::upload_token_add(spec.file_name));
  const std::string entry_id = MultiRequest::reference(entry_step, "id");
  const Params resource = ops::token_resource(MultiRequest::reference(token_step, "id"));
  batch.add(document ? ops::document_add_content(entry_id, resource) : ops::media_add_content(entry_id, resource));

  std::vector<Outcome> outcomes = checked_outcomes(client.call_multi(batch), batch);
  throw_unless_ok(outcomes[0]);
  throw_unless_ok(outcomes[1]);
  OpenedTarget target;
  target.entry_id = Entry::from_json(outcomes[0].value).id;
  target.token_id = UploadToken::from_json(outcomes[1].value).id;
  target.entry_created = true;
  if (attach_refused(outcomes[2]))
    target.attach_after_final =
        DeferredAttach{document ? DeferredAttach::Call::DocumentAddContent : DeferredAttach::Call::MediaAddContent,
                       target.entry_id, std::nullopt};
  else
    throw_unless_ok(outcomes[2]);
  return target;
}

OpenedTarget open_existing_entry(Client& client, const UploadTargetSpec& spec) {
  MultiRequest batch;
  const int token_step = batch.add(ops::upload_token_add(spec.file_name));
  batch.add(ops::media_update_content(spec.entry_id,
                                      ops::token_resource(MultiRequest::reference(token_step, "id")),
                                      spec.entry.conversion_profile_id));
  std::vector<Outcome> outcomes = checked_outcomes(client.call_multi(batch), batch);
  throw_unless_ok(outcomes[0]);
  OpenedTarget target;
  target.token_id = UploadToken::from_json(outcomes[0].value).id;
  target.entry_id = spec.entry_id;
  if (attach_refused(outcomes[1])) {
    target.attach_after_final =
        DeferredAttach{DeferredAttach::Call::MediaUpdateContent, spec.entry_id, spec.entry.conversion_profile_id};
    return target;
  }
  throw_unless_ok(outcomes[1]);
  target.replacing = content_goes_to_replacement(Entry::from_json(outcomes[1].value));
  return target;
}

OpenedTarget open_asset(Client& client, const UploadTargetSpec& spec) {
  const bool flavor = spec.kind == TargetKind::Flavor;
  MultiRequest batch;
  const int token_step = batch.add(ops::upload_token_add(spec.file_name));
  const int asset_step = batch.add(
      flavor ? ops::flavor_asset_add(spec.entry_id, spec.flavor_params_id)
             : ops::attachment_add(spec.entry_id, spec.attachment_title, spec.file_name, spec.attachment_format));
  const std::string asset_id = MultiRequest::reference(asset_step, "id");
  const Params resource = ops::token_resource(MultiRequest::reference(token_step, "id"));
  batch.add(flavor ? ops::flavor_asset_set_content(asset_id, resource)
                   : ops::attachment_set_content(asset_id, resource));

  std::vector<Outcome> outcomes = checked_outcomes(client.call_multi(batch), batch);
  throw_unless_ok(outcomes[0]);
  OpenedTarget target;
  target.entry_id = spec.entry_id;
  target.token_id = UploadToken::from_json(outcomes[0].value).id;
  const auto set_content = flavor ? DeferredAttach::Call::FlavorSetContent : DeferredAttach::Call::AttachmentSetContent;
  if (flavor && !outcomes[1].ok() && outcomes[1].error->is_api("FLAVOR_ASSET_ALREADY_EXISTS")) {
    // The rendition exists already: give the existing asset the new content.
    target.asset_id = outcomes[1].error->arg("ASSET_ID");
    try {
      client.call(ops::flavor_asset_set_content(target.asset_id, ops::token_resource(target.token_id)));
    } catch (const Error& error) {
      if (!refuses_unfinished_token(error)) throw;
      target.attach_after_final = DeferredAttach{set_content, target.asset_id, std::nullopt};
    }
    return target;
  }
  throw_unless_ok(outcomes[1]);
  target.asset_id = outcomes[1].value.get_string("id");
  if (attach_refused(outcomes[2]))
    target.attach_after_final = DeferredAttach{set_content, target.asset_id, std::nullopt};
  else
    throw_unless_ok(outcomes[2]);
  return target;
}

}  // namespace

bool content_goes_to_replacement(const Entry& entry) {
  return entry.replacement_status != 0 || !entry.replacing_entry_id.empty();
}

OpenedTarget open_upload_target(Client& client, const UploadTargetSpec& spec) {
  switch (spec.kind) {
    case TargetKind::NewEntry:
      return open_new_entry(client, spec);
    case TargetKind::ExistingEntry:
      return open_existing_entry(client, spec);
    case TargetKind::Flavor:
    case TargetKind::Attachment:
      return open_asset(client, spec);
  }
  throw Error(ErrorKind::Config, "CONFIG_ERROR", "Unknown upload target");
}

}  // namespace kaltura::upload
