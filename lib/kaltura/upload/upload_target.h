// Where an upload goes, and the one multirequest that prepares it (protocol
// §4, §7.6): the upload token is created and attached to its content before
// the first chunk, so the content processes by itself when the final chunk
// lands. A server that attaches only complete tokens leaves the attaching
// call for the final chunk (deferred_attach.h). A call of the batch that fails
// on the server's side while the others worked is made again alone.
#pragma once

#include <optional>
#include <string>

#include "kaltura/client.h"
#include "kaltura/objects.h"
#include "kaltura/operations.h"
#include "kaltura/upload/deferred_attach.h"

namespace kaltura::upload {

enum class TargetKind {
  NewEntry,       // media.add (or baseEntry.add for documents) + addContent
  ExistingEntry,  // media.updateContent (document_documents' for documents): adds content, or replaces it
  Flavor,         // flavorAsset.add + setContent on an existing entry
  Attachment,     // attachmentAsset.add + setContent on an existing entry
};

struct UploadTargetSpec {
  TargetKind kind = TargetKind::NewEntry;
  ops::EntryFields entry;  // NewEntry
  std::string entry_id;    // the others
  int flavor_params_id = -1;
  std::string attachment_title;
  std::string attachment_format;  // "1".."5" or ""
  std::string file_name;          // the token's fileName, with the real extension
};

struct OpenedTarget {
  std::string token_id;
  std::string entry_id;
  std::string asset_id;        // flavor or attachment asset
  bool entry_created = false;  // NewEntry: the entry is ours (on-error=delete removes it)
  bool asset_created = false;  // Flavor, Attachment: the asset is ours, not one that existed
  bool replacing = false;      // ExistingEntry: the content goes into a replacement
  bool document = false;       // ExistingEntry: a document entry (document_documents calls)
  // Set when the server would not attach the unfinished token: the call to
  // make with the final chunk.
  std::optional<DeferredAttach> attach_after_final;
};

// Throws the first failing call's Error. When the server refused a call
// (an API error: a bad setting, an unknown entry), what the batch made
// before the refusal (the token, a new entry or asset) is removed first, so
// a failed start leaves nothing behind.
OpenedTarget open_upload_target(Client& client, const UploadTargetSpec& spec);

// The calls that remove what an opening made: its token, and the entry or
// asset it created (never one that was there before). Empty when it made
// nothing.
MultiRequest removal_of(const OpenedTarget& target, TargetKind kind);

// True when updateContent answered with this entry: the new content went
// into a replacement of the entry's existing content.
bool content_goes_to_replacement(const Entry& entry);

}  // namespace kaltura::upload
