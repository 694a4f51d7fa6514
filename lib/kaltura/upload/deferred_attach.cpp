#include "kaltura/upload/deferred_attach.h"

#include <glib.h>

#include <sstream>

#include "kaltura/operations.h"

namespace kaltura::upload {

namespace {

struct CallName {
  DeferredAttach::Call call;
  const char* name;  // service.action, as the protocol reference names it
};

constexpr CallName kCallNames[] = {
    {DeferredAttach::Call::MediaAddContent, "media.addContent"},
    {DeferredAttach::Call::DocumentAddContent, "document_documents.addContent"},
    {DeferredAttach::Call::MediaUpdateContent, "media.updateContent"},
    {DeferredAttach::Call::DocumentUpdateContent, "document_documents.updateContent"},
    {DeferredAttach::Call::FlavorSetContent, "flavorAsset.setContent"},
    {DeferredAttach::Call::AttachmentSetContent, "attachment_attachmentAsset.setContent"},
};

}  // namespace

Request DeferredAttach::request(const std::string& token_id) const {
  const Params resource = ops::token_resource(token_id);
  switch (call) {
    case Call::MediaAddContent:
      return ops::media_add_content(object_id, resource);
    case Call::DocumentAddContent:
      return ops::document_add_content(object_id, resource);
    case Call::MediaUpdateContent:
      return ops::media_update_content(object_id, resource, conversion_profile_id);
    case Call::DocumentUpdateContent:
      return ops::document_update_content(object_id, resource, conversion_profile_id);
    case Call::FlavorSetContent:
      return ops::flavor_asset_set_content(object_id, resource);
    case Call::AttachmentSetContent:
      return ops::attachment_set_content(object_id, resource);
  }
  throw Error(ErrorKind::Config, "CONFIG_ERROR", "Unknown attaching call");
}

std::string DeferredAttach::to_record() const {
  std::string text;
  for (const auto& known : kCallNames)
    if (known.call == call) text = known.name;
  text += " " + object_id;
  if (conversion_profile_id) text += " " + std::to_string(*conversion_profile_id);
  return text;
}

std::optional<DeferredAttach> DeferredAttach::from_record(const std::string& text) {
  std::istringstream words(text);
  std::string name, profile;
  DeferredAttach attach;
  if (!(words >> name >> attach.object_id)) return std::nullopt;
  bool known_call = false;
  for (const auto& known : kCallNames) {
    if (name != known.name) continue;
    attach.call = known.call;
    known_call = true;
  }
  if (!known_call) return std::nullopt;
  if (words >> profile) {
    char* end = nullptr;
    const gint64 value = g_ascii_strtoll(profile.c_str(), &end, 10);
    if (end == profile.c_str() || *end != '\0') return std::nullopt;
    attach.conversion_profile_id = value;
  }
  return attach;
}

std::optional<Request> attach_request(const std::optional<DeferredAttach>& attach, const std::string& token_id) {
  if (!attach) return std::nullopt;
  return attach->request(token_id);
}

bool refuses_unfinished_token(const Error& error) { return error.is_api("UPLOAD_TOKEN_INVALID_STATUS_FOR_ADD_ENTRY"); }

}  // namespace kaltura::upload
