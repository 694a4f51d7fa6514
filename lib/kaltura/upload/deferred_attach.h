// The call that gives an upload token to its content after the final chunk,
// for servers that will not take a token before its upload is complete: they
// answer the attaching call of the opening multirequest with
// UPLOAD_TOKEN_INVALID_STATUS_FOR_ADD_ENTRY (Kaltura servers that predate the
// deferred attachment of protocol §7.6). The call then travels in the same
// multirequest as the final chunk, so it costs no round trip of its own.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "kaltura/error.h"
#include "kaltura/request.h"

namespace kaltura::upload {

struct DeferredAttach {
  enum class Call {
    MediaAddContent,
    DocumentAddContent,
    MediaUpdateContent,
    DocumentUpdateContent,
    FlavorSetContent,
    AttachmentSetContent
  };
  Call call = Call::MediaAddContent;
  std::string object_id;                         // the entry, or the flavor or attachment asset
  std::optional<int64_t> conversion_profile_id;  // the UpdateContent calls only

  // media.updateContent or document_documents.updateContent: the content may
  // go into a replacement of the entry's content.
  bool updates_content() const { return call == Call::MediaUpdateContent || call == Call::DocumentUpdateContent; }

  // The attaching call for the (complete) token.
  Request request(const std::string& token_id) const;
  // One line of text for the upload state file, and back (nullopt when the
  // text is not one).
  std::string to_record() const;
  static std::optional<DeferredAttach> from_record(const std::string& text);
};

// The attaching call for the token, when there is one to make.
std::optional<Request> attach_request(const std::optional<DeferredAttach>& attach, const std::string& token_id);

// True for the answer of a server that attaches only complete tokens.
bool refuses_unfinished_token(const Error& error);

}  // namespace kaltura::upload
