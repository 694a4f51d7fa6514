#include "kalturastatus_lines.h"

#include <json-glib/json-glib.h>

namespace {

// The line's own "message" is the message's name: a field of that name
// (kaltura-retrying's text) is written as "text".
const char* line_member_name(const char* field) { return g_strcmp0(field, "message") == 0 ? "text" : field; }

void add_field(JsonBuilder* builder, const char* field, const GValue* value) {
  const char* name = line_member_name(field);
  switch (G_VALUE_TYPE(value)) {
    case G_TYPE_STRING: {
      const char* text = g_value_get_string(value);
      json_builder_set_member_name(builder, name);
      json_builder_add_string_value(builder, text ? text : "");
      return;
    }
    case G_TYPE_INT:
      json_builder_set_member_name(builder, name);
      json_builder_add_int_value(builder, g_value_get_int(value));
      return;
    case G_TYPE_UINT64:
      json_builder_set_member_name(builder, name);
      json_builder_add_int_value(builder, static_cast<gint64>(g_value_get_uint64(value)));
      return;
    case G_TYPE_INT64:
      json_builder_set_member_name(builder, name);
      json_builder_add_int_value(builder, g_value_get_int64(value));
      return;
    case G_TYPE_BOOLEAN:
      json_builder_set_member_name(builder, name);
      json_builder_add_boolean_value(builder, g_value_get_boolean(value));
      return;
    default: {
      // Not a type the kaltura-* messages use today; written as GStreamer prints it.
      g_autofree char* text = gst_value_serialize(value);
      json_builder_set_member_name(builder, name);
      json_builder_add_string_value(builder, text ? text : "");
      return;
    }
  }
}

}  // namespace

std::string kaltura_status_line(const GstStructure* message) {
  g_autoptr(JsonBuilder) builder = json_builder_new();
  json_builder_begin_object(builder);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc();
  g_autofree char* seconds = g_date_time_format(now, "%Y-%m-%dT%H:%M:%S");
  g_autofree char* time = g_strdup_printf("%s.%03dZ", seconds, g_date_time_get_microsecond(now) / 1000);
  json_builder_set_member_name(builder, "time");
  json_builder_add_string_value(builder, time);
  json_builder_set_member_name(builder, "message");
  json_builder_add_string_value(builder, gst_structure_get_name(message));
  for (int i = 0; i < gst_structure_n_fields(message); ++i) {
    const char* name = gst_structure_nth_field_name(message, static_cast<guint>(i));
    add_field(builder, name, gst_structure_get_value(message, name));
  }
  json_builder_end_object(builder);
  g_autoptr(JsonGenerator) generator = json_generator_new();
  g_autoptr(JsonNode) root = json_builder_get_root(builder);
  json_generator_set_root(generator, root);
  g_autofree char* text = json_generator_to_data(generator, nullptr);
  return std::string(text) + "\n";
}
