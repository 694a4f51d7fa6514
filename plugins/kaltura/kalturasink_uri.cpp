#include "kalturasink_uri.h"

#include <string>
#include <utility>
#include <vector>

#include "kaltura_uri_parts.h"
#include "kalturasink_settings.h"
#include "url_password.h"

namespace {

// The properties a URI may set: where the content goes, the entry's
// metadata and how the upload behaves. Not credentials, nor what only makes
// sense while running.
constexpr const char* kUriProperties[] = {
    "entry-name",
    "description",
    "tags",
    "reference-id",
    "categories",
    "conversion-profile-id",
    "entry-user-id",
    "entry-type",
    "media-type",
    "file-name",
    "flavor-params-id",
    "attachment-title",
    "attachment-format",
    "approve-replacement",
    "wait-for",
    "wait-timeout",
    "on-error",
    "chunk-size",
    "max-parallel-chunks",
    "state-file",
    "service-url",
    "partner-id",
    "user-id",
    "session-type",
};

// Of those, how to reach the service: a URI that leaves one out keeps the
// element's value (typically set once by the application). The others
// describe the upload the URI names, and a new URI resets those it omits.
constexpr const char* kConnectionProperties[] = {"service-url", "partner-id", "user-id", "session-type"};

bool is_connection_property(const char* name) {
  for (const char* property : kConnectionProperties)
    if (g_str_equal(name, property)) return true;
  return false;
}

bool settable_by_uri(const std::string& name) {
  for (const char* property : kUriProperties)
    if (name == property) return true;
  return false;
}

std::string known_parameters() {
  std::string list;
  for (const char* property : kUriProperties) list += (list.empty() ? "" : ", ") + std::string(property);
  return list;
}

// What a value of the property looks like, for an error.
std::string expected_form(GParamSpec* pspec) {
  if (G_IS_PARAM_SPEC_ENUM(pspec)) {
    std::string nicks;
    GEnumClass* enums = G_PARAM_SPEC_ENUM(pspec)->enum_class;
    for (guint i = 0; i < enums->n_values; ++i) nicks += (i ? ", " : "") + std::string(enums->values[i].value_nick);
    return "one of " + nicks;
  }
  if (pspec->value_type == G_TYPE_BOOLEAN) return "true or false";
  return "a number";
}

// One parameter's value as its property's type; false with error.
bool value_of(GParamSpec* pspec, const std::string& text, GValue* value, std::string& error) {
  g_value_init(value, pspec->value_type);
  if (pspec->value_type == G_TYPE_STRING) {
    g_value_set_string(value, text.c_str());
  } else if (text.empty() || !gst_value_deserialize_with_pspec(value, text.c_str(), pspec)) {
    // Values are not quoted: one mistyped may be a secret.
    error = std::string(pspec->name) + " is not " + expected_form(pspec);
    return false;
  }
  const bool chunk_size_out_of_range =
      g_str_equal(pspec->name, "chunk-size") &&
      (g_value_get_uint64(value) < kKalturaMinChunkSize || g_value_get_uint64(value) > kKalturaMaxChunkSize);
  if (g_param_value_validate(pspec, value) || chunk_size_out_of_range) {  // validate changed it: out of range
    error = std::string(pspec->name) + " is out of range";
    return false;
  }
  return true;
}

}  // namespace

gboolean kalturasink_apply_uri(GObject* sink, const char* uri, GError** error) {
  std::string reason;
  auto fail = [&]() {
    g_set_error(error, GST_URI_ERROR, GST_URI_ERROR_BAD_URI, "Invalid kaltura:// URI: %s", reason.c_str());
    return FALSE;
  };
  const auto parts = kaltura_uri_split(uri ? uri : "", reason);
  if (!parts) return fail();
  struct Setting {
    GParamSpec* pspec;
    GValue value = G_VALUE_INIT;
  };
  std::vector<Setting> settings(parts->params.size());
  auto clear = [&settings] {
    for (Setting& setting : settings)
      if (G_IS_VALUE(&setting.value)) g_value_unset(&setting.value);
  };
  for (size_t i = 0; i < parts->params.size(); ++i) {
    const auto& [name, text] = parts->params[i];
    settings[i].pspec =
        settable_by_uri(name) ? g_object_class_find_property(G_OBJECT_GET_CLASS(sink), name.c_str()) : nullptr;
    if (!settings[i].pspec) {
      reason = "unknown parameter \"" + name + "\" (known: " + known_parameters() + ")";
      clear();
      return fail();
    }
    if (!value_of(settings[i].pspec, text, &settings[i].value, reason)) {
      clear();
      return fail();
    }
  }
  g_object_freeze_notify(sink);
  g_object_set(sink, "entry-id", parts->entry_id.c_str(), nullptr);
  for (const char* name : kUriProperties) {
    GParamSpec* pspec = g_object_class_find_property(G_OBJECT_GET_CLASS(sink), name);
    if (!pspec || is_connection_property(name)) continue;
    GValue value = G_VALUE_INIT;
    g_value_init(&value, pspec->value_type);
    g_param_value_set_default(pspec, &value);
    g_object_set_property(sink, name, &value);
    g_value_unset(&value);
  }
  for (Setting& setting : settings) g_object_set_property(sink, setting.pspec->name, &setting.value);
  g_object_thaw_notify(sink);
  clear();
  return TRUE;
}

gchar* kalturasink_uri_of(GObject* sink, const std::string& entry_id) {
  KalturaUriParts parts;
  parts.entry_id = entry_id;
  for (const char* name : kUriProperties) {
    GParamSpec* pspec = g_object_class_find_property(G_OBJECT_GET_CLASS(sink), name);
    if (!pspec) continue;
    GValue value = G_VALUE_INIT;
    g_value_init(&value, pspec->value_type);
    g_object_get_property(sink, name, &value);
    if (!g_param_value_defaults(pspec, &value)) {
      if (pspec->value_type == G_TYPE_STRING) {
        const std::string text = g_value_get_string(&value) ? g_value_get_string(&value) : "";
        // A service URL with a password (read back hidden) stays out: a URI carries no credentials.
        if (!url_has_password(text)) parts.params.emplace_back(name, text);
      } else {
        g_autofree char* text = gst_value_serialize(&value);
        if (text) parts.params.emplace_back(name, text);
      }
    }
    g_value_unset(&value);
  }
  return g_strdup(kaltura_uri_join(parts).c_str());
}
