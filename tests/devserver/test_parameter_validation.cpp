// Checks Kaltura makes on parameters before an action runs: text holding a
// character XML cannot carry (INVALID_PARAMETER_CHAR), and the language field
// (INVALID_LANGUAGE_CODE).
#include <memory>

#include "devserver_api.h"

using namespace devserver_test;
using testing_support::post_json;

namespace {

DevServerProcess* server = nullptr;

void assert_invalid_char(const HttpResponse& response, const std::string& field) {
  Json error(response.body);
  ASSERT_STR(error.str("code"), "INVALID_PARAMETER_CHAR");
  ASSERT_STR(error.str("message"), "Invalid char in \"" + field + "\" field");
  ASSERT_STR(error.str("args.XML_FIELD"), field);
}

// Entries of any status but deleted, as a count.
gint64 entry_count(const std::string& ks) {
  return Json(call(*server, "baseentry", "count", {{"ks", ks}, {"filter[statusIn]", "-2,-1,0,1,2,4,5,6,7"}}).body)
      .num("");
}

void test_object_properties_are_checked() {
  const std::string ks = admin_ks(*server);
  // The property alone names the field, not entry:name.
  assert_invalid_char(call(*server, "media", "add",
                           {{"ks", ks},
                            {"entry[objectType]", "KalturaMediaEntry"},
                            {"entry[mediaType]", "1"},
                            {"entry[name]", "bell\x07"}}),
                      "name");
  assert_invalid_char(call(*server, "media", "add",
                           {{"ks", ks},
                            {"entry:objectType", "KalturaMediaEntry"},
                            {"entry:mediaType", "1"},
                            {"entry:description", "escape \x1b[0m"}}),
                      "description");
  // U+FFFE and U+FFFF are not characters either.
  assert_invalid_char(call(*server, "media", "add",
                           {{"ks", ks}, {"entry[objectType]", "KalturaMediaEntry"}, {"entry[tags]", "a,\xef\xbf\xbe"}}),
                      "tags");
  // Nested deeper, and in a JSON body.
  assert_invalid_char(call(*server, "media", "addContent",
                           {{"ks", ks},
                            {"entryId", "0_nosuch12"},
                            {"resource[objectType]", "KalturaUploadedFileTokenResource"},
                            {"resource[token]", "0_\x01"}}),
                      "token");
  assert_invalid_char(post_json(action_url(*server, "uploadtoken", "add"),
                                "{\"format\":1,\"ks\":\"" + ks +
                                    "\",\"uploadToken\":{\"objectType\":\"KalturaUploadToken\","
                                    "\"fileName\":\"clip\\u0002.mp4\"}}"),
                      "fileName");
  g_assert_cmpint(entry_count(ks), ==, 0);
}

void test_scalar_parameters_are_checked() {
  const std::string ks = admin_ks(*server);
  // Refused before the entry is looked up.
  assert_invalid_char(call(*server, "media", "get", {{"ks", ks}, {"entryId", "0_\x02"}}), "entryId");
  assert_invalid_char(call(*server, "baseentry", "getByIds", {{"ks", ks}, {"entryIds", "0_a,\x1f"}}), "entryIds");
  // Before the permission check too: Kaltura reads the parameters first.
  assert_invalid_char(call(*server, "media", "get", {{"entryId", "0_\x02"}}), "entryId");
  // In a multirequest, only the call that holds it fails.
  HttpResponse batch = call(*server, "multirequest", "",
                            {{"ks", ks},
                             {"1:service", "media"},
                             {"1:action", "get"},
                             {"1:entryId", "0_\x03"},
                             {"2:service", "media"},
                             {"2:action", "get"},
                             {"2:entryId", "0_nosuch12"}});
  Json results(batch.body);
  ASSERT_STR(results.str("0.code"), "INVALID_PARAMETER_CHAR");
  ASSERT_STR(results.str("0.args.XML_FIELD"), "entryId");
  ASSERT_STR(results.str("1.code"), "ENTRY_ID_NOT_FOUND");
}

void test_characters_xml_can_carry_pass() {
  const std::string ks = admin_ks(*server);
  // Tab, line feed, carriage return, DEL, a C1 control, the ends of the
  // allowed ranges and a character beyond the BMP.
  const std::string text = "a\tb\nc\rd\x7f \xc2\x85 \xed\x9f\xbf \xee\x80\x80 \xef\xbf\xbd \xf0\x9f\x98\x80";
  HttpResponse added = call(*server, "media", "add",
                            {{"ks", ks},
                             {"clientTag", "tag\x01"},
                             {"entry[objectType]", "KalturaMediaEntry"},
                             {"entry[mediaType]", "1"},
                             {"entry[description]", text}});
  Json entry(added.body);
  ASSERT_STR(entry.str("objectType"), "KalturaMediaEntry");
  ASSERT_STR(entry.str("description"), text);
}

void assert_invalid_language(const HttpResponse& response, const std::string& code) {
  Json error(response.body);
  ASSERT_STR(error.str("code"), "INVALID_LANGUAGE_CODE");
  ASSERT_STR(error.str("message"), " Invalid language code [\"" + code + "\"]");
  ASSERT_STR(error.str("args.LANGUAGE_CODE"), code);
}

void test_language_codes() {
  const std::string ks = admin_ks(*server);
  for (const char* code : {"en", "EN", "heb", "fra", "abcd", "en-US", "pt_br", "zh-Hant", "multi", "MULTI", "Multi"}) {
    HttpResponse listed = call(*server, "media", "list", {{"ks", ks}, {"language", code}});
    ASSERT_STR(Json(listed.body).str("objectType"), "KalturaMediaListResponse");
  }
  for (const char* code : {"", "e", "abcde", "en-", "en-U", "en-USAXX", "en US", "en-US-x", "12", "e1", "multi-en"})
    assert_invalid_language(call(*server, "media", "list", {{"ks", ks}, {"language", code}}), code);
  // Checked before the KS and before the permission check.
  assert_invalid_language(call(*server, "media", "list", {{"ks", "not-a-ks"}, {"language", "x"}}), "x");
  assert_invalid_language(call(*server, "media", "list", {{"language", "x"}}), "x");
  // In JSON a number is read as text; null is no language.
  assert_invalid_language(
      post_json(action_url(*server, "media", "list"), "{\"format\":1,\"ks\":\"" + ks + "\",\"language\":12}"), "12");
  HttpResponse no_language =
      post_json(action_url(*server, "media", "list"), "{\"format\":1,\"ks\":\"" + ks + "\",\"language\":null}");
  ASSERT_STR(Json(no_language.body).str("objectType"), "KalturaMediaListResponse");
  // In a multirequest each call's own language counts.
  HttpResponse batch = call(*server, "multirequest", "",
                            {{"ks", ks},
                             {"1:service", "media"},
                             {"1:action", "list"},
                             {"1:language", "english"},
                             {"2:service", "media"},
                             {"2:action", "list"},
                             {"2:language", "en"}});
  Json results(batch.body);
  ASSERT_STR(results.str("0.code"), "INVALID_LANGUAGE_CODE");
  ASSERT_STR(results.str("1.objectType"), "KalturaMediaListResponse");
}

}  // namespace

int main(int argc, char** argv) {
  g_test_init(&argc, &argv, nullptr);
  auto process = std::make_unique<DevServerProcess>();
  server = process.get();
  g_test_add_func("/devserver/parameters/object-properties-are-checked", test_object_properties_are_checked);
  g_test_add_func("/devserver/parameters/scalar-parameters-are-checked", test_scalar_parameters_are_checked);
  g_test_add_func("/devserver/parameters/characters-xml-can-carry-pass", test_characters_xml_can_carry_pass);
  g_test_add_func("/devserver/parameters/language-codes", test_language_codes);
  return g_test_run();
}
