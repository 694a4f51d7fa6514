// How calls are encoded on the wire (protocol §2, §4): no server needed.
#include <glib.h>

#include <map>
#include <string>

#include "kaltura/operations.h"
#include "kaltura/wire_format.h"
#include "lib_checks.h"

using namespace kaltura;

using lib_test::expect_error;
using lib_test::expect_str;

namespace {

std::map<std::string, std::string> as_map(const wire::Fields& fields) {
  std::map<std::string, std::string> map;
  for (const auto& [name, value] : fields) {
    g_assert_true(map.count(name) == 0);  // no name twice
    map[name] = value;
  }
  return map;
}

GBytes* bytes_of(const std::string& text) { return g_bytes_new(text.data(), text.size()); }

void test_nested_objects_are_bracketed() {
  ops::EntryFields entry;
  entry.name = "rec one";
  entry.media_type = 1;
  entry.conversion_profile_id = 42;
  auto fields = as_map(wire::call_fields(ops::media_add(entry), "the-ks", "tag:1"));
  expect_str(fields["format"], "1");
  expect_str(fields["ks"], "the-ks");
  expect_str(fields["clientTag"], "tag:1");
  expect_str(fields["entry[objectType]"], "KalturaMediaEntry");
  expect_str(fields["entry[name]"], "rec one");
  expect_str(fields["entry[mediaType]"], "1");
  expect_str(fields["entry[conversionProfileId]"], "42");
  g_assert_true(fields.count("entry[description]") == 0);  // unset fields are not sent
  g_assert_cmpuint(fields.size(), ==, 7);
}

void test_arrays_nulls_and_booleans() {
  Params params;
  params.set("flag", true).set("other", false).set("ratio", 0.5);
  JsonArray* array = json_array_new();
  Params first = Params::object("KalturaUploadedFileTokenResource").set("token", "t0");
  JsonNode* element = json_node_new(JSON_NODE_OBJECT);
  json_node_set_object(element, first.json());
  json_array_add_element(array, element);
  json_array_add_string_element(array, "second");
  json_object_set_array_member(params.json(), "resources", array);
  json_object_set_array_member(params.json(), "empty", json_array_new());
  json_object_set_null_member(params.json(), "gone");

  wire::Fields flat;
  wire::flatten(params.json(), "resource", flat);
  auto fields = as_map(flat);
  expect_str(fields["resource[flag]"], "true");
  expect_str(fields["resource[other]"], "false");
  expect_str(fields["resource[ratio]"], "0.5");
  expect_str(fields["resource[resources][0][objectType]"], "KalturaUploadedFileTokenResource");
  expect_str(fields["resource[resources][0][token]"], "t0");
  expect_str(fields["resource[resources][1]"], "second");
  g_assert_true(fields.count("resource[empty][-]") == 1);
  g_assert_true(fields.count("resource[gone]__null") == 1);
}

void test_upload_chunk_parameters() {
  FilePart chunk("ignored", "rec.mp4", bytes_of("abc"));
  Request request = ops::upload_token_upload("0_tok", chunk, true, false, 4194304);
  expect_str(request.service, "uploadtoken");
  expect_str(request.action, "upload");
  auto fields = as_map(wire::call_fields(request, "", ""));
  g_assert_true(fields.count("ks") == 0);
  expect_str(fields["uploadTokenId"], "0_tok");
  expect_str(fields["resume"], "true");
  expect_str(fields["finalChunk"], "false");
  expect_str(fields["resumeAt"], "4194304");
  g_assert_cmpuint(request.files.size(), ==, 1);
  expect_str(request.files[0].param, "fileData");
  g_assert_cmpuint(request.files[0].size(), ==, 3);
  expect_str(wire::call_path(request), "/service/uploadtoken/action/upload");

  // A zero-length final chunk is still a real (empty) file part.
  Request empty = ops::upload_token_upload("0_tok", FilePart("fileData", "rec.mp4", nullptr), true, true, 10);
  g_assert_cmpuint(empty.files.size(), ==, 1);
  g_assert_cmpuint(empty.files[0].size(), ==, 0);
  const std::string text = wire::Body::multipart({}, empty.files, "B").to_string();
  expect_str(text, "--B\r\nContent-Disposition: form-data; name=\"fileData\"; filename=\"rec.mp4\"\r\n"
                   "Content-Type: application/octet-stream\r\n\r\n\r\n--B--\r\n");
}

void test_multipart_body() {
  const std::string data("\0binary\r\n--x", 12);
  Request request = ops::upload_token_upload("0_tok", FilePart("fileData", "rec.mp4", bytes_of(data)), false, true, 0);
  wire::Body body = wire::Body::multipart(wire::call_fields(request, "K", "C"), request.files, "BOUNDARY");
  expect_str(body.content_type(), "multipart/form-data; boundary=BOUNDARY");
  const std::string text = body.to_string();
  g_assert_cmpuint(body.size(), ==, text.size());
  const std::string field = "--BOUNDARY\r\nContent-Disposition: form-data; name=\"uploadTokenId\"\r\n\r\n0_tok\r\n";
  g_assert_true(text.find(field) != std::string::npos);
  const std::string file = "--BOUNDARY\r\nContent-Disposition: form-data; name=\"fileData\"; filename=\"rec.mp4\"\r\n"
                           "Content-Type: application/octet-stream\r\n\r\n" + data + "\r\n--BOUNDARY--\r\n";
  g_assert_true(text.size() >= file.size());
  g_assert_true(text.compare(text.size() - file.size(), file.size(), file) == 0);
  // Fields come before the file part.
  g_assert_cmpuint(text.find("name=\"format\""), <, text.find("name=\"fileData\""));

  // The stream a transport reads gives the same bytes.
  g_autoptr(GInputStream) stream = body.new_stream();
  std::string streamed(text.size() + 10, '\0');
  gsize read = 0;
  g_assert_true(g_input_stream_read_all(stream, streamed.data(), streamed.size(), &read, nullptr, nullptr));
  streamed.resize(read);
  g_assert_true(streamed == text);
}

// Boundaries are valid (RFC 2046: at most 70 characters, and ours only of
// characters that need no quoting in the Content-Type) and differ from one
// body to the next.
void test_random_boundaries() {
  const std::string first = wire::random_boundary(), second = wire::random_boundary();
  g_assert_cmpuint(first.size(), <=, 70);
  g_assert_cmpuint(first.size(), ==, second.size());
  g_assert_true(first.find_first_not_of("-abcdefghijklmnopqrstuvwxyz0123456789") == std::string::npos);
  g_assert_true(first != second);
}

// A part made of several blocks (the slices of an upload chunk) is sent as
// their concatenation, byte for byte, from the blocks themselves.
void test_multipart_body_from_blocks() {
  const std::string first("\0head", 5), second = "middle\r\n--BOUNDARY", third(70000, '\xff');
  FilePart part("fileData", "rec.mkv", {bytes_of(first), g_bytes_new(nullptr, 0), bytes_of(second), bytes_of(third)});
  g_assert_cmpuint(part.size(), ==, first.size() + second.size() + third.size());
  g_assert_cmpuint(part.blocks().size(), ==, 3);  // the empty block is dropped

  FilePart copy = part;  // the request of a resend shares the blocks
  g_assert_true(copy.blocks() == part.blocks());
  wire::Body body = wire::Body::multipart({{"resumeAt", "7"}}, {copy}, "BOUNDARY");
  const std::string expected =
      "--BOUNDARY\r\nContent-Disposition: form-data; name=\"resumeAt\"\r\n\r\n7\r\n"
      "--BOUNDARY\r\nContent-Disposition: form-data; name=\"fileData\"; filename=\"rec.mkv\"\r\n"
      "Content-Type: application/octet-stream\r\n\r\n" +
      first + second + third + "\r\n--BOUNDARY--\r\n";
  g_assert_cmpuint(body.size(), ==, expected.size());
  g_assert_true(body.to_string() == expected);

  g_autoptr(GInputStream) stream = body.new_stream();
  std::string streamed(expected.size() + 10, '\0');
  gsize read = 0;
  g_assert_true(g_input_stream_read_all(stream, streamed.data(), streamed.size(), &read, nullptr, nullptr));
  streamed.resize(read);
  g_assert_true(streamed == expected);
}

void test_urlencoded_body() {
  wire::Body body = wire::Body::urlencoded({{"entry[name]", "a b&c=d"}, {"ks", "x+y/z"}});
  expect_str(body.content_type(), "application/x-www-form-urlencoded");
  expect_str(body.to_string(), "entry%5Bname%5D=a%20b%26c%3Dd&ks=x%2By%2Fz");
}

void test_multirequest_keys_and_references() {
  MultiRequest batch;
  ops::EntryFields entry;
  entry.name = "rec";
  int add = batch.add(ops::media_add(entry));
  int token = batch.add(ops::upload_token_add("rec.mp4"));
  g_assert_cmpint(add, ==, 1);
  g_assert_cmpint(token, ==, 2);
  expect_str(MultiRequest::reference(add, "id"), "{1:result:id}");
  expect_str(MultiRequest::reference(3), "{3:result}");
  batch.add(ops::media_add_content(MultiRequest::reference(add, "id"),
                                   ops::token_resource(MultiRequest::reference(token, "id"))));
  batch.add(ops::upload_token_upload(MultiRequest::reference(token, "id"),
                                     FilePart("fileData", "rec.mp4", bytes_of("xyz")), false, true, 0));

  auto fields = as_map(wire::multirequest_fields(batch, "KS", "C"));
  expect_str(fields["ks"], "KS");
  expect_str(fields["format"], "1");
  expect_str(fields["1:service"], "media");
  expect_str(fields["1:action"], "add");
  expect_str(fields["1:entry[name]"], "rec");
  expect_str(fields["2:service"], "uploadtoken");
  expect_str(fields["2:uploadToken[fileName]"], "rec.mp4");
  expect_str(fields["3:action"], "addContent");
  expect_str(fields["3:entryId"], "{1:result:id}");
  expect_str(fields["3:resource[token]"], "{2:result:id}");
  expect_str(fields["3:resource[objectType]"], "KalturaUploadedFileTokenResource");
  expect_str(fields["4:uploadTokenId"], "{2:result:id}");
  g_assert_true(fields.count("1:ks") == 0);

  auto files = wire::multirequest_files(batch);
  g_assert_cmpuint(files.size(), ==, 1);
  expect_str(files[0].param, "4:fileData");
  expect_str(files[0].filename, "rec.mp4");
}

void test_operation_parameters() {
  auto doc = ops::EntryFields{};
  doc.object_type = "KalturaDocumentEntry";
  doc.name = "manual";
  auto fields = as_map(wire::call_fields(ops::base_entry_add(doc), "", ""));
  expect_str(fields["entry[objectType]"], "KalturaDocumentEntry");
  expect_str(fields["type"], "-1");

  Request list = ops::flavor_asset_list("0_abc");
  expect_str(list.service, "flavorasset");
  fields = as_map(wire::call_fields(list, "", ""));
  expect_str(fields["filter[entryIdEqual]"], "0_abc");

  Request set = ops::attachment_set_content("0_att", ops::token_resource("0_tok"));
  expect_str(set.service, "attachment_attachmentasset");
  fields = as_map(wire::call_fields(set, "", ""));
  expect_str(fields["id"], "0_att");
  expect_str(fields["contentResource[token]"], "0_tok");

  Request add = ops::attachment_add("0_e", "Notes", "notes.txt", "1");
  fields = as_map(wire::call_fields(add, "", ""));
  expect_str(fields["attachmentAsset[objectType]"], "KalturaAttachmentAsset");
  expect_str(fields["attachmentAsset[filename]"], "notes.txt");
  expect_str(fields["attachmentAsset[format]"], "1");

  Request doc_content = ops::document_add_content("0_d", ops::token_resource("0_t"));
  expect_str(doc_content.service, "document_documents");
  expect_str(doc_content.action, "addContent");

  fields = as_map(wire::call_fields(ops::flavor_asset_set_content("0_f", ops::token_resource("0_t")), "", ""));
  expect_str(fields["contentResource[token]"], "0_t");
  fields = as_map(wire::call_fields(ops::base_entry_list_by_reference_id("ref-1"), "", ""));
  expect_str(fields["refId"], "ref-1");
}

void test_params_are_deep_copies() {
  Params inner = Params::object("KalturaMediaEntry").set("name", "before");
  Params outer;
  outer.set("entry", inner);
  inner.set("name", "after");
  Params copy = outer;
  outer.set("extra", 1);
  wire::Fields flat;
  wire::flatten(copy.json(), "", flat);
  auto fields = as_map(flat);
  expect_str(fields["entry[name]"], "before");
  g_assert_true(fields.count("extra") == 0);
}

}  // namespace

int main(int argc, char** argv) {
  g_test_init(&argc, &argv, nullptr);
  g_test_add_func("/wire/nested-objects", test_nested_objects_are_bracketed);
  g_test_add_func("/wire/arrays-nulls-booleans", test_arrays_nulls_and_booleans);
  g_test_add_func("/wire/upload-chunk", test_upload_chunk_parameters);
  g_test_add_func("/wire/multipart", test_multipart_body);
  g_test_add_func("/wire/random-boundaries", test_random_boundaries);
  g_test_add_func("/wire/multipart-from-blocks", test_multipart_body_from_blocks);
  g_test_add_func("/wire/urlencoded", test_urlencoded_body);
  g_test_add_func("/wire/multirequest", test_multirequest_keys_and_references);
  g_test_add_func("/wire/operations", test_operation_parameters);
  g_test_add_func("/wire/params-deep-copy", test_params_are_deep_copies);
  return g_test_run();
}
