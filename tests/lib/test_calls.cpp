// Typed calls against a real devserver: API errors, the upload token life
// cycle with the bytes checked after download, media entries processed to
// READY, and a multirequest whose calls refer to earlier results.
#include <glib.h>

#include <cstring>
#include <string>

#include "kaltura/client.h"
#include "kaltura/download/range_reader.h"
#include "kaltura/objects.h"
#include "kaltura/operations.h"
#include "lib_test_client.h"
#include "loopback_socket.h"

using namespace kaltura;
using namespace lib_test;
using testing_support::DevServerProcess;

namespace {

DevServerProcess* server = nullptr;

Entry wait_for_final_status(Client& client, const std::string& entry_id) {
  for (int i = 0; i < 300; ++i) {
    Entry entry = Entry::from_json(client.call(ops::media_get(entry_id)));
    if (entry.status == 2 || entry.status == -1 || entry.status == -2) return entry;
    g_usleep(100000);
  }
  g_error("entry %s did not reach a final status", entry_id.c_str());
}

// A download whose host cannot be reached (the file may come from a CDN or a
// storage host rather than the API's): the error names that host, in its
// text and in the DOWNLOAD_HOST arg, and not the URL's path, which may
// carry the KS.
void test_download_host_unreachable() {
  int port = 0;
  { g_autoptr(GSocket) closed = testing_support::new_loopback_listening_socket(port); }  // a port nobody listens on
  download::DownloadSettings settings;
  RetryPolicy retry;
  retry.max_retries = 0;
  const std::string url = "http://127.0.0.1:" + std::to_string(port) + "/p/100/ks/djJ8c2VjcmV0/flavorId/0_a";
  download::RangeReader reader(settings, retry, [url] { return url; });
  Error error = expect_error([&] { reader.size(); });
  g_test_message("%s", error.message().c_str());
  g_assert_true(error.kind() == ErrorKind::Transport);
  expect_str(error.arg("DOWNLOAD_HOST"), "127.0.0.1");
  g_assert_nonnull(strstr(error.message().c_str(), "connection failure with 127.0.0.1"));
  g_assert_null(strstr(error.message().c_str(), "djJ8c2VjcmV0"));
}

void test_api_error_is_typed() {
  Client client(config_for(*server), admin_credentials());
  Error error = expect_error([&] { client.call(ops::media_get("0_nosuch12")); });
  g_assert_true(error.kind() == ErrorKind::Api);
  expect_str(error.code(), "ENTRY_ID_NOT_FOUND");
  expect_str(error.message(), "Entry id \"0_nosuch12\" not found");
  expect_str(error.arg("ENTRY_ID"), "0_nosuch12");
  g_assert_cmpuint(error.args().size(), ==, 1);
  g_assert_cmpint(error.http_status(), ==, 200);
  g_assert_false(error.transient());
  g_assert_cmpuint(client.counters().retries, ==, 0);

  // An error without args ([] on the wire).
  Error no_args = expect_error([&] { client.call(ops::upload_token_get("0_00000000000000000000000000000000")); });
  expect_str(no_args.code(), "UPLOAD_TOKEN_NOT_FOUND");
  g_assert_true(no_args.args().empty());
}

// A service URL with a path: the devserver, as a real server, has no API
// there, and the error says what service-url should be.
void test_service_url_with_a_path() {
  ClientConfig config = config_for(*server);
  config.service_url += "/kaltura";
  Client client(config, admin_credentials());
  Error error = expect_error([&] { client.call(ops::media_get("0_nosuch12")); });
  g_assert_true(error.kind() == ErrorKind::Http);
  // 405: the devserver takes no POST outside the API (a real server may say 404).
  g_assert_cmpint(error.http_status(), ==, 405);
  g_assert_true(g_str_has_prefix(error.message().c_str(), "The Kaltura API answered HTTP 405"));
  g_assert_nonnull(strstr(error.message().c_str(), "service-url should be the server's address without a path"));
}

void test_upload_token_round_trip() {
  Client client(config_for(*server), admin_credentials());
  const std::string first = pattern_bytes(100000, 1);
  const std::string second = pattern_bytes(53211, 2);

  UploadToken token = UploadToken::from_json(client.call(ops::upload_token_add("notes.bin")));
  g_assert_cmpint(token.status, ==, 0);
  g_assert_false(token.uploaded_file_size.has_value());
  expect_str(token.file_name, "notes.bin");

  token = UploadToken::from_json(client.call(
      ops::upload_token_upload(token.id, FilePart("fileData", "notes.bin", bytes_of(first)), false, false, 0)));
  g_assert_cmpint(token.status, ==, 1);
  g_assert_cmpint(token.uploaded_file_size.value_or(-1), ==, 100000);

  token = UploadToken::from_json(client.call(ops::upload_token_upload(
      token.id, FilePart("fileData", "notes.bin", bytes_of(second)), true, true, 100000)));
  g_assert_cmpint(token.status, ==, 2);
  g_assert_cmpint(token.uploaded_file_size.value_or(-1), ==, 153211);

  UploadToken fetched = UploadToken::from_json(client.call(ops::upload_token_get(token.id)));
  expect_str(fetched.id, token.id);
  g_assert_cmpint(fetched.status, ==, 2);
  g_assert_cmpint(fetched.uploaded_file_size.value_or(-1), ==, 153211);

  auto listed = ListResult<UploadToken>::from_json(
      client.call(ops::upload_token_list(Params::object("KalturaUploadTokenFilter").set("idEqual", token.id))));
  g_assert_cmpint(listed.total_count, ==, 1);
  expect_str(listed.objects.at(0).id, token.id);

  // The bytes, attached to an entry and downloaded, are the bytes sent.
  ops::EntryFields fields;
  fields.name = "holder";
  fields.media_type = 1;
  Entry entry = Entry::from_json(client.call(ops::media_add(fields)));
  g_assert_cmpint(entry.status, ==, 7);
  AttachmentAsset asset = AttachmentAsset::from_json(client.call(ops::attachment_add(entry.id, "Notes", "notes.bin", "")));
  client.call(ops::attachment_set_content(asset.id, ops::token_resource(token.id)));
  asset = wait_for_attachment(client, entry.id);
  g_assert_cmpint(asset.size_bytes, ==, 153211);
  const std::string url = client.call(ops::attachment_get_url(asset.id)).as_string();
  expect_str(sha256_hex(lib_test::download(url)), sha256_hex(first + second));
  g_assert_cmpint(UploadToken::from_json(client.call(ops::upload_token_get(token.id))).status, ==, 3);

  // Deleted tokens are gone.
  UploadToken doomed = UploadToken::from_json(client.call(ops::upload_token_add("doomed.bin")));
  g_assert_true(client.call(ops::upload_token_delete(doomed.id)).is_null());
  Error error = expect_error([&] { client.call(ops::upload_token_get(doomed.id)); });
  expect_str(error.code(), "UPLOAD_TOKEN_NOT_FOUND");
}

void test_media_until_ready() {
  Client client(config_for(*server), admin_credentials());
  const std::string wav = wav_file(1500);
  ops::EntryFields fields;
  fields.name = "tone";
  fields.media_type = 5;
  fields.reference_id = "lib-test-tone";
  Entry entry = Entry::from_json(client.call(ops::media_add(fields)));
  g_assert_cmpint(entry.status, ==, 7);
  expect_str(entry.name, "tone");

  UploadToken token = UploadToken::from_json(client.call(ops::upload_token_add("tone.wav")));
  client.call(ops::upload_token_upload(token.id, FilePart("fileData", "tone.wav", bytes_of(wav)), false, true, 0));
  entry = Entry::from_json(client.call(ops::media_add_content(entry.id, ops::token_resource(token.id))));
  g_assert_cmpint(entry.status, !=, 7);

  entry = wait_for_final_status(client, entry.id);
  g_assert_cmpint(entry.status, ==, 2);
  expect_str(entry.reference_id, "lib-test-tone");
  g_assert_cmpint(entry.media_type, ==, 5);

  auto flavors = ListResult<FlavorAsset>::from_json(client.call(ops::flavor_asset_list(entry.id)));
  const FlavorAsset* source = nullptr;
  for (const auto& flavor : flavors.objects)
    if (flavor.is_original) source = &flavor;
  g_assert_nonnull(source);
  g_assert_cmpint(source->flavor_params_id, ==, 0);
  g_assert_cmpint(source->status, ==, 2);
  const std::string url = client.call(ops::flavor_asset_get_url(source->id)).as_string();
  expect_str(sha256_hex(lib_test::download(url)), sha256_hex(wav));
}

void test_multirequest_with_references() {
  Client client(config_for(*server), admin_credentials());
  const std::string wav = wav_file(1000);
  MultiRequest batch;
  ops::EntryFields fields;
  fields.name = "batched";
  fields.media_type = 5;
  int add = batch.add(ops::media_add(fields));
  int token = batch.add(ops::upload_token_add("batched.wav"));
  batch.add(ops::media_add_content(MultiRequest::reference(add, "id"),
                                   ops::token_resource(MultiRequest::reference(token, "id"))));
  batch.add(ops::upload_token_upload(MultiRequest::reference(token, "id"),
                                     FilePart("fileData", "batched.wav", bytes_of(wav)), false, true, 0));
  batch.add(ops::media_get("0_nosuch12"));
  batch.add(ops::media_get(MultiRequest::reference(add, "id")));

  auto outcomes = client.call_multi(batch);
  g_assert_cmpuint(outcomes.size(), ==, 6);
  for (int i : {0, 1, 2, 3, 5}) g_assert_true(outcomes[i].ok());
  const std::string entry_id = outcomes[0].value.get_string("id");
  expect_str(outcomes[0].value.object_type(), "KalturaMediaEntry");
  expect_str(outcomes[1].value.object_type(), "KalturaUploadToken");
  expect_str(outcomes[2].value.get_string("id"), entry_id);
  expect_str(outcomes[3].value.get_string("id"), outcomes[1].value.get_string("id"));
  g_assert_cmpint(outcomes[3].value.get_int("uploadedFileSize"), ==, static_cast<int64_t>(wav.size()));
  // A failed call does not stop the batch.
  g_assert_false(outcomes[4].ok());
  expect_str(outcomes[4].error->code(), "ENTRY_ID_NOT_FOUND");
  expect_str(outcomes[5].value.get_string("id"), entry_id);
  g_assert_cmpuint(client.counters().requests, ==, 2);  // session.start and the batch

  g_assert_cmpint(wait_for_final_status(client, entry_id).status, ==, 2);
}

void test_through_proxy() {
  // The devserver also answers proxy-form requests, so with it as the proxy
  // a service host that does not resolve still works: the proxy was used.
  ClientConfig config = config_for(*server);
  config.service_url = "http://kaltura-service.invalid";
  config.proxy = server->url();
  config.retry.max_retries = 0;
  Client client(config, admin_credentials());
  UploadToken token = UploadToken::from_json(client.call(ops::upload_token_add("proxied.mp4")));
  expect_str(token.file_name, "proxied.mp4");
  // A large body, which the client sends another way, goes through it too.
  const std::string data = pattern_bytes(200000, 7);
  token = UploadToken::from_json(client.call(
      ops::upload_token_upload(token.id, FilePart("fileData", "proxied.mp4", bytes_of(data)), false, true, 0)));
  g_assert_cmpint(token.uploaded_file_size.value_or(-1), ==, 200000);

  ClientConfig direct = config;
  direct.proxy.clear();
  Client unproxied(direct, admin_credentials());
  Error error = expect_error([&] { unproxied.ensure_session(); });
  // Transport when the name fails to resolve here; Http when a system proxy
  // of the machine reports it.
  g_assert_true(error.kind() == ErrorKind::Transport || error.kind() == ErrorKind::Http);
}

}  // namespace

int main(int argc, char** argv) {
  g_test_init(&argc, &argv, nullptr);
  DevServerProcess main_server({"--processing-delay-ms", "20"});
  server = &main_server;
  g_test_add_func("/calls/download-host-unreachable", test_download_host_unreachable);
  g_test_add_func("/calls/api-error", test_api_error_is_typed);
  g_test_add_func("/calls/service-url-with-a-path", test_service_url_with_a_path);
  g_test_add_func("/calls/upload-token-round-trip", test_upload_token_round_trip);
  g_test_add_func("/calls/media-until-ready", test_media_until_ready);
  g_test_add_func("/calls/multirequest", test_multirequest_with_references);
  g_test_add_func("/calls/proxy", test_through_proxy);
  return g_test_run();
}
