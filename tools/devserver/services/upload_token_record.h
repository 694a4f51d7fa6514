// The upload token as stored: one row of the upload_tokens table per token
// (protocol §7.1), and the queries the uploadToken actions need. Call every
// function with ServerContext::state_mutex held.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "../server_context.h"

namespace devserver {

enum class UploadTokenStatus : int {
  Pending = 0,
  PartialUpload = 1,
  FullUpload = 2,
  Closed = 3,
  TimedOut = 4,  // defined by the protocol, never assigned
  Deleted = 5,
};

struct UploadTokenRecord {
  std::string id;
  int partner_id = 0;
  std::string user_id;
  UploadTokenStatus status = UploadTokenStatus::Pending;
  std::string file_name;                  // empty until given or taken from a part
  std::optional<int64_t> file_size;       // the declared total, when given
  std::optional<int64_t> uploaded_size;   // contiguous bytes; absent until the first upload
  bool auto_finalize = false;
  int64_t auto_finalize_sum = 0;          // running sum of chunk lengths (§7.5)
  std::string file_ext;                   // sanitised extension of the assembled file
  std::string attached_object_type;
  std::string attached_object_id;
  int64_t created_at = 0;
  int64_t updated_at = 0;

  bool accepts_uploads() const {
    return status == UploadTokenStatus::Pending || status == UploadTokenStatus::PartialUpload;
  }
  bool is_attached() const { return !attached_object_id.empty(); }
};

// The filter of uploadToken.list (KalturaUploadTokenFilter), already parsed.
struct UploadTokenQuery {
  int partner_id = 0;
  std::optional<std::string> owner_user_id;  // set for a USER KS: only its own tokens
  std::optional<std::string> id_equal;
  std::vector<std::string> id_in;
  std::optional<std::string> user_id_equal;
  std::optional<std::vector<int>> status_in;  // statusEqual and statusIn together; empty: none match
  std::optional<std::string> file_name_equal;
  std::optional<int64_t> file_size_equal;
  bool newest_first = false;  // orderBy -createdAt
  int page_size = 30;
  int page_index = 1;
};

struct UploadTokenPage {
  std::vector<UploadTokenRecord> tokens;
  int64_t total_count = 0;
};

class UploadTokenStore {
 public:
  explicit UploadTokenStore(ServerContext& server) : server_(server) {}

  void create_tables();
  void insert(const UploadTokenRecord& token);
  void save(const UploadTokenRecord& token);  // every mutable column, by id
  // A live (not deleted) token of the partner, whoever owns it.
  std::optional<UploadTokenRecord> find(int partner_id, const std::string& id);
  UploadTokenPage list(const UploadTokenQuery& query);
  // Tokens that may still receive chunks (PENDING, PARTIAL_UPLOAD), all partners.
  std::vector<UploadTokenRecord> unfinished();

 private:
  ServerContext& server_;
};

// The token as the caller may see it: a USER KS only its own tokens.
// Throws UPLOAD_TOKEN_NOT_FOUND for unknown, deleted, other partner's or
// other user's tokens.
UploadTokenRecord find_token_for_caller(ServerContext& server, const Caller& caller, const std::string& id);

}  // namespace devserver
