#include "kalturasink_target.h"

#include <glib.h>

#include "kaltura_text.h"

namespace kalturasink {

namespace {

constexpr int kVideo = 1;  // KalturaMediaType

// The file's name as UTF-8, as Kaltura takes names: a path is in the file
// system's encoding, which need not be UTF-8 (what does not convert becomes
// U+FFFD, so that the name is still mostly readable).
std::string base_name(const std::string& path) {
  g_autofree char* name = g_filename_display_basename(path.c_str());
  return name;
}

std::string strip_extension(const std::string& name) {
  const auto dot = name.rfind('.');
  return dot == std::string::npos || dot == 0 ? name : name.substr(0, dot);
}

// What follows the name's last dot, "" when it has none (".profile" has none).
std::string extension_of(const std::string& name) {
  const auto dot = name.rfind('.');
  return dot != std::string::npos && dot > 0 ? name.substr(dot + 1) : "";
}

bool has_extension(const std::string& name) { return !extension_of(name).empty(); }

// entry-name, else the stream's title, else the stem of location's,
// file-name's or upstream's file name.
std::string choose_entry_name(const KalturaSinkSettings& settings, const RunState& state) {
  if (!settings.entry_name.empty()) return settings.entry_name;
  if (!state.title.empty()) return state.title;
  if (!settings.location.empty()) return strip_extension(base_name(settings.location));
  if (!settings.file_name.empty()) return strip_extension(settings.file_name);
  return strip_extension(state.upstream_file_name);
}

// Kaltura tells a file's format by its extension: a name given without one
// gets the stream's, when the caps or the first bytes tell it.
std::string with_extension(const std::string& name, const RunState& state) {
  if (has_extension(name)) return name;
  const ContainerFormat& format = state.format.known() ? state.format : state.typefound;
  return format.known() ? name + "." + format.extension : name;
}

}  // namespace

std::string choose_file_name(const KalturaSinkSettings& settings, const RunState& state) {
  if (!settings.file_name.empty()) return with_extension(settings.file_name, state);
  if (!settings.location.empty()) return with_extension(base_name(settings.location), state);
  if (!state.upstream_file_name.empty())
    // A muxer or encoder in between makes another format than the file read.
    return state.format.known() ? strip_extension(state.upstream_file_name) + "." + state.format.extension
                                : state.upstream_file_name;
  std::string stem = !settings.entry_name.empty() ? settings.entry_name : state.title;
  if (stem.empty()) stem = "recording";
  for (char& c : stem)
    if (c == '/' || c == '\\') c = '_';
  return stem + "." + (state.format.known() ? state.format : state.typefound).extension;
}

int media_type_known_so_far(const KalturaSinkSettings& settings, const RunState& state) {
  if (settings.media_type != 0) return settings.media_type;
  if (state.format.media_type != 0) return state.format.media_type;
  if (state.upstream_media_type != 0) return state.upstream_media_type;
  const std::string name = !settings.file_name.empty()  ? settings.file_name
                           : !settings.location.empty() ? base_name(settings.location)
                                                        : state.upstream_file_name;
  return media_type_of_extension(extension_of(name));
}

std::string file_name_in_uri(const std::string& uri) {
  // Encoded: a file URI's path holds the file system's bytes, which need not
  // be UTF-8 (decoding them here would fail the whole parse).
  g_autoptr(GUri) parsed = g_uri_parse(uri.c_str(), G_URI_FLAGS_ENCODED, nullptr);
  if (!parsed) return "";
  const std::string path = g_uri_get_path(parsed);
  const auto slash = path.rfind('/');
  g_autofree char* bytes =
      g_uri_unescape_string((slash == std::string::npos ? path : path.substr(slash + 1)).c_str(), "/");
  if (!bytes) return "";
  g_autofree char* name = g_filename_display_name(bytes);
  return has_extension(name) ? name : "";
}

kaltura::upload::UploadTargetSpec target_spec(const KalturaSinkSettings& settings, const RunState& state) {
  using kaltura::upload::TargetKind;
  kaltura::upload::UploadTargetSpec spec;
  spec.file_name = kaltura_text::without_refused_chars(choose_file_name(settings, state));
  spec.entry_id = settings.entry_id;
  if (settings.conversion_profile_id >= 0) spec.entry.conversion_profile_id = settings.conversion_profile_id;
  if (settings.entry_id.empty()) {
    spec.kind = TargetKind::NewEntry;
    auto& entry = spec.entry;
    if (settings.entry_kind == KalturaEntryKind::Document) {
      entry.object_type = "KalturaDocumentEntry";
      entry.document_type = document_type_of_extension(extension_of(spec.file_name));
    } else {
      const int media_type = media_type_known_so_far(settings, state);
      entry.media_type = media_type != 0                   ? media_type
                         : state.typefound.media_type != 0 ? state.typefound.media_type
                                                           : kVideo;
    }
    // What the stream gives may hold characters Kaltura refuses (the
    // properties were checked at start).
    auto set = [](std::optional<std::string>& field, const std::string& value) {
      const std::string kept = kaltura_text::without_refused_chars(value);
      if (!kept.empty()) field = kept;
    };
    set(entry.name, choose_entry_name(settings, state));
    set(entry.description, !settings.description.empty() ? settings.description : state.description);
    set(entry.tags, !settings.tags.empty() ? settings.tags : state.keywords);
    set(entry.reference_id, settings.reference_id);
    set(entry.categories, settings.categories);
    set(entry.user_id, settings.entry_user_id);
  } else if (settings.flavor_params_id >= 0) {
    spec.kind = TargetKind::Flavor;
    spec.flavor_params_id = settings.flavor_params_id;
  } else if (!settings.attachment_title.empty()) {
    spec.kind = TargetKind::Attachment;
    spec.attachment_title = settings.attachment_title;
    spec.attachment_format = settings.attachment_format > 0 ? std::to_string(settings.attachment_format) : "";
  } else {
    spec.kind = TargetKind::ExistingEntry;
  }
  return spec;
}

}  // namespace kalturasink
