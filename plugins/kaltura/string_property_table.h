// Element string properties described by a table, each naming a std::string
// member of a settings struct: installing, setting and getting them is one
// loop for every table. Unset reads back as NULL.
#pragma once

#include <gst/gst.h>

#include <cstddef>
#include <string>

#include "url_password.h"

// What kaltura element settings are: changeable in NULL or READY only,
// read once when the element starts.
constexpr GParamFlags kKalturaSettingFlags =
    static_cast<GParamFlags>(G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | GST_PARAM_MUTABLE_READY);
// Secrets can be set but never read back, so that gst-inspect, gst-launch -v
// and property dumps cannot show them.
constexpr GParamFlags kKalturaSecretFlags =
    static_cast<GParamFlags>(G_PARAM_WRITABLE | G_PARAM_STATIC_STRINGS | GST_PARAM_MUTABLE_READY);

// What reading a string property back gives.
enum class ReadBack {
  AsSet,
  Never,              // a secret: write-only
  UrlPasswordHidden,  // a URL, its password (if any) replaced by "***"
};

template <typename Settings>
struct StringProperty {
  guint id;  // property id, counted from the first_id the table is used with
  const char* name;
  const char* nick;
  const char* blurb;
  std::string Settings::*member;
  ReadBack read_back = ReadBack::AsSet;
};

template <typename Settings, size_t N>
const StringProperty<Settings>* find_string_property(const StringProperty<Settings> (&table)[N], guint id) {
  for (const auto& property : table)
    if (property.id == id) return &property;
  return nullptr;
}

template <typename Settings, size_t N>
void install_string_properties(GObjectClass* klass, guint first_id, const StringProperty<Settings> (&table)[N]) {
  for (const auto& property : table)
    g_object_class_install_property(
        klass, first_id + property.id,
        g_param_spec_string(property.name, property.nick, property.blurb, nullptr,
                            property.read_back == ReadBack::Never ? kKalturaSecretFlags : kKalturaSettingFlags));
}

// Return false when id is none of the table's.
template <typename Settings, size_t N>
bool set_string_property(Settings& settings, const StringProperty<Settings> (&table)[N], guint id,
                         const GValue* value) {
  const StringProperty<Settings>* property = find_string_property(table, id);
  if (!property) return false;
  const char* text = g_value_get_string(value);
  settings.*(property->member) = text ? text : "";
  return true;
}

template <typename Settings, size_t N>
bool get_string_property(const Settings& settings, const StringProperty<Settings> (&table)[N], guint id,
                         GValue* value) {
  const StringProperty<Settings>* property = find_string_property(table, id);
  if (!property) return false;
  const std::string& set = settings.*(property->member);
  const std::string text = property->read_back == ReadBack::UrlPasswordHidden ? url_with_password_hidden(set) : set;
  g_value_set_string(value, text.empty() ? nullptr : text.c_str());
  return true;
}
