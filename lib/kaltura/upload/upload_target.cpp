#include "kaltura/upload/upload_target.h"

#include "kaltura/objects.h"

namespace kaltura::upload {

namespace {

// Runs the batch; returns each result, throwing the first failure.
std::vector<Json> run_batch(Client& client, const MultiRequest& batch) {
  std::vector<Outcome> outcomes = client.call_multi(batch);
  if (outcomes.size() != batch.size())
    throw Error(ErrorKind::Protocol, "BAD_RESPONSE",
                "The multirequest returned " + std::to_string(outcomes.size()) + " results for " +
                    std::to_string(batch.size()) + " calls");
  std::vector<Json> results;
  for (auto& outcome : outcomes) {
    if (!outcome.ok()) throw *outcome.error;
    results.push_back(std::move(outcome.value));
  }
  return results;
}

OpenedTarget open_new_entry(Client& client, const UploadTargetSpec& spec) {
  const bool document = spec.entry.object_type == "KalturaDocumentEntry";
  MultiRequest batch;
  const int entry_step = batch.add(document ? ops::base_entry_add(spec.entry) : ops::media_add(spec.entry));
  const int token_step = batch.add(ops::upload_token_add(spec.file_name));
  const std::string entry_id = MultiRequest::reference(entry_step, "id");
  const Params resource = ops::token_resource(MultiRequest::reference(token_step, "id"));
  batch.add(document ? ops::document_add_content(entry_id, resource) : ops::media_add_content(entry_id, resource));

  std::vector<Json> results = run_batch(client, batch);
  OpenedTarget target;
  target.entry_id = Entry::from_json(results[0]).id;
  target.token_id = UploadToken::from_json(results[1]).id;
  target.entry_created = true;
  return target;
}

OpenedTarget open_existing_entry(Client& client, const UploadTargetSpec& spec) {
  MultiRequest batch;
  const int token_step = batch.add(ops::upload_token_add(spec.file_name));
  batch.add(ops::media_update_content(spec.entry_id,
                                      ops::token_resource(MultiRequest::reference(token_step, "id")),
                                      spec.entry.conversion_profile_id));
  std::vector<Json> results = run_batch(client, batch);
  OpenedTarget target;
  target.token_id = UploadToken::from_json(results[0]).id;
  const Entry entry = Entry::from_json(results[1]);
  target.entry_id = spec.entry_id;
  target.replacing = entry.replacement_status != 0 || !entry.replacing_entry_id.empty();
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

  std::vector<Outcome> outcomes = client.call_multi(batch);
  if (outcomes.size() != batch.size())
    throw Error(ErrorKind::Protocol, "BAD_RESPONSE", "The multirequest returned a wrong number of results");
  if (!outcomes[0].ok()) throw *outcomes[0].error;
  OpenedTarget target;
  target.entry_id = spec.entry_id;
  target.token_id = UploadToken::from_json(outcomes[0].value).id;
  if (flavor && !outcomes[1].ok() && outcomes[1].error->is_api("FLAVOR_ASSET_ALREADY_EXISTS")) {
    // The rendition exists already: give the existing asset the new content.
    target.asset_id = outcomes[1].error->arg("ASSET_ID");
    client.call(ops::flavor_asset_set_content(target.asset_id, ops::token_resource(target.token_id)));
    return target;
  }
  for (auto& outcome : outcomes)
    if (!outcome.ok()) throw *outcome.error;
  target.asset_id = outcomes[1].value.get_string("id");
  return target;
}

}  // namespace

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
