// The upload state file (what a crashed upload leaves for the next run) and
// the attaching call it may carry: written, read back, and refused when
// damaged. No server needed.
#include <glib.h>
#include <glib/gstdio.h>

#include <cstring>
#include <stdexcept>
#include <string>

#include "kaltura/upload/chunk_digest.h"
#include "kaltura/upload/deferred_attach.h"
#include "kaltura/upload/upload_state_file.h"
#include "kaltura/wire_format.h"
#include "lib_checks.h"

using kaltura::upload::chunk_digest;
using kaltura::upload::ChunkDigest;
using kaltura::upload::DeferredAttach;
using kaltura::upload::SliceList;
using kaltura::upload::UploadState;
using kaltura::upload::UploadStateFile;
using lib_test::expect_str;

namespace {

// The call's parameters as they go on the wire, "name=value" joined by '&'.
std::string wire_fields(const kaltura::Request& request) {
  kaltura::wire::Fields fields;
  kaltura::wire::flatten(request.params.json(), "", fields);
  std::string text;
  for (const auto& [name, value] : fields) text += (text.empty() ? "" : "&") + name + "=" + value;
  return text;
}

kaltura::upload::BytesRef bytes_of(const char* text) {
  return kaltura::upload::BytesRef::adopt(g_bytes_new(text, strlen(text)));
}

struct TemporaryDirectory {
  std::string path;
  TemporaryDirectory() {
    g_autofree char* made = g_dir_make_tmp("upload-state-XXXXXX", nullptr);
    g_assert_nonnull(made);
    path = made;
  }
  ~TemporaryDirectory() {
    g_autoptr(GDir) dir = g_dir_open(path.c_str(), 0, nullptr);
    for (const char* name; dir && (name = g_dir_read_name(dir));) g_unlink((path + "/" + name).c_str());
    g_rmdir(path.c_str());
  }
};

void test_round_trip_with_attach_after_final() {
  TemporaryDirectory dir;
  UploadStateFile file(dir.path + "/upload.state");
  g_assert_false(file.load().has_value());

  UploadState state;
  state.token_id = "1_token";
  state.entry_id = "0_entry";
  state.file_name = "recording.mp4";
  state.chunk_size = 65536;
  state.head_size = 65536;
  state.add(65536, 131072);
  state.add(0, 65536);
  state.attach_after_final = DeferredAttach{DeferredAttach::Call::MediaUpdateContent, "0_entry", 7};
  file.save(state);

  const auto loaded = file.load();
  g_assert_true(loaded.has_value());
  expect_str(loaded->token_id, "1_token");
  expect_str(loaded->entry_id, "0_entry");
  expect_str(loaded->file_name, "recording.mp4");
  g_assert_cmpuint(loaded->acknowledged.size(), ==, 1);  // merged
  g_assert_cmpuint(loaded->acknowledged_bytes(), ==, 196608);
  g_assert_true(loaded->attach_after_final.has_value());
  g_assert_true(loaded->attach_after_final->call == DeferredAttach::Call::MediaUpdateContent);
  expect_str(loaded->attach_after_final->object_id, "0_entry");
  g_assert_cmpint(loaded->attach_after_final->conversion_profile_id.value_or(-1), ==, 7);

  // Without one, the file says nothing about attaching.
  state.attach_after_final.reset();
  file.save(state);
  g_assert_false(file.load()->attach_after_final.has_value());
  file.remove();
  g_assert_false(file.load().has_value());
}

void test_attaching_calls() {
  struct Case {
    DeferredAttach attach;
    const char* record;
    const char* service;
    const char* action;
    const char* id_param;
  } cases[] = {
      {{DeferredAttach::Call::MediaAddContent, "0_a", std::nullopt},
       "media.addContent 0_a",
       "media",
       "addContent",
       "entryId"},
      {{DeferredAttach::Call::DocumentAddContent, "0_b", std::nullopt},
       "document_documents.addContent 0_b",
       "document_documents",
       "addContent",
       "entryId"},
      {{DeferredAttach::Call::MediaUpdateContent, "0_c", 12},
       "media.updateContent 0_c 12",
       "media",
       "updateContent",
       "entryId"},
      {{DeferredAttach::Call::DocumentUpdateContent, "0_f", 13},
       "document_documents.updateContent 0_f 13",
       "document_documents",
       "updateContent",
       "entryId"},
      {{DeferredAttach::Call::FlavorSetContent, "0_d", std::nullopt},
       "flavorAsset.setContent 0_d",
       "flavorasset",
       "setContent",
       "id"},
      {{DeferredAttach::Call::AttachmentSetContent, "0_e", std::nullopt},
       "attachment_attachmentAsset.setContent 0_e",
       "attachment_attachmentasset",
       "setContent",
       "id"},
  };
  for (const auto& one : cases) {
    expect_str(one.attach.to_record(), one.record);
    const auto back = DeferredAttach::from_record(one.record);
    g_assert_true(back.has_value());
    expect_str(back->to_record(), one.record);
    const kaltura::Request request = back->request("1_token");
    expect_str(request.service, one.service);
    expect_str(request.action, one.action);
    const std::string fields = wire_fields(request);
    g_test_message("%s", fields.c_str());
    g_assert_nonnull(strstr(fields.c_str(), (std::string(one.id_param) + "=" + back->object_id).c_str()));
    g_assert_nonnull(strstr(fields.c_str(), "[objectType]=KalturaUploadedFileTokenResource"));
    g_assert_nonnull(strstr(fields.c_str(), "[token]=1_token"));
  }
  for (const char* damaged : {"", "media.addContent", "media.deleteEverything 0_a", "media.updateContent 0_a x"})
    g_assert_false(DeferredAttach::from_record(damaged).has_value());
}

void test_damaged_file_refused() {
  TemporaryDirectory dir;
  const std::string path = dir.path + "/upload.state";
  UploadStateFile file(path);
  const struct {
    const char* text;
    const char* complaint;
  } damaged[] = {
      {"token-id=1_token\nchunk-size=65536\nattach-after-final=media.replaceAll 0_a\n", "attach-after-final"},
      {"token-id=1_token\nchunk-size=65536\ndigest=65536:0123\n", "digest"},
      {"token-id=1_token\nchunk-size=65536\ndigest=65536+65536:\n", "digest"},
      {"token-id=1_token\nchunk-size=65536\nacknowledged=0+65536\n", "malformed range"},
      {"token-id=1_token\nnot a line of a state file\n", "a line without \"=\""},
      {"entry-id=0_a\nchunk-size=65536\n", "no upload token"}};
  for (const auto& one : damaged) {
    g_assert_true(g_file_set_contents(path.c_str(), one.text, -1, nullptr));
    try {
      file.load();
      g_error("a damaged line was accepted: %s", one.text);
    } catch (const std::runtime_error& error) {
      g_assert_nonnull(strstr(error.what(), one.complaint));
      // What to do, too.
      g_assert_nonnull(strstr(error.what(), "delete it to start a new upload"));
    }
  }
}

// Each acknowledged chunk's digest survives the file; a chunk recorded
// without one has none. The digest is of the bytes, whatever their slices.
void test_chunk_digests() {
  TemporaryDirectory dir;
  UploadStateFile file(dir.path + "/upload.state");
  SliceList first, same_in_other_slices, other;
  first.append(bytes_of("abcdef"));
  same_in_other_slices.append(bytes_of("ab"));
  same_in_other_slices.append(bytes_of("cdef"));
  other.append(bytes_of("abcdeF"));
  expect_str(chunk_digest(first), chunk_digest(same_in_other_slices));
  const std::string first_digest = chunk_digest(first), other_digest = chunk_digest(other);
  g_assert_cmpstr(first_digest.c_str(), !=, other_digest.c_str());
  // The first half of SHA-256("abcdef").
  expect_str(chunk_digest(first), "bef57ec7f53a6d40beb640a780a639c8");

  UploadState state;
  state.token_id = "1_token";
  state.chunk_size = 6;
  state.add(6, 6, chunk_digest(first));
  state.add(12, 6);
  file.save(state);
  const auto loaded = file.load();
  g_assert_true(loaded.has_value());
  const ChunkDigest* digest = loaded->digest_at(6);
  g_assert_nonnull(digest);
  g_assert_cmpuint(digest->length, ==, 6);
  expect_str(digest->value, chunk_digest(first));
  g_assert_null(loaded->digest_at(12));
  g_assert_null(loaded->digest_at(0));
  g_assert_cmpuint(loaded->acknowledged_bytes(), ==, 12);
}

// What of the entry the upload feeds survives the file, an attachment's
// title whatever it holds; a file written before it was recorded has none,
// and a damaged one is refused.
void test_target() {
  TemporaryDirectory dir;
  const std::string path = dir.path + "/upload.state";
  UploadStateFile file(path);
  UploadState state;
  state.token_id = "1_token";
  state.entry_id = "0_entry";
  state.chunk_size = 65536;
  file.save(state);
  g_assert_false(file.load()->target.has_value());

  const kaltura::upload::RecordedTarget targets[] = {
      {}, {0, ""}, {3, ""}, {-1, "notes"}, {-1, "two\nlines \\ and \"quotes\" = é"}};
  for (const auto& target : targets) {
    state.target = target;
    file.save(state);
    const auto loaded = file.load();
    g_assert_true(loaded->target.has_value());
    g_assert_cmpint(loaded->target->flavor_params_id, ==, target.flavor_params_id);
    expect_str(loaded->target->attachment_title, target.attachment_title);
    expect_str(loaded->entry_id, "0_entry");
  }
  for (const char* damaged : {"target=", "target=flavor-params-id", "target=flavor-params-id x", "target=entry",
                              "target=attachment-title "}) {
    const std::string text = std::string("token-id=1_token\nchunk-size=65536\n") + damaged + "\n";
    g_assert_true(g_file_set_contents(path.c_str(), text.c_str(), -1, nullptr));
    try {
      file.load();
      g_error("a damaged target was accepted: %s", damaged);
    } catch (const std::runtime_error& error) {
      g_assert_nonnull(strstr(error.what(), "malformed target"));
    }
  }
}

// One upload records in a file at a time, also within one process.
void test_one_claim_at_a_time() {
  TemporaryDirectory dir;
  const std::string path = dir.path + "/upload.state";
  {
    UploadStateFile first(path);
    g_assert_true(first.claim());
    UploadStateFile second(path);
    g_assert_false(second.claim());
  }
  UploadStateFile later(path);
  g_assert_true(later.claim());  // the first let go
  // A stale record forgotten (a new upload starts in its place): the claim
  // holds, so no other upload takes the state file meanwhile.
  later.save(UploadState{});
  later.forget();
  g_assert_false(g_file_test(path.c_str(), G_FILE_TEST_EXISTS));
  {
    UploadStateFile meanwhile(path);
    g_assert_false(meanwhile.claim());
  }
  // A lock that cannot be made is an error, not "in use".
  UploadStateFile nowhere(path + "-missing-directory/upload.state");
  try {
    nowhere.claim();
    g_error("a lock file in a missing directory was made");
  } catch (const std::runtime_error& error) {
    // It names the state file the user set, not only the lock file.
    const std::string expected = "cannot use the state file " + path + "-missing-directory/upload.state: its lock file";
    g_assert_nonnull(strstr(error.what(), expected.c_str()));
  }
}

}  // namespace

int main(int argc, char** argv) {
  g_test_init(&argc, &argv, nullptr);
  g_test_add_func("/upload-state/round-trip", test_round_trip_with_attach_after_final);
  g_test_add_func("/upload-state/attaching-calls", test_attaching_calls);
  g_test_add_func("/upload-state/damaged-file-refused", test_damaged_file_refused);
  g_test_add_func("/upload-state/chunk-digests", test_chunk_digests);
  g_test_add_func("/upload-state/target", test_target);
  g_test_add_func("/upload-state/one-claim-at-a-time", test_one_claim_at_a_time);
  return g_test_run();
}
