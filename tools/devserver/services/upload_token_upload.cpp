#include "upload_token_upload.h"

#include <chrono>
#include <thread>

#include "upload_token_attachment.h"
#include "upload_token_file_type.h"
#include "upload_token_files.h"
#include "upload_token_json.h"
#include "upload_token_record.h"

namespace devserver {

namespace {

constexpr int64_t kMaxResumeSeconds = 604800;  // a PARTIAL_UPLOAD token expires 7 days after its last upload
constexpr int kVerifyingRounds = 45;           // one second apart
constexpr int kJoinsBeforePlacing = 10;

struct UploadRequest {
  std::string token_id;
  const UploadedFile* part = nullptr;
  bool resume = false;
  bool final_chunk = true;
  int64_t resume_at = -1;
};

UploadRequest read_request(const ActionCall& call) {
  UploadRequest request;
  request.token_id = call.required_string("uploadTokenId");
  request.part = call.file("fileData");
  if (!request.part) {
    // A fileData field that is not a file part.
    if (call.has("fileData")) throw ApiError("UPLOAD_ERROR");
    throw ApiError("MISSING_MANDATORY_PARAMETER", {{"PARAM_NAME", "fileData"}});
  }
  request.resume = call.bool_param("resume", false);
  request.final_chunk = call.bool_param("finalChunk", true);
  request.resume_at = call.int_param("resumeAt", -1);
  return request;
}

void check_accepts_uploads(const ServerContext& server, const UploadTokenRecord& token) {
  if (token.status == UploadTokenStatus::PartialUpload && server.now() - token.updated_at > kMaxResumeSeconds)
    throw ApiError("UPLOAD_PASSED_MAX_RESUME_TIME_ALLOWED", {{"MAX_RESUME_TIME", std::to_string(kMaxResumeSeconds)}});
  if (!token.accepts_uploads()) throw ApiError("UPLOAD_TOKEN_INVALID_STATUS_FOR_UPLOAD");
}

// Stored chunks that start exactly at the end of the file, appended one
// after the other (at most ten per request). Returns the new size.
int64_t join_chunks_at_end(UploadTokenFiles& files, const std::string& extension, int64_t size) {
  for (int joined = 0; joined < kJoinsBeforePlacing; ++joined) {
    const auto next = files.stored_chunk_at(size);
    if (!next) break;
    size = files.write_at(extension, next->offset, next->path);
    files.discard(*next);
  }
  return size;
}

// One round of a verifying final: every stored chunk that starts at or
// before the end and extends the file, in offset order, written from its own
// offset. A chunk stored at offset 0 is written whatever the size (the real
// service does so; clients are told never to send one while S > 0).
int64_t join_overlapping_chunks(UploadTokenFiles& files, const std::string& extension, int64_t size) {
  for (const auto& chunk : files.stored_chunks()) {
    if (chunk.offset == 0 || (chunk.offset <= size && chunk.end() > size)) {
      size = files.write_at(extension, chunk.offset, chunk.path);
      files.discard(chunk);
    }
  }
  return size;
}

// The rounds of a verifying final, until the file is `expected` bytes long.
// The state lock is released between rounds so that chunks still in flight
// for this token can land; the token is re-read afterwards, since a
// concurrent final may have completed (or a delete removed) it meanwhile.
// Joining never stops at `expected`: a file that grew past it cannot match,
// and the answer comes at once rather than after the rounds. As on the real
// service, a failed final leaves uploadedFileSize as it was, although the
// chunks it joined are now part of the file.
void join_until_expected_size(ActionCall& call, UploadTokenRecord& token, int64_t expected) {
  ServerContext& server = *call.server;
  UploadTokenStore store(server);
  int64_t size = 0;
  for (int round = 1;; ++round) {
    UploadTokenFiles files(server, token.id);
    size = files.assembled_size(token.file_ext);
    if (size < 0) throw ApiError("UPLOAD_TOKEN_CANNOT_RESUME");
    size = join_overlapping_chunks(files, token.file_ext, size);
    if (size >= expected || round == kVerifyingRounds) break;

    call.state_lock->unlock();
    std::this_thread::sleep_for(std::chrono::seconds(1));
    call.state_lock->lock();
    auto current = store.find(token.partner_id, token.id);
    if (!current) throw ApiError("UPLOAD_TOKEN_NOT_FOUND");
    if (!current->accepts_uploads()) throw ApiError("UPLOAD_TOKEN_INVALID_STATUS_FOR_UPLOAD");
    token = *current;
  }
  if (size != expected) throw ApiError("UPLOAD_TOKEN_CANNOT_MATCH_EXPECTED_SIZE");
  token.uploaded_size = size;
}

// resume=false: the part is the whole file. Returns whether autoFinalize
// makes it final.
bool start_file(UploadTokenFiles& files, UploadTokenRecord& token, const UploadedFile& part) {
  std::string extension = sanitised_extension(part.filename);
  if (extension.empty()) extension = sanitised_extension(token.file_name);
  files.start_with(part, token.file_ext, extension);
  token.file_ext = extension;
  token.uploaded_size = part.size;
  token.auto_finalize_sum = part.size;
  return token.auto_finalize && token.file_size && part.size == *token.file_size;
}

// resume=true. Returns whether the call finalizes the token.
bool continue_file(ActionCall& call, UploadTokenFiles& files, UploadTokenRecord& token,
                   const UploadRequest& request) {
  const UploadedFile& part = *request.part;
  const int64_t length = part.size;
  int64_t size = files.assembled_size(token.file_ext);
  if (size < 0) throw ApiError("UPLOAD_TOKEN_CANNOT_RESUME");

  if (request.resume_at < 0) {
    token.uploaded_size = files.write_at(token.file_ext, size, part.path);
    // The real service finalizes an autoFinalize token on any append that
    // stays within fileSize (§7.5 note).
    return request.final_chunk || (token.auto_finalize && token.file_size && *token.uploaded_size <= *token.file_size);
  }

  token.auto_finalize_sum += length;
  bool auto_final = token.auto_finalize && token.file_size && token.auto_finalize_sum >= *token.file_size;
  if ((request.final_chunk && request.resume_at > 0) || auto_final) {
    // Stored under its offset like any chunk, even when empty: it takes the
    // place of a chunk stored there before, which is then lost (§7.4).
    files.store_aside(request.resume_at, part);
    join_until_expected_size(call, token, auto_final ? *token.file_size : request.resume_at + length);
    return true;
  }

  size = join_chunks_at_end(files, token.file_ext, size);
  if (request.resume_at <= size && size < request.resume_at + length)
    size = files.write_at(token.file_ext, request.resume_at, part.path);
  else if (length > 0)
    files.store_aside(request.resume_at, part);  // beyond a gap, or wholly inside what is there
  token.uploaded_size = size;
  return request.final_chunk;
}

}  // namespace

JsonNode* upload_to_token(ActionCall& call) {
  ServerContext& server = *call.server;
  UploadRequest request = read_request(call);
  UploadTokenRecord token = find_token_for_caller(server, call.caller, request.token_id);
  check_accepts_uploads(server, token);

  const UploadedFile& part = *request.part;
  if (part.size == 0 && !request.final_chunk && request.resume_at > 0) return upload_token_to_json(token);
  if (token.file_name.empty()) token.file_name = part.filename;

  UploadTokenFiles files(server, token.id);
  bool is_final = request.final_chunk;
  if (request.resume)
    is_final = continue_file(call, files, token, request);
  else if (start_file(files, token, part))
    is_final = true;

  UploadTokenStore store(server);
  token.updated_at = server.now();
  if (!is_final) {
    token.status = UploadTokenStatus::PartialUpload;
    store.save(token);
    return upload_token_to_json(token);
  }
  if (is_restricted_extension(token.file_ext) || is_restricted_extension(sanitised_extension(token.file_name))) {
    files.remove_all();
    token.status = UploadTokenStatus::Deleted;
    store.save(token);
    throw ApiError("UPLOAD_TOKEN_FILE_TYPE_RESTRICTED_FOR_UPLOAD");
  }
  files.discard_stored_chunks();
  token.status = UploadTokenStatus::FullUpload;
  store.save(token);
  deliver_to_attached_object(server, token);
  return upload_token_to_json(token);
}

}  // namespace devserver
