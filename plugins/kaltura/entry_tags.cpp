#include "entry_tags.h"

GstTagList* entry_tags(const kaltura::Entry& entry) {
  GstTagList* tags = gst_tag_list_new_empty();
  if (!entry.name.empty()) gst_tag_list_add(tags, GST_TAG_MERGE_APPEND, GST_TAG_TITLE, entry.name.c_str(), nullptr);
  if (!entry.description.empty())
    gst_tag_list_add(tags, GST_TAG_MERGE_APPEND, GST_TAG_DESCRIPTION, entry.description.c_str(), nullptr);
  // Kaltura keeps tags as one comma-separated string ("news, radio").
  g_auto(GStrv) keywords = g_strsplit(entry.tags.c_str(), ",", -1);
  for (char** keyword = keywords; *keyword; ++keyword) {
    g_strstrip(*keyword);
    if (**keyword) gst_tag_list_add(tags, GST_TAG_MERGE_APPEND, GST_TAG_KEYWORDS, *keyword, nullptr);
  }
  if (gst_tag_list_is_empty(tags)) {
    gst_tag_list_unref(tags);
    return nullptr;
  }
  return tags;
}
