#include "http_frontend.h"

#include <gio/gio.h>

#include <map>

#include "api_exchange.h"
#include "file_response.h"
#include "multipart_stream.h"
#include "proxy_listener.h"
#include "request_log.h"
#include "tls_client_check.h"

namespace devserver {

namespace {

// Room for the non-file fields of a request whose file part may be as large
// as --max-part-size.
constexpr int64_t kFieldsAllowance = 1024 * 1024;

constexpr char kApiPath[] = "/api_v3";
constexpr size_t kApiPathLength = sizeof kApiPath - 1;

// Where an api_v3 request's MultipartStream waits for its handler.
constexpr char kMultipartKey[] = "devserver-multipart";

bool is_api_path(SoupServerMessage* msg) {
  const char* path = g_uri_get_path(soup_server_message_get_uri(msg));
  return g_str_has_prefix(path, kApiPath) && (path[kApiPathLength] == '\0' || path[kApiPathLength] == '/');
}

// A multipart/form-data body of an api_v3 request is read as it arrives
// (file parts straight to files) instead of being gathered in memory.
void read_multipart_as_it_arrives(SoupServerMessage* msg, const std::string& tmp_dir, int64_t max_part_bytes) {
  GHashTable* params = nullptr;
  const char* type = soup_message_headers_get_content_type(soup_server_message_get_request_headers(msg), &params);
  if (!type || g_ascii_strcasecmp(type, "multipart/form-data") != 0 || !is_api_path(msg)) {
    if (params) g_hash_table_destroy(params);
    return;
  }
  const char* boundary = static_cast<const char*>(g_hash_table_lookup(params, "boundary"));
  auto* stream = new MultipartStream(boundary ? boundary : "", tmp_dir, max_part_bytes);
  g_hash_table_destroy(params);
  g_object_set_data_full(G_OBJECT(msg), kMultipartKey, stream,
                         [](gpointer data) { delete static_cast<MultipartStream*>(data); });
  soup_message_body_set_accumulate(soup_server_message_get_request_body(msg), FALSE);
  g_signal_connect(msg, "got-chunk", G_CALLBACK(+[](SoupServerMessage*, GBytes* chunk, gpointer data) {
                     gsize size = 0;
                     const char* bytes = static_cast<const char*>(g_bytes_get_data(chunk, &size));
                     static_cast<MultipartStream*>(data)->feed(bytes, size);
                   }),
                   stream);
}

void add_common_headers(SoupServerMessage* msg) {
  SoupMessageHeaders* headers = soup_server_message_get_response_headers(msg);
  soup_message_headers_replace(headers, "Access-Control-Allow-Origin", "*");
  soup_message_headers_replace(headers, "Access-Control-Expose-Headers",
                               "Server, Content-Length, Content-Range, Date, X-Kaltura, X-Kaltura-Session, X-Me");
  soup_message_headers_replace(headers, "X-Me", g_get_host_name());
  std::string session = std::to_string(g_random_int_range(100000000, G_MAXINT32)) + ", " +
                        std::to_string(g_get_real_time() / G_USEC_PER_SEC);
  soup_message_headers_replace(headers, "X-Kaltura-Session", session.c_str());
}

void answer_options(SoupServerMessage* msg) {
  SoupMessageHeaders* headers = soup_server_message_get_response_headers(msg);
  soup_message_headers_replace(headers, "Access-Control-Allow-Headers",
                               "Origin, X-Requested-With, Content-Type, Accept, Range, Cache-Control");
  soup_message_headers_replace(headers, "Access-Control-Allow-Methods", "POST, GET, HEAD, OPTIONS");
  soup_message_headers_replace(headers, "Access-Control-Max-Age", "86400");
  soup_server_message_set_status(msg, 200, nullptr);
}

// Ends the exchange without an answer: the client sees the connection close.
void drop_connection(SoupServerMessage* msg) {
  if (GSocket* socket = socket_of(msg)) g_socket_shutdown(socket, TRUE, TRUE, nullptr);
  soup_server_message_set_status(msg, 500, nullptr);
  soup_message_headers_replace(soup_server_message_get_response_headers(msg), "Connection", "close");
}

std::map<std::string, std::string> query_map(GHashTable* query) {
  std::map<std::string, std::string> out;
  if (!query) return out;
  GHashTableIter iter;
  gpointer key;
  gpointer value;
  g_hash_table_iter_init(&iter, query);
  while (g_hash_table_iter_next(&iter, &key, &value))
    out[static_cast<const char*>(key)] = static_cast<const char*>(value);
  return out;
}

}  // namespace

struct HttpFrontend::Pending {
  HttpFrontend* frontend = nullptr;
  SoupServerMessage* msg = nullptr;  // a reference
  bool gone = false;                 // the client went away (main thread only)
  gulong disconnected_handler = 0;
  bool is_api = true;

  // Input (read-only on the worker).
  RequestInput input;
  GBytes* body = nullptr;
  std::unique_ptr<MultipartStream> multipart;
  std::string file_path;
  std::map<std::string, std::string> file_query;
  std::string range;

  // Output (written by the worker, applied on the main thread).
  ApiReply api_reply;
  FileReply file_reply;

  ~Pending() {
    if (disconnected_handler) g_signal_handler_disconnect(msg, disconnected_handler);
    if (body) g_bytes_unref(body);
    g_object_unref(msg);
  }
};

HttpFrontend::HttpFrontend(ServerContext& server) : server_(server), faults_(server.config) {
  soup_ = soup_server_new("server-header", "kaltura-devserver", nullptr);
  workers_ = g_thread_pool_new(&HttpFrontend::work, this, 32, FALSE, nullptr);
  g_signal_connect(soup_, "request-started", G_CALLBACK(&HttpFrontend::on_request_started), this);
  soup_server_add_handler(soup_, kApiPath, &HttpFrontend::on_api_request, this, nullptr);
  soup_server_add_handler(soup_, nullptr, &HttpFrontend::on_other_request, this, nullptr);
}

HttpFrontend::~HttpFrontend() {
  proxy_listener_.reset();
  soup_server_disconnect(soup_);
  g_thread_pool_free(workers_, FALSE, TRUE);
  g_object_unref(soup_);
}

std::string HttpFrontend::listen(GError** error) {
  g_autoptr(GInetAddress) address = g_inet_address_new_from_string(server_.config.host.c_str());
  if (!address) {
    g_set_error(error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, "--host must be an IP address, not \"%s\"",
                server_.config.host.c_str());
    return "";
  }
  g_autoptr(GSocketAddress) socket_address = g_inet_socket_address_new(address, server_.config.port);
  int port = 0;
  if (!server_.config.proxy_credentials.empty()) {
    proxy_listener_ = std::make_unique<ProxyFormListener>(soup_);
    port = proxy_listener_->listen(socket_address, error);
    if (port == 0) return "";
  } else {
    if (!soup_server_listen(soup_, socket_address, static_cast<SoupServerListenOptions>(0), error)) return "";
    GSList* uris = soup_server_get_uris(soup_);
    port = uris ? g_uri_get_port(static_cast<GUri*>(uris->data)) : server_.config.port;
    g_slist_free_full(uris, reinterpret_cast<GDestroyNotify>(g_uri_unref));
  }
  std::string host = server_.config.host;
  if (host.find(':') != std::string::npos) host = "[" + host + "]";
  return "http://" + host + ":" + std::to_string(port);
}

// Turns a TLS client away; refuses a body larger than any acceptable file
// part before reading it; sets up the reading of a multipart body as it
// arrives.
void HttpFrontend::on_request_started(SoupServer*, SoupServerMessage* msg, gpointer self) {
  turn_away_tls_client(msg);
  auto on_headers = +[](SoupServerMessage* message, gpointer frontend) {
    auto* me = static_cast<HttpFrontend*>(frontend);
    goffset length = soup_message_headers_get_content_length(soup_server_message_get_request_headers(message));
    if (length <= me->server_.config.max_part_bytes + kFieldsAllowance) {
      read_multipart_as_it_arrives(message, me->server_.tmp_dir(), me->server_.config.max_part_bytes);
      return;
    }
    log_line("request Content-Length=" + std::to_string(length) + " -> 413 (over --max-part-size)");
    add_common_headers(message);
    ApiError error("UPLOAD_ERROR");
    JsonNode* node = error.to_json();
    g_autofree char* body = json_to_string(node, FALSE);
    json_node_unref(node);
    soup_server_message_set_status(message, 413, nullptr);
    soup_message_headers_replace(soup_server_message_get_response_headers(message), "Connection", "close");
    soup_server_message_set_response(message, "application/json", SOUP_MEMORY_COPY, body, strlen(body));
  };
  g_signal_connect(msg, "got-headers", G_CALLBACK(on_headers), self);
}

void HttpFrontend::on_api_request(SoupServer*, SoupServerMessage* msg, const char*, GHashTable*, gpointer self) {
  auto* me = static_cast<HttpFrontend*>(self);
  if (soup_server_message_get_status(msg) != 0) return;  // refused in got-headers
  if (refuse_without_proxy_credentials(msg, me->server_.config.proxy_credentials)) return;
  add_common_headers(msg);
  const char* method = soup_server_message_get_method(msg);
  if (method == SOUP_METHOD_OPTIONS) {
    answer_options(msg);
    return;
  }
  if (method != SOUP_METHOD_GET && method != SOUP_METHOD_POST && method != SOUP_METHOD_HEAD) {
    soup_server_message_set_status(msg, SOUP_STATUS_METHOD_NOT_ALLOWED, nullptr);
    return;
  }
  auto* pending = new Pending();
  pending->frontend = me;
  pending->msg = static_cast<SoupServerMessage*>(g_object_ref(msg));
  GUri* uri = soup_server_message_get_uri(msg);
  std::string path = g_uri_get_path(uri);
  pending->input.path = path.size() > kApiPathLength ? path.substr(kApiPathLength) : "";
  pending->input.query = g_uri_get_query(uri) ? g_uri_get_query(uri) : "";
  const char* remote = soup_server_message_get_remote_host(msg);
  pending->input.remote_address = remote ? remote : "";
  const char* type = soup_message_headers_get_one(soup_server_message_get_request_headers(msg), "Content-Type");
  pending->input.content_type = type ? type : "";
  if (auto* stream = static_cast<MultipartStream*>(g_object_steal_data(G_OBJECT(msg), kMultipartKey))) {
    g_signal_handlers_disconnect_by_data(msg, stream);  // the body is complete
    pending->multipart.reset(stream);
    pending->input.form = &stream->finish();
  } else {
    pending->body = soup_message_body_flatten(soup_server_message_get_request_body(msg));
    pending->input.body = pending->body;
  }
  me->dispatch(pending);
}

void HttpFrontend::on_other_request(SoupServer*, SoupServerMessage* msg, const char* path, GHashTable* query,
                                    gpointer self) {
  auto* me = static_cast<HttpFrontend*>(self);
  if (soup_server_message_get_status(msg) != 0) return;
  if (refuse_without_proxy_credentials(msg, me->server_.config.proxy_credentials)) return;
  add_common_headers(msg);
  const char* method = soup_server_message_get_method(msg);
  if (method == SOUP_METHOD_OPTIONS) {
    answer_options(msg);
    return;
  }
  if (g_strcmp0(path, "/") == 0) {
    const char text[] = "kaltura-devserver: a Kaltura-compatible API is at /api_v3\n";
    soup_server_message_set_status(msg, 200, nullptr);
    soup_server_message_set_response(msg, "text/plain", SOUP_MEMORY_STATIC, text, sizeof text - 1);
    return;
  }
  if (method != SOUP_METHOD_GET && method != SOUP_METHOD_HEAD) {
    soup_server_message_set_status(msg, SOUP_STATUS_METHOD_NOT_ALLOWED, nullptr);
    return;
  }
  auto* pending = new Pending();
  pending->frontend = me;
  pending->msg = static_cast<SoupServerMessage*>(g_object_ref(msg));
  pending->is_api = false;
  pending->file_path = path;
  pending->file_query = query_map(query);
  const char* range = soup_message_headers_get_one(soup_server_message_get_request_headers(msg), "Range");
  pending->range = range ? range : "";
  me->dispatch(pending);
}

void HttpFrontend::dispatch(Pending* pending) {
  soup_server_message_pause(pending->msg);
  pending->disconnected_handler = g_signal_connect(
      pending->msg, "disconnected", G_CALLBACK(+[](SoupServerMessage*, gpointer data) {
        static_cast<Pending*>(data)->gone = true;
      }),
      pending);
  auto push = [](gpointer data) -> gboolean {
    auto* request = static_cast<Pending*>(data);
    g_thread_pool_push(request->frontend->workers_, request, nullptr);
    return G_SOURCE_REMOVE;
  };
  if (server_.config.latency_ms > 0 && pending->is_api)
    g_timeout_add(static_cast<guint>(server_.config.latency_ms), push, pending);
  else
    push(pending);
}

void HttpFrontend::work(gpointer data, gpointer self) {
  auto* pending = static_cast<Pending*>(data);
  auto* me = static_cast<HttpFrontend*>(self);
  if (pending->is_api) {
    try {
      pending->api_reply = handle_api_request(me->server_, me->faults_, pending->input);
    } catch (const std::exception& error) {
      g_printerr("kaltura-devserver: request failed: %s\n", error.what());
      pending->api_reply = ApiReply();
      pending->api_reply.status = 500;
    }
  } else {
    serve_file_route(me->server_, pending->file_path, pending->file_query, pending->range, pending->file_reply);
  }

  // Back to the main context to answer.
  g_main_context_invoke(nullptr, +[](gpointer item) -> gboolean {
    std::unique_ptr<Pending> request(static_cast<Pending*>(item));
    if (request->gone) return G_SOURCE_REMOVE;
    SoupServerMessage* msg = request->msg;
    SoupMessageHeaders* headers = soup_server_message_get_response_headers(msg);
    if (!request->is_api) {
      FileReply& reply = request->file_reply;
      for (const auto& [name, value] : reply.headers) soup_message_headers_replace(headers, name.c_str(), value.c_str());
      soup_server_message_set_status(msg, static_cast<guint>(reply.status), nullptr);
      soup_message_headers_set_content_type(headers, reply.content_type.c_str(), nullptr);
      if (reply.body && g_bytes_get_size(reply.body) > 0)
        soup_message_body_append_bytes(soup_server_message_get_response_body(msg), reply.body);
      soup_server_message_unpause(msg);
      return G_SOURCE_REMOVE;
    }
    ApiReply& reply = request->api_reply;
    switch (reply.delivery) {
      case ApiReply::Delivery::Drop:
        drop_connection(msg);
        soup_server_message_unpause(msg);
        return G_SOURCE_REMOVE;
      case ApiReply::Delivery::HoldThenDrop: {
        // The pending request keeps its reference until the hold ends.
        Pending* held = request.release();
        g_timeout_add(static_cast<guint>(held->frontend->server_.config.fault_timeout_ms), +[](gpointer item) -> gboolean {
          std::unique_ptr<Pending> expired(static_cast<Pending*>(item));
          if (!expired->gone) {
            drop_connection(expired->msg);
            soup_server_message_unpause(expired->msg);
          }
          return G_SOURCE_REMOVE;
        }, held);
        return G_SOURCE_REMOVE;
      }
      case ApiReply::Delivery::Answer:
        break;
    }
    for (const auto& [name, value] : reply.headers) soup_message_headers_replace(headers, name.c_str(), value.c_str());
    soup_server_message_set_status(msg, static_cast<guint>(reply.status), nullptr);
    soup_server_message_set_response(msg, reply.content_type.c_str(), SOUP_MEMORY_COPY, reply.body.data(),
                                     reply.body.size());
    soup_server_message_unpause(msg);
    return G_SOURCE_REMOVE;
  }, pending);
}

}  // namespace devserver
