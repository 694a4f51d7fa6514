// The contract between the devserver's HTTP core (request parsing, KS,
// dispatch, multirequest, faults) and the service modules that implement
// actions (session, uploadToken, media, flavorAsset...).
//
// Threading: each API request is handled on a worker thread, never on the
// SoupServer's main loop. The dispatcher holds ServerContext::state_mutex
// while a handler runs; a handler that must wait (the verifying final's
// rounds) unlocks call.state_lock for the wait and locks it again.
#pragma once

#include <json-glib/json-glib.h>

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace devserver {

class ServerContext;

// A Kaltura API error (protocol §3.3, catalogue §11). The message is filled in
// from the catalogue template and the args; throw it from a handler.
class ApiError : public std::exception {
 public:
  using Args = std::vector<std::pair<std::string, std::string>>;
  explicit ApiError(std::string code, Args args = {});
  const std::string& code() const { return code_; }
  const Args& args() const { return args_; }
  std::string message() const;  // template with @ARG@ filled in
  const char* what() const noexcept override { return code_.c_str(); }
  // The error object as JSON (code, message, objectType, args; args [] when empty).
  JsonNode* to_json() const;

 private:
  std::string code_;
  Args args_;
};

// A file part of the request (already received and stored under the data
// dir's tmp/ folder; the module moves or copies it).
struct UploadedFile {
  std::string param;     // "fileData"
  std::string filename;  // as sent in Content-Disposition (untrusted!)
  std::string path;      // where the bytes are now
  int64_t size = 0;
};

// Who is calling, from the verified KS.
struct Caller {
  bool has_ks = false;
  int partner_id = 0;
  int type = 0;  // 0 USER, 2 ADMIN (>= 1 is admin)
  std::string user_id;
  std::string privileges;  // raw comma list
  int64_t valid_until = 0;
  bool is_admin() const { return type >= 1; }
  bool is_widget() const;  // type 0, user "" or "0", privilege widget:1
  bool has_privilege(const std::string& name, const std::string& value = "") const;
  // USER KS ownership rule of §6.1: admin, owner, or edit:* / edit:<entryId>.
  bool can_edit_entry(const std::string& entry_id, const std::string& owner_user_id) const;
};

struct ActionCall {
  std::string service;  // lowercased service id
  std::string action;   // as registered (case-insensitive match)
  JsonObject* params = nullptr;  // the nested parameter tree (borrowed)
  std::vector<UploadedFile> files;
  Caller caller;
  ServerContext* server = nullptr;
  std::unique_lock<std::mutex>* state_lock = nullptr;  // held during the handler

  // Parameter access with the protocol's lenient typing (§2.2). The required_
  // forms throw MISSING_MANDATORY_PARAMETER naming the parameter.
  bool has(const char* name) const;
  std::string string_param(const char* name, const std::string& fallback = "") const;
  std::string required_string(const char* name) const;
  int64_t int_param(const char* name, int64_t fallback = 0) const;
  double double_param(const char* name, double fallback = 0) const;
  bool bool_param(const char* name, bool fallback) const;
  JsonObject* object_param(const char* name) const;  // nullptr when absent
  JsonObject* required_object(const char* name) const;
  const UploadedFile* file(const char* name) const;  // nullptr when absent
};

// A handler returns the result: an object node, a scalar, or a JSON null for
// void actions. Ownership passes to the caller.
using ActionHandler = std::function<JsonNode*(ActionCall&)>;

enum class Access {
  NoKs,        // session.start, session.startWidgetSession: no KS needed
  AnyKs,       // any valid KS, widget KS included
  NonWidgetKs, // a valid USER or ADMIN KS that is not a widget session
  AdminKs,     // admin only
};

struct ActionSpec {
  ActionHandler handler;
  Access access = Access::NonWidgetKs;
};

// Answers of routes outside api_v3 (/p/{pid}/sp/.../serveFlavor/..., raw,
// playManifest). The core serves files with HTTP Range itself.
struct FileRouteResult {
  enum class Kind { NotFound, File, Redirect } kind = Kind::NotFound;
  std::string file_path;
  std::string content_type = "application/octet-stream";
  std::string redirect_url;
  std::string download_name;  // for Content-Disposition, optional
};
// path: the full request path (e.g. "/p/100/sp/10000/serveFlavor/..."),
// query: decoded query parameters. Called on a worker thread with
// ServerContext::state_mutex held; the core reads the file after unlocking.
using FileRoute = std::function<FileRouteResult(const std::string& path,
                                                const std::map<std::string, std::string>& query)>;

}  // namespace devserver
