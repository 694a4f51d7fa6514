// Which entries media.list, baseEntry.list and their count actions select
// (§8.3), as Kaltura's KalturaBaseEntryFilter does: the statuses and
// moderation statuses taken when the filter names none, system entries,
// deleted entries, baseEntry.listByReferenceId, the filter's fields and
// orderBy.
#include <glib.h>

#include <algorithm>
#include <string>
#include <vector>

#include "content_test_api.h"

using namespace content_test;

namespace {

// The ids of a list response, in order.
std::vector<std::string> ids_of(const Result& list) {
  std::vector<std::string> ids;
  for (size_t i = 0; i < list.length("objects"); ++i) ids.push_back(list.text("objects." + std::to_string(i) + ".id"));
  return ids;
}

// The ids a list selects, sorted, for comparing as sets.
std::vector<std::string> listed(const Api& api, const std::string& service, Fields filter = {}) {
  Result list = api.call(service, "list", filter);
  assert_text_eq(list.code(), "");
  g_assert_cmpint(list.number("totalCount"), ==, static_cast<int64_t>(list.length("objects")));
  std::vector<std::string> ids = ids_of(list);
  std::sort(ids.begin(), ids.end());
  return ids;
}

std::vector<std::string> sorted(std::vector<std::string> ids) {
  std::sort(ids.begin(), ids.end());
  return ids;
}

void assert_ids(const std::vector<std::string>& actual, const std::vector<std::string>& expected) {
  const std::vector<std::string> wanted = sorted(expected);
  if (actual == wanted) return;
  std::string got, want;
  for (const auto& id : actual) got += id + " ";
  for (const auto& id : wanted) want += id + " ";
  g_error("listed [%s], expected [%s]", got.c_str(), want.c_str());
}

void test_without_status_only_ready_entries() {
  DevServerProcess server;
  Api api(server, start_session(server, 2));
  const std::string no_content = api.add_media();
  const std::string ready = api.ready_media(make_video_mp4(64, 48, 10), "clip.mp4");
  const std::string importing = api.add_media();
  Fields waiting = api.token_resource("resource", api.add_token("later.mp4"));  // nothing uploaded yet
  waiting.emplace_back("entryId", importing);
  g_assert_cmpint(api.call("media", "addContent", waiting).number("status"), ==, 0);
  const std::string deleted = api.add_media();
  assert_text_eq(api.call("media", "delete", {{"entryId", deleted}}).code(), "");
  const std::string data = api.call("data", "add", {{"dataEntry[name]", "cfg"}}).text("id");  // READY at once

  // No status field: READY entries only, in lists and counts.
  assert_ids(listed(api, "media"), {ready});
  assert_ids(listed(api, "baseentry"), {ready, data});
  g_assert_cmpint(api.call("media", "count").number(), ==, 1);
  g_assert_cmpint(api.call("baseentry", "count").number(), ==, 2);
  assert_ids(listed(api, "media", {{"filter[objectType]", "KalturaMediaEntryFilter"}, {"filter[nameLike]", ""}}),
             {ready});
  // Any status field replaces that default; a deleted entry is listed when
  // the status fields let it through, as on Kaltura.
  assert_ids(listed(api, "media", {{"filter[statusEqual]", "7"}}), {no_content});
  assert_ids(listed(api, "media", {{"filter[statusIn]", "0,7"}}), {no_content, importing});
  assert_ids(listed(api, "media", {{"filter[statusNotEqual]", "2"}}), {no_content, importing, deleted});
  assert_ids(listed(api, "media", {{"filter[statusNotIn]", "2,3"}}), {no_content, importing});
  assert_ids(listed(api, "media", {{"filter[statusEqual]", "3"}}), {deleted});
  g_assert_cmpint(api.call("media", "count", {{"filter[statusNotEqual]", "3"}}).number(), ==, 3);
  // Sent but empty: no default, and no condition either.
  assert_ids(listed(api, "media", {{"filter[statusIn]", ""}}), {no_content, ready, importing, deleted});
  // A filter naming one entry by idEqual takes it in any status; idIn does not.
  assert_ids(listed(api, "media", {{"filter[idEqual]", no_content}}), {no_content});
  assert_ids(listed(api, "media", {{"filter[idEqual]", deleted}}), {deleted});
  assert_ids(listed(api, "media", {{"filter[idIn]", no_content + "," + ready}}), {ready});
  // Every entry here is auto-approved (6); a moderation field replaces only
  // the moderation default, not the status one.
  assert_ids(listed(api, "media", {{"filter[moderationStatusEqual]", "6"}}), {ready});
  assert_ids(listed(api, "media", {{"filter[moderationStatusIn]", "1,3"}}), {});
  assert_ids(listed(api, "media", {{"filter[moderationStatusNotEqual]", "6"}, {"filter[statusIn]", "0,7"}}), {});
}

void test_system_entries_and_reference_ids() {
  DevServerProcess server;
  Api api(server, start_session(server, 2));
  const std::string plain = api.add_media({{"mediaType", "1"}, {"referenceId", "shared"}});
  const std::string system = api.add_media(
      {{"mediaType", "1"}, {"displayInSearch", "-1"}, {"referenceId", "shared"}, {"parentEntryId", plain}});
  const std::string gone = api.add_media({{"mediaType", "1"}, {"referenceId", "shared"}});
  assert_text_eq(api.call("media", "delete", {{"entryId", gone}}).code(), "");

  // A system entry (displayInSearch -1) is listed only when named by idEqual
  // or asked for through its parent.
  assert_ids(listed(api, "media", {{"filter[statusEqual]", "7"}}), {plain});
  assert_ids(listed(api, "media", {{"filter[idEqual]", system}}), {system});
  assert_ids(listed(api, "media", {{"filter[idIn]", system}, {"filter[statusEqual]", "7"}}), {});
  assert_ids(listed(api, "media", {{"filter[parentEntryIdEqual]", plain}, {"filter[statusEqual]", "7"}}), {system});
  // listByReferenceId has no status default: any status but deleted, no system entries.
  Result by_reference = api.call("baseentry", "listByReferenceId", {{"refId", "shared"}});
  g_assert_cmpint(by_reference.number("totalCount"), ==, 1);
  assert_ids(ids_of(by_reference), {plain});
}

// Entries without content: every call below names their status.
std::vector<std::string> listed_without_content(const Api& api, Fields filter) {
  filter.emplace_back("filter[statusEqual]", "7");
  return listed(api, "media", filter);
}

std::vector<std::string> ordered(const Api& api, const std::string& order_by) {
  return ids_of(api.call("media", "list", {{"filter[statusEqual]", "7"}, {"filter[orderBy]", order_by}}));
}

void test_filter_fields() {
  DevServerProcess server;
  Api api(server, start_session(server, 2));
  const std::string a = api.add_media({{"mediaType", "1"},
                                       {"name", "Beta clip"},
                                       {"userId", "ann"},
                                       {"tags", "finance"},
                                       {"description", "Quarterly report"},
                                       {"categories", "News>Local, Sport"}});
  const std::string b = api.add_media({{"mediaType", "1"},
                                       {"name", "alpha Clip"},
                                       {"userId", "bob"},
                                       {"referenceId", "ref-b"},
                                       {"categories", "News"}});
  const std::string c = api.add_media({{"mediaType", "1"}, {"name", "gamma"}});

  assert_ids(listed_without_content(api, {{"filter[idNotIn]", a + ",0_nosuch12"}}), {b, c});
  assert_ids(listed_without_content(api, {{"filter[nameEqual]", "BETA CLIP"}}), {a});
  assert_ids(listed_without_content(api, {{"filter[nameEqual]", "beta"}}), {});
  assert_ids(listed_without_content(api, {{"filter[nameMultiLikeOr]", "alpha, gam"}}), {b, c});
  assert_ids(listed_without_content(api, {{"filter[nameMultiLikeAnd]", "clip,BETA"}}), {a});
  assert_ids(listed_without_content(api, {{"filter[userIdIn]", "ann,bob,nobody"}}), {a, b});
  assert_ids(listed_without_content(api, {{"filter[categoriesMatchOr]", "News"}}), {b});
  assert_ids(listed_without_content(api, {{"filter[categoriesMatchOr]", "Sport,News"}}), {a, b});
  assert_ids(listed_without_content(api, {{"filter[categoriesMatchAnd]", "News>Local,Sport"}}), {a});
  assert_ids(listed_without_content(api, {{"filter[categoriesMatchAnd]", "News,Sport"}}), {});
  // Fields combine: every condition holds.
  assert_ids(listed_without_content(api, {{"filter[nameLike]", "clip"}, {"filter[idNotIn]", a}}), {b});

  // freeText: every word in one of name, tags, description, id, reference
  // id, user id; comma-separated alternatives; a quoted text is a whole field.
  assert_ids(listed_without_content(api, {{"filter[freeText]", "report FINANCE"}}), {a});
  assert_ids(listed_without_content(api, {{"filter[freeText]", "report gamma"}}), {});
  assert_ids(listed_without_content(api, {{"filter[freeText]", "report,gamma"}}), {a, c});
  assert_ids(listed_without_content(api, {{"filter[freeText]", "ref-b"}}), {b});
  assert_ids(listed_without_content(api, {{"filter[freeText]", "\"Gamma\""}}), {c});
  assert_ids(listed_without_content(api, {{"filter[freeText]", "\"gamm\""}}), {});
  assert_ids(listed_without_content(api, {{"filter[freeText]", c}}), {c});
}

void test_time_ranges_and_order() {
  DevServerProcess server;
  Api api(server, start_session(server, 2));
  const std::string first = api.add_media({{"mediaType", "1"}, {"name", "Beta"}});
  g_usleep(1100 * 1000);
  const std::string second = api.add_media({{"mediaType", "1"}, {"name", "alpha"}});
  const std::string third = api.add_media({{"mediaType", "1"}, {"name", "gamma"}});
  g_usleep(1100 * 1000);
  Result updated = api.call("media", "update", {{"entryId", first}, {"mediaEntry[description]", "later"}});
  assert_text_eq(updated.code(), "");
  const std::string first_created = api.call("media", "get", {{"entryId", first}}).text("createdAt");
  const std::string second_created = api.call("media", "get", {{"entryId", second}}).text("createdAt");

  assert_ids(listed_without_content(api, {{"filter[createdAtGreaterThanOrEqual]", second_created}}), {second, third});
  assert_ids(listed_without_content(api, {{"filter[createdAtLessThanOrEqual]", first_created}}), {first});
  assert_ids(listed_without_content(api, {{"filter[updatedAtGreaterThanOrEqual]", updated.text("updatedAt")}}),
             {first});
  assert_ids(listed_without_content(api, {{"filter[updatedAtLessThanOrEqual]", second_created}}), {second, third});

  using Ids = std::vector<std::string>;
  g_assert_true(ordered(api, "+createdAt") == (Ids{first, second, third}));
  g_assert_true(ordered(api, "-createdAt") == (Ids{third, second, first}));
  g_assert_true(ordered(api, "-updatedAt") == (Ids{first, third, second}));
  g_assert_true(ordered(api, "+updatedAt") == (Ids{second, third, first}));
  // Names ignore case: alpha, Beta, gamma.
  g_assert_true(ordered(api, "+name") == (Ids{second, first, third}));
  g_assert_true(ordered(api, "-name") == (Ids{third, first, second}));
  // Several keys apply in turn; unknown ones are dropped, as Kaltura does.
  const bool same_second = api.call("media", "get", {{"entryId", third}}).text("createdAt") == second_created;
  g_assert_true(ordered(api, "-createdAt,+name") ==
                (same_second ? Ids{second, third, first} : Ids{third, second, first}));
  g_assert_true(ordered(api, "+plays,+name") == (Ids{second, first, third}));
  g_assert_true(ordered(api, "+plays") == (Ids{third, second, first}));
}

}  // namespace

int main(int argc, char** argv) {
  g_test_init(&argc, &argv, nullptr);
  g_test_add_func("/devserver/entry-lists/without-status-only-ready-entries", test_without_status_only_ready_entries);
  g_test_add_func("/devserver/entry-lists/system-entries-and-reference-ids", test_system_entries_and_reference_ids);
  g_test_add_func("/devserver/entry-lists/filter-fields", test_filter_fields);
  g_test_add_func("/devserver/entry-lists/time-ranges-and-order", test_time_ranges_and_order);
  return g_test_run();
}
