#include "kaltura/upload/upload_target.h"

#include <map>

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

// A call of the opening batch that failed on the server's side
// (INTERNAL_SERVERL_ERROR, LOCK_TIMED_OUT) is made again alone, with the
// client's retries; any other failure is the answer.
Json settled(Client& client, const Outcome& outcome, const Request& alone) {
  if (outcome.ok()) return outcome.value;
  if (!outcome.error->transient()) throw *outcome.error;
  return client.call(alone);
}

// Whether the token is attached to something (its content, or the entry's
// source flavor asset). This opening made the token: only its own attaching
// call can have attached it.
bool token_attached(Client& client, const std::string& token_id) {
  try {
    return !UploadToken::from_json(client.call(ops::upload_token_get(token_id))).attached_object_id.empty();
  } catch (const Error& error) {
    if (error.kind() == ErrorKind::Cancelled) throw;
    return false;
  }
}

// The attaching call made alone: its result, or nullopt when the server
// takes complete tokens only. When the answer to an attempt was lost, the
// client's next attempt finds the call already made and is refused
// (ENTRY_ALREADY_WITH_CONTENT): the token, now attached, tells that it
// worked, and the entry stands for the result.
std::optional<Json> attach_alone(Client& client, const Request& call, const std::string& token_id,
                                 const std::string& entry_id) {
  try {
    return client.call(call);
  } catch (const Error& error) {
    if (refuses_unfinished_token(error)) return std::nullopt;
    if (error.kind() != ErrorKind::Api || !token_attached(client, token_id)) throw;
    return client.call(ops::base_entry_get(entry_id));
  }
}

// The attaching call's result; nullopt when the server takes complete tokens
// only (the call then goes with the final chunk). It is made again alone when
// it failed on the server's side, or when an earlier call of the batch failed
// (its reference to that call's result could not resolve; alone names the
// object that took that call's place).
std::optional<Json> attach_result(Client& client, const Outcome& outcome, bool earlier_failed, const Request& alone,
                                  const std::string& token_id, const std::string& entry_id) {
  if (outcome.ok()) return outcome.value;
  if (refuses_unfinished_token(*outcome.error)) return std::nullopt;
  if (!earlier_failed && !outcome.error->transient()) throw *outcome.error;
  return attach_alone(client, alone, token_id, entry_id);
}

void open_new_entry(Client& client, const UploadTargetSpec& spec, OpenedTarget& target) {
  const bool document = spec.entry.object_type == "KalturaDocumentEntry";
  const Request entry_add = document ? ops::base_entry_add(spec.entry) : ops::media_add(spec.entry);
  const Request token_add = ops::upload_token_add(spec.file_name);
  const auto content_add = [document](const std::string& entry_id, const Params& resource) {
    return document ? ops::document_add_content(entry_id, resource) : ops::media_add_content(entry_id, resource);
  };
  MultiRequest batch;
  const int entry_step = batch.add(entry_add);
  const int token_step = batch.add(token_add);
  batch.add(content_add(MultiRequest::reference(entry_step, "id"),
                        ops::token_resource(MultiRequest::reference(token_step, "id"))));

  std::vector<Outcome> outcomes = checked_outcomes(client.call_multi(batch), batch);
  // Known before a refused entry throws, so that the token is removed too.
  if (outcomes[1].ok()) target.token_id = UploadToken::from_json(outcomes[1].value).id;
  target.entry_id = Entry::from_json(settled(client, outcomes[0], entry_add)).id;
  target.entry_created = true;
  target.token_id = UploadToken::from_json(settled(client, outcomes[1], token_add)).id;
  const bool earlier_failed = !outcomes[0].ok() || !outcomes[1].ok();
  if (!attach_result(client, outcomes[2], earlier_failed,
                     content_add(target.entry_id, ops::token_resource(target.token_id)), target.token_id,
                     target.entry_id))
    target.attach_after_final =
        DeferredAttach{document ? DeferredAttach::Call::DocumentAddContent : DeferredAttach::Call::MediaAddContent,
                       target.entry_id, std::nullopt};
}

// media.updateContent answers ENTRY_ID_NOT_FOUND for an entry that is not a
// media entry; baseEntry.get tells whether it exists as a document, whose
// content document_documents.updateContent sets instead. False when it does
// not exist; an entry of another type (data, playlist, live stream) has no
// content to upload into, and says so.
bool is_existing_document(Client& client, const std::string& entry_id) {
  Entry entry;
  try {
    entry = Entry::from_json(client.call(ops::base_entry_get(entry_id)));
  } catch (const Error& error) {
    if (error.is_api("ENTRY_ID_NOT_FOUND")) return false;
    throw;
  }
  if (entry.type == static_cast<int>(EntryType::Document)) return true;
  const std::map<int, const char*> kinds = {
      {5, "a playlist"}, {6, "a data entry"}, {7, "a live stream entry"}, {8, "a live channel entry"}};
  const auto kind = kinds.find(entry.type);
  throw Error(ErrorKind::Api, "ENTRY_TYPE_NOT_SUPPORTED",
              "Entry \"" + entry_id + "\" is " + (kind != kinds.end() ? kind->second : "an entry") + " (type " +
                  std::to_string(entry.type) + "): only media and document entries take uploaded content",
              {{"ENTRY_ID", entry_id}, {"ENTRY_TYPE", std::to_string(entry.type)}});
}

void open_existing_entry(Client& client, const UploadTargetSpec& spec, OpenedTarget& target) {
  const Request token_add = ops::upload_token_add(spec.file_name);
  const auto update_content = [&spec](bool document, const std::string& token_id) {
    const Params resource = ops::token_resource(token_id);
    return document ? ops::document_update_content(spec.entry_id, resource, spec.entry.conversion_profile_id)
                    : ops::media_update_content(spec.entry_id, resource, spec.entry.conversion_profile_id);
  };
  MultiRequest batch;
  const int token_step = batch.add(token_add);
  batch.add(update_content(false, MultiRequest::reference(token_step, "id")));

  std::vector<Outcome> outcomes = checked_outcomes(client.call_multi(batch), batch);
  target.token_id = UploadToken::from_json(settled(client, outcomes[0], token_add)).id;
  target.entry_id = spec.entry_id;
  const Outcome& attached = outcomes[1];
  std::optional<Json> entry;
  if (!attached.ok() && attached.error->is_api("ENTRY_ID_NOT_FOUND") && is_existing_document(client, spec.entry_id)) {
    target.document = true;
    entry = attach_alone(client, update_content(true, target.token_id), target.token_id, spec.entry_id);
  } else {
    entry = attach_result(client, attached, !outcomes[0].ok(), update_content(false, target.token_id), target.token_id,
                          spec.entry_id);
  }
  if (!entry) {
    target.attach_after_final = DeferredAttach{
        target.document ? DeferredAttach::Call::DocumentUpdateContent : DeferredAttach::Call::MediaUpdateContent,
        spec.entry_id, spec.entry.conversion_profile_id};
    return;
  }
  target.replacing = content_goes_to_replacement(Entry::from_json(*entry));
}

void open_asset(Client& client, const UploadTargetSpec& spec, OpenedTarget& target) {
  const bool flavor = spec.kind == TargetKind::Flavor;
  const Request token_add = ops::upload_token_add(spec.file_name);
  const Request asset_add =
      flavor ? ops::flavor_asset_add(spec.entry_id, spec.flavor_params_id)
             : ops::attachment_add(spec.entry_id, spec.attachment_title, spec.file_name, spec.attachment_format);
  const auto set_content = [flavor](const std::string& asset_id, const std::string& token_id) {
    const Params resource = ops::token_resource(token_id);
    return flavor ? ops::flavor_asset_set_content(asset_id, resource) : ops::attachment_set_content(asset_id, resource);
  };
  MultiRequest batch;
  const int token_step = batch.add(token_add);
  const int asset_step = batch.add(asset_add);
  batch.add(set_content(MultiRequest::reference(asset_step, "id"), MultiRequest::reference(token_step, "id")));

  std::vector<Outcome> outcomes = checked_outcomes(client.call_multi(batch), batch);
  target.entry_id = spec.entry_id;
  // Known before a refused token throws, so that the asset is removed too.
  if (outcomes[1].ok()) {
    target.asset_id = outcomes[1].value.get_string("id");
    target.asset_created = true;
  }
  target.token_id = UploadToken::from_json(settled(client, outcomes[0], token_add)).id;
  if (flavor && !outcomes[1].ok() && outcomes[1].error->is_api("FLAVOR_ASSET_ALREADY_EXISTS")) {
    // The rendition exists already: give the existing asset the new content.
    target.asset_id = outcomes[1].error->arg("ASSET_ID");
  } else {
    target.asset_id = settled(client, outcomes[1], asset_add).get_string("id");
    target.asset_created = true;
  }
  const bool earlier_failed = !outcomes[0].ok() || !outcomes[1].ok();
  if (!attach_result(client, outcomes[2], earlier_failed, set_content(target.asset_id, target.token_id),
                     target.token_id, target.entry_id))
    target.attach_after_final =
        DeferredAttach{flavor ? DeferredAttach::Call::FlavorSetContent : DeferredAttach::Call::AttachmentSetContent,
                       target.asset_id, std::nullopt};
}

}  // namespace

bool content_goes_to_replacement(const Entry& entry) {
  return entry.replacement_status != 0 || !entry.replacing_entry_id.empty();
}

OpenedTarget open_upload_target(Client& client, const UploadTargetSpec& spec) {
  OpenedTarget target;
  try {
    switch (spec.kind) {
      case TargetKind::NewEntry:
        open_new_entry(client, spec, target);
        return target;
      case TargetKind::ExistingEntry:
        open_existing_entry(client, spec, target);
        return target;
      case TargetKind::Flavor:
      case TargetKind::Attachment:
        open_asset(client, spec, target);
        return target;
    }
  } catch (const Error& error) {
    // Only a refusal: after other failures the server may not answer, and
    // waiting for it again would only delay the error.
    if (error.kind() == ErrorKind::Api) {
      const MultiRequest removal = removal_of(target, spec.kind);
      try {
        if (removal.size() > 0) client.call_multi(removal);
      } catch (const Error&) {
        // The refusal is the news; what could not be removed stays.
      }
    }
    throw;
  }
  throw Error(ErrorKind::Config, "CONFIG_ERROR", "Unknown upload target");
}

MultiRequest removal_of(const OpenedTarget& target, TargetKind kind) {
  MultiRequest removal;
  if (!target.token_id.empty()) removal.add(ops::upload_token_delete(target.token_id));
  if (target.asset_created && !target.asset_id.empty())
    removal.add(kind == TargetKind::Flavor ? ops::flavor_asset_delete(target.asset_id)
                                           : ops::attachment_delete(target.asset_id));
  if (target.entry_created && !target.entry_id.empty()) removal.add(ops::base_entry_delete(target.entry_id));
  return removal;
}

}  // namespace kaltura::upload
