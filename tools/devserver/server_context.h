// What every devserver module shares: configuration, the SQLite database,
// the action registry, file routes, the state lock and the clock.
#pragma once

#include <sqlite3.h>

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "action.h"

namespace devserver {

struct ServerConfig {
  std::string host = "127.0.0.1";
  int port = 8080;  // 0 = pick a free port
  std::string data_dir;  // empty: a fresh temporary directory
  int partner_id = 100;
  std::string admin_secret = "devserver-admin-secret";
  std::string user_secret = "devserver-user-secret";
  int64_t max_part_bytes = 256 * 1024 * 1024;  // larger file parts: UPLOAD_ERROR
  int max_ks_expiry = 86400;  // --ks-expiry caps session lifetimes
  // Fault injection.
  double fault_rate = 0;
  std::vector<std::string> fault_actions;  // "service.action" (lowercase), empty = all
  std::vector<std::string> fault_kinds;    // http500, reset, timeout, api-error, apply-then-drop
  int latency_ms = 0;
  int processing_delay_ms = 200;  // pause between processing statuses
  int fault_timeout_ms = 30000;   // how long a "timeout" fault holds a request
  int64_t fault_seed = -1;        // < 0: a seed from the clock
  // Transcoding.
  int64_t default_conversion_profile_id = 1;  // the profile of entries that name none
  int conversion_workers = 2;                 // transcodes running at once
  std::vector<int64_t> fault_conversion_params;  // conversions to these flavor params ids fail
  // false: tokens not yet FULL_UPLOAD cannot be attached (servers before §7.6's deferral).
  bool deferred_attach = true;
  // true: file URLs redirect to the same file under /cdn (file_response.cpp).
  bool cdn_redirect = false;
  // true: each entry's source is scanned as by Kaltura's virus scan plugin
  // (virus_scan.h).
  bool virus_scan = false;
  // "USER:PASSWORD": proxy-form requests must carry them as Basic
  // Proxy-Authorization, or get 407 (proxy_listener.h); "" for none.
  std::string proxy_credentials;
};

// A thin owning wrapper on sqlite3 used by every module (each creates its
// own tables in its register function). Call only with state_mutex held.
class Database {
 public:
  explicit Database(const std::string& path);
  ~Database();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;
  sqlite3* handle() const { return db_; }
  void exec(const std::string& sql);  // throws ApiError(INTERNAL_DATABASE_ERROR)

  // A prepared statement with positional binding (1-based) and stepping.
  class Statement {
   public:
    Statement(sqlite3* db, const std::string& sql);
    ~Statement();
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;
    Statement& bind(int index, const std::string& value);
    Statement& bind(int index, int64_t value);
    Statement& bind(int index, double value);
    Statement& bind_null(int index);
    bool step();  // true while a row is available
    void run();   // step to completion
    std::string text(int column) const;
    int64_t integer(int column) const;
    double real(int column) const;
    bool is_null(int column) const;

   private:
    sqlite3_stmt* stmt_ = nullptr;
  };
  Statement prepare(const std::string& sql) { return Statement(db_, sql); }
  int64_t changes() const;

 private:
  sqlite3* db_ = nullptr;
};

class BackgroundWorkers;

class ServerContext {
 public:
  ServerConfig config;
  std::mutex state_mutex;  // guards the database and all module state

  explicit ServerContext(ServerConfig cfg);
  ~ServerContext();  // stops and waits for background jobs and conversions
  Database& db() { return *db_; }
  // "http://127.0.0.1:PORT" once listening (clients append /api_v3).
  std::string base_url() const { return base_url_; }
  void set_base_url(std::string url) { base_url_ = std::move(url); }
  // Files of content live under data_dir/content/ (never outside data_dir).
  std::string content_dir() const;
  std::string tmp_dir() const;
  int64_t now() const;  // unix seconds

  void add_action(const std::string& service, const std::string& action, ActionSpec spec);
  const ActionSpec* find_action(const std::string& service, const std::string& action) const;
  bool service_exists(const std::string& service) const;
  // Routes outside api_v3, matched by path prefix (e.g. "/p/").
  void add_file_route(const std::string& prefix, FileRoute route);
  const FileRoute* find_file_route(const std::string& path) const;

  // Work that must run after the current request's state change (processing
  // of a finished upload...). Runs on a background thread, which takes
  // state_mutex itself.
  void run_in_background(std::function<void()> job);
  // A transcode, on the pool of config.conversion_workers threads, so that
  // long conversions never hold up the processing of new uploads.
  void run_conversion(std::function<void()> job);
  // True once the server is shutting down: long jobs give up (their state
  // is in the database and resumes at the next start).
  bool stopping() const { return stopping_; }

 private:
  std::unique_ptr<Database> db_;
  std::string base_url_;
  std::map<std::string, std::map<std::string, ActionSpec>> actions_;  // lowercased keys
  std::vector<std::pair<std::string, FileRoute>> file_routes_;
  std::unique_ptr<BackgroundWorkers> background_;
  std::unique_ptr<BackgroundWorkers> conversions_;
  std::atomic<bool> stopping_{false};
};

// Identifiers of §5.
std::string make_object_id(int dc = 0);        // "0_k3x9a2bd"
std::string make_upload_token_id(int dc = 0);  // "0_" + 32 hex

// Module registration (each module's .cpp defines its own).
void register_session_services(ServerContext& server);   // session, appToken (core)
void register_upload_token_service(ServerContext& server);
void register_entry_services(ServerContext& server);     // media, baseEntry, data, document_documents
void register_asset_services(ServerContext& server);     // flavorAsset, attachment_attachmentAsset
void register_delivery_routes(ServerContext& server);    // /p/... file routes

}  // namespace devserver
