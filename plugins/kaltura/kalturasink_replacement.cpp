#include "kalturasink_replacement.h"

#include "kaltura/objects.h"
#include "kaltura/operations.h"
#include "kaltura/upload/upload_target.h"
#include "kalturasink_target.h"

namespace kalturasink {

Replacement replacement_so_far(const KalturaSinkSettings& settings, const RunState& state) {
  using kaltura::upload::TargetKind;
  const TargetKind kind = target_spec(settings, state).kind;
  // A resumed run made no attaching call; given upload-token-id alone, it
  // follows the entry of the token without knowing whether it replaces the
  // entry's content.
  if (state.resume && (kind == TargetKind::ExistingEntry || kind == TargetKind::NewEntry)) return {false, false, false};
  if (kind != TargetKind::ExistingEntry) return {};
  const auto& attach = state.record.attach_after_final;
  if (attach && attach->updates_content()) return {false, false, false};
  return {true, state.replacing, state.document};
}

namespace {

kaltura::Entry entry_now(Run& run, const std::string& entry_id) {
  return kaltura::Entry::from_json(run.client->call(kaltura::ops::base_entry_get(entry_id)));
}

}  // namespace

void approve_replacement(Run& run, const std::string& entry_id, Replacement replacement) {
  if (!replacement.known) {
    const auto entry = entry_now(run, entry_id);
    replacement.replacing = kaltura::upload::content_goes_to_replacement(entry);
    replacement.document = entry.type == static_cast<int>(kaltura::EntryType::Document);
  }
  if (!replacement.replacing) return;
  try {
    run.client->call(replacement.document ? kaltura::ops::document_approve_replace(entry_id)
                                          : kaltura::ops::media_approve_replace(entry_id));
  } catch (const kaltura::Error& error) {
    // An approval whose answer was lost (a retried call, or one a pause cut
    // short) may have been made: the replacement, approved, then took the
    // entry's place, and the entry is no longer being replaced. A failed
    // replacement still shows in the entry.
    if (!error.is_api("ENTRY_ID_NOT_REPLACED") ||
        kaltura::upload::content_goes_to_replacement(entry_now(run, entry_id)))
      throw;
  }
}

}  // namespace kalturasink
