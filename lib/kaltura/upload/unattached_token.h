// Where a token that is attached to nothing goes when an upload to it is
// continued with upload-token-id: its first run met a server that attaches
// complete tokens only (deferred_attach.h) and stopped before the final
// chunk, so the call that gives the file its place was never made.
#pragma once

#include "kaltura/client.h"
#include "kaltura/upload/deferred_attach.h"
#include "kaltura/upload/upload_target.h"

namespace kaltura::upload {

// The call to make with the final chunk, for a target on an existing entry
// (spec.kind is ExistingEntry, Flavor or Attachment):
// - the entry's content: added when the entry has none (media or document),
//   else replaced with media.updateContent;
// - the entry's flavor of spec.flavor_params_id: the asset the first run
//   created, or a new one when there is none;
// - an attachment titled spec.attachment_title: one of that title that has no
//   content yet (the first run's), or a new one.
// Throws the Error of the call that failed (e.g. ENTRY_ID_NOT_FOUND).
DeferredAttach attach_for_unattached_token(Client& client, const UploadTargetSpec& spec);

}  // namespace kaltura::upload
