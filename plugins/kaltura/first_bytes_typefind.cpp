#include "first_bytes_typefind.h"

namespace {

constexpr const char* kOwnTypefinders = "typefindfunctions";

struct Probe {
  const guint8* data;
  gsize size;
  guint best = 0;
  GstCaps* caps = nullptr;
};

// Only the bytes given: offsets from the end (negative) are unknown, as the
// length is.
const guint8* peek(gpointer data, gint64 offset, guint size) {
  const auto* probe = static_cast<const Probe*>(data);
  if (offset < 0 || static_cast<guint64>(offset) + size > probe->size) return nullptr;
  return probe->data + offset;
}

void suggest(gpointer data, guint probability, GstCaps* caps) {
  auto* probe = static_cast<Probe*>(data);
  if (probability <= probe->best) return;
  probe->best = probability;
  gst_caps_replace(&probe->caps, caps);
}

}  // namespace

GstCaps* kaltura_typefind_first_bytes(const guint8* data, gsize size) {
  Probe probe{data, size};
  GstTypeFind find = {};
  find.peek = peek;
  find.suggest = suggest;
  find.data = &probe;
  GList* factories = g_list_sort(gst_type_find_factory_get_list(), gst_plugin_feature_rank_compare_func);
  for (GList* item = factories; item && probe.best < GST_TYPE_FIND_MAXIMUM; item = item->next) {
    auto* factory = GST_TYPE_FIND_FACTORY(item->data);
    if (g_strcmp0(gst_plugin_feature_get_plugin_name(GST_PLUGIN_FEATURE(factory)), kOwnTypefinders) != 0) continue;
    gst_type_find_factory_call_function(factory, &find);
  }
  gst_plugin_feature_list_free(factories);
  return probe.caps;
}
