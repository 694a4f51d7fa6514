// Reading results (protocol §3): lenient JSON typing, API exceptions, HTTP
// and protocol failures, and the typed objects. No server needed.
#include <glib.h>

#include <string>

#include "kaltura/api_response.h"
#include "kaltura/objects.h"
#include "lib_checks.h"

using namespace kaltura;

using lib_test::expect_error;
using lib_test::expect_str;

namespace {

void test_lenient_numbers_and_booleans() {
  Json json = Json::parse(R"({"a":"76786195","b":12,"c":1.5,"d":true,"e":"0","f":"false","g":1,"h":null,
                              "i":"x","j":"3.0","big":"5000000000"})");
  g_assert_cmpint(json.get_int("a"), ==, 76786195);
  g_assert_cmpint(json.get_int("b"), ==, 12);
  g_assert_cmpint(json.get_int("c"), ==, 1);
  g_assert_cmpint(json.get_int("j"), ==, 3);
  g_assert_cmpint(json.get_int("big"), ==, 5000000000LL);
  g_assert_cmpfloat(json.get_double("a"), ==, 76786195.0);
  g_assert_true(json.get_bool("d"));
  g_assert_false(json.get_bool("e"));
  g_assert_false(json.get_bool("f"));
  g_assert_true(json.get_bool("g"));
  g_assert_true(json.get_bool("missing", true));
  g_assert_false(json.get_optional_int("h").has_value());
  g_assert_false(json.get_optional_int("i").has_value());
  g_assert_false(json.has("h"));
  expect_str(json.get_string("b"), "12");
  expect_str(json.get_string("h", "fallback"), "fallback");
}

void test_scalar_results() {
  expect_str(Json::parse(R"("djJ8MTAwfA==")").as_string(), "djJ8MTAwfA==");
  g_assert_true(Json::parse("null").is_null());
  g_assert_cmpint(Json::parse("42").as_int(), ==, 42);
  Json list = Json::parse(R"([{"id":"a"},{"id":"b"}])");
  g_assert_cmpuint(list.size(), ==, 2);
  expect_str(list.at(1).get_string("id"), "b");
  g_assert_true(list.at(5).is_null());
}

void test_bad_bodies() {
  Error truncated = expect_error([] { decode_response(200, "OK", "application/json", R"({"id":"0_abc","na)", 0); });
  g_assert_true(truncated.kind() == ErrorKind::Protocol);
  expect_str(truncated.code(), "BAD_RESPONSE");
  g_assert_nonnull(strstr(truncated.message().c_str(), "truncated"));
  g_assert_null(strstr(truncated.message().c_str(), "0_abc"));

  // The body may hold a KS: it is not repeated.
  Error html = expect_error([] { decode_response(200, "OK", "text/html", "<html>secret-ks-here</html>", 0); });
  g_assert_true(html.kind() == ErrorKind::Protocol);
  g_assert_nonnull(strstr(html.message().c_str(), "not valid JSON"));
  g_assert_nonnull(strstr(html.message().c_str(), "text/html"));
  g_assert_null(strstr(html.message().c_str(), "secret-ks-here"));

  Error empty = expect_error([] { decode_response(200, "OK", "application/json", "", 0); });
  g_assert_nonnull(strstr(empty.message().c_str(), "empty"));
}

void test_http_statuses() {
  Error unavailable = expect_error([] { decode_response(503, "Service Unavailable", "text/html", "<html/>", 7); });
  g_assert_true(unavailable.kind() == ErrorKind::Http);
  g_assert_cmpint(unavailable.http_status(), ==, 503);
  g_assert_true(unavailable.transient());
  g_assert_cmpint(unavailable.retry_after(), ==, 7);
  expect_str(unavailable.message(), "The Kaltura API answered HTTP 503 Service Unavailable");

  g_assert_true(expect_error([] { decode_response(429, "", "", "", 2); }).transient());
  Error not_found = expect_error([] { decode_response(404, "Not Found", "", "", 0); });
  g_assert_false(not_found.transient());
  g_assert_cmpint(not_found.http_status(), ==, 404);
  g_assert_nonnull(strstr(not_found.message().c_str(), "service-url should be the server's address without a path"));
}

void test_api_exceptions() {
  Error missing = expect_error([] {
    decode_response(200, "OK", "application/json",
                    R"({"code":"ENTRY_ID_NOT_FOUND","message":"Entry id \"0_nosuch12\" not found",)"
                    R"("objectType":"KalturaAPIException","args":{"ENTRY_ID":"0_nosuch12"}})",
                    0);
  });
  g_assert_true(missing.kind() == ErrorKind::Api);
  g_assert_true(missing.is_api("ENTRY_ID_NOT_FOUND"));
  expect_str(missing.message(), "Entry id \"0_nosuch12\" not found");
  expect_str(missing.arg("ENTRY_ID"), "0_nosuch12");
  g_assert_cmpint(missing.http_status(), ==, 200);
  g_assert_false(missing.transient());

  Error internal = api_exception_to_error(Json::parse(
      R"({"code":"INTERNAL_SERVERL_ERROR","message":"Internal server error occurred","objectType":"KalturaAPIException","args":[]})"));
  g_assert_true(internal.transient());
  g_assert_true(internal.args().empty());
  g_assert_true(api_exception_to_error(Json::parse(R"({"code":"LOCK_TIMED_OUT","message":"m","args":[]})")).transient());
  g_assert_true(
      api_exception_to_error(Json::parse(R"({"code":"INTERNAL_DATABASE_ERROR","message":"Internal database error"})"))
          .transient());

  // A 200 result that is an ordinary object is not an error.
  g_assert_false(is_api_exception(Json::parse(R"({"id":"0_x","objectType":"KalturaMediaEntry"})")));
}

void test_invalid_ks_is_redacted() {
  const std::string ks = "djJ8MTAwfGFiY2RlZmdoaWprbG1ub3BxcnN0dXZ3eHl6";
  Error invalid = api_exception_to_error(Json::parse(
      R"({"code":"INVALID_KS","message":"Invalid KS \")" + ks + R"(\", Error \"-1,INVALID_STR\"","objectType":"KalturaAPIException",)"
      R"("args":{"KSID":")" + ks + R"(","ERR_CODE":"-1","ERR_DESC":"INVALID_STR"}})"));
  g_assert_true(invalid.is_api("INVALID_KS"));
  expect_str(invalid.arg("KSID"), "<redacted>");
  expect_str(invalid.message(), "Invalid KS \"<redacted>\", Error \"-1,INVALID_STR\"");
  expect_str(invalid.arg("ERR_DESC"), "INVALID_STR");
  g_assert_false(invalid.ks_expired());

  Error expired = api_exception_to_error(Json::parse(
      R"({"code":"INVALID_KS","message":"Invalid KS \"EXPIRED\", Error \"-1,INVALID_STR\"","objectType":"KalturaAPIException",)"
      R"("args":{"KSID":"EXPIRED","ERR_CODE":"-1","ERR_DESC":"INVALID_STR"}})"));
  g_assert_true(expired.ks_expired());
  expect_str(expired.message(), "Invalid KS \"EXPIRED\", Error \"-1,INVALID_STR\"");
}

void test_objects() {
  UploadToken token = UploadToken::from_json(Json::parse(
      R"({"id":"1_960a838bf71a7bac8ab178d1135301c5","partnerId":1726391,"userId":"bob","status":1,)"
      R"("fileName":"rec.mp4","fileSize":"9000000000","uploadedFileSize":"4194304","autoFinalize":false,)"
      R"("uploadUrl":"https://ny-upload.kaltura.com","objectType":"KalturaUploadToken"})"));
  expect_str(token.id, "1_960a838bf71a7bac8ab178d1135301c5");
  g_assert_cmpint(token.status, ==, static_cast<int>(UploadTokenStatus::PartialUpload));
  g_assert_cmpint(*token.uploaded_file_size, ==, 4194304);
  g_assert_cmpint(*token.file_size, ==, 9000000000LL);
  expect_str(token.upload_url, "https://ny-upload.kaltura.com");
  g_assert_false(UploadToken::from_json(Json::parse(R"({"id":"t","status":0})")).uploaded_file_size.has_value());

  Entry entry = Entry::from_json(Json::parse(
      R"({"mediaType":1,"sourceType":"6","id":"0_k3x9a2bd","name":"rec","status":7,"type":1,)"
      R"("conversionProfileId":4567,"referenceId":"ref","msDuration":1500,"flavorParamsIds":"0,2",)"
      R"("objectType":"KalturaMediaEntry"})"));
  expect_str(entry.id, "0_k3x9a2bd");
  expect_str(entry.object_type, "KalturaMediaEntry");
  g_assert_cmpint(entry.status, ==, 7);
  g_assert_cmpstr(entry_status_name(entry.status), ==, "NO_CONTENT");
  g_assert_cmpint(entry.conversion_profile_id, ==, 4567);
  g_assert_cmpint(entry.ms_duration, ==, 1500);
  expect_str(entry.reference_id, "ref");
  // The virus scan plugin's statuses come as strings (a dynamic enum).
  const Entry infected = Entry::from_json(Json::parse(R"({"id":"0_a","status":"virusScan.Infected"})"));
  g_assert_cmpint(infected.status, ==, static_cast<int>(EntryStatus::VirusScanInfected));
  g_assert_cmpstr(entry_status_name(infected.status), ==, "INFECTED");
  const Entry unscanned = Entry::from_json(Json::parse(R"({"id":"0_a","status":"virusScan.ScanFailure"})"));
  g_assert_cmpstr(entry_status_name(unscanned.status), ==, "SCAN_FAILURE");
  g_assert_cmpint(Entry::from_json(Json::parse(R"({"id":"0_a","status":"2"})")).status, ==, 2);

  FlavorAsset flavor = FlavorAsset::from_json(Json::parse(
      R"({"flavorParamsId":0,"width":1280,"height":720,"bitrate":2450,"isOriginal":true,"containerFormat":"isom",)"
      R"("videoCodecId":"avc1","status":2,"id":"0_ve33jp7s","entryId":"0_k3x9a2bd","version":"1","size":18344,)"
      R"("fileExt":"mp4","sizeInBytes":18784256,"objectType":"KalturaFlavorAsset"})"));
  g_assert_true(flavor.is_original);
  g_assert_cmpint(flavor.size_kb, ==, 18344);
  g_assert_cmpint(flavor.size_bytes, ==, 18784256);
  expect_str(flavor.version, "1");
  g_assert_cmpstr(flavor_status_name(flavor.status), ==, "READY");

  AttachmentAsset attachment = AttachmentAsset::from_json(Json::parse(
      R"({"id":"0_att","entryId":"0_e","filename":"notes.txt","title":"Notes","format":"1","status":2,)"
      R"("sizeInBytes":"123","objectType":"KalturaAttachmentAsset"})"));
  expect_str(attachment.format, "1");
  g_assert_cmpint(attachment.size_bytes, ==, 123);

  auto list = ListResult<UploadToken>::from_json(Json::parse(
      R"({"objects":[{"id":"a","status":2},{"id":"b","status":5}],"totalCount":"7","objectType":"KalturaUploadTokenListResponse"})"));
  g_assert_cmpint(list.total_count, ==, 7);
  g_assert_cmpuint(list.objects.size(), ==, 2);
  expect_str(list.objects[1].id, "b");
}

}  // namespace

int main(int argc, char** argv) {
  g_test_init(&argc, &argv, nullptr);
  g_test_add_func("/results/lenient-typing", test_lenient_numbers_and_booleans);
  g_test_add_func("/results/scalars", test_scalar_results);
  g_test_add_func("/results/bad-bodies", test_bad_bodies);
  g_test_add_func("/results/http-statuses", test_http_statuses);
  g_test_add_func("/results/api-exceptions", test_api_exceptions);
  g_test_add_func("/results/invalid-ks-redacted", test_invalid_ks_is_redacted);
  g_test_add_func("/results/objects", test_objects);
  return g_test_run();
}
