// The client under trouble: injected faults of every kind, timeouts and the
// retry_unknown_outcome rule, calls in flight in parallel, cancel_all(), a
// large body stopped mid-way by its timeout or cancel_all(), and a service
// that refuses connections.
#include <gio/gio.h>
#include <glib.h>

#include <atomic>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "kaltura/client.h"
#include "kaltura/objects.h"
#include "kaltura/operations.h"
#include "lib_test_client.h"
#include "loopback_listener.h"

using namespace kaltura;
using namespace lib_test;
using testing_support::DevServerProcess;
using Clock = std::chrono::steady_clock;

namespace {

Request session_start() {
  Request request;
  request.service = "session";
  request.action = "start";
  request.params.set("secret", testing_support::kAdminSecret).set("partnerId", testing_support::kPartnerId).set("type", 2);
  return request;
}

// A loopback port nobody listens on.
int closed_port() {
  g_autoptr(GSocket) socket = g_socket_new(G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, nullptr);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback(G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any_port = g_inet_socket_address_new(loopback, 0);
  g_assert_true(g_socket_bind(socket, any_port, FALSE, nullptr));
  g_autoptr(GSocketAddress) bound = g_socket_get_local_address(socket, nullptr);
  int port = g_inet_socket_address_get_port(G_INET_SOCKET_ADDRESS(bound));
  g_socket_close(socket, nullptr);
  return port;
}

// A loopback port whose connections the kernel completes into the backlog
// but nobody reads: a large request body stops mid-way once the socket
// buffers are full, and no response ever comes.
struct UnreadPort {
  int port = 0;
  GSocket* socket = lib_test::new_loopback_listening_socket(port);
  GSocket* accepted = nullptr;  // taken from the backlog only to be measured
  ~UnreadPort() {
    g_clear_object(&accepted);
    g_object_unref(socket);
  }
  // How many bytes of the first connection wait unread; -1 before it exists.
  gssize bytes_waiting() {
    g_socket_set_blocking(socket, FALSE);
    if (!accepted) accepted = g_socket_accept(socket, nullptr, nullptr);
    return accepted ? g_socket_get_available_bytes(accepted) : -1;
  }
};

// An upload far larger than the socket buffers of a loopback connection.
Request huge_upload(size_t size) {
  std::string data(size, 'x');
  return ops::upload_token_upload("0_token", FilePart("fileData", "huge.bin", bytes_of(data)), false, true, 0);
}

void test_every_fault_kind_recovers() {
  // The seed makes the sequence of faults, and so the run, repeatable.
  const char* seed = g_getenv("LIB_TEST_FAULT_SEED");
  DevServerProcess server({"--fault-rate", "0.3", "--fault-timeout-ms", "1500", "--fault-seed", seed ? seed : "1"});
  ClientConfig config = config_for(server);
  config.timeout = std::chrono::seconds(1);
  config.retry.max_retries = 12;
  Client client(config, admin_credentials());

  const size_t chunk = 20000;
  const int chunks = 30;
  const std::string data = pattern_bytes(chunk * chunks, 3);
  UploadToken token = UploadToken::from_json(client.call(ops::upload_token_add("faulty.bin")));
  for (int i = 0; i < chunks; ++i) {
    FilePart part("fileData", "faulty.bin", bytes_of(data.substr(i * chunk, chunk)));
    // Re-sending a chunk at its offset is harmless, so these are retried
    // whatever happened to the previous attempt.
    client.call(ops::upload_token_upload(token.id, part, i > 0, false, static_cast<int64_t>(i * chunk)));
  }
  // A repeated final would fail once the first one succeeded: the final is
  // not retried blindly; after an unknown outcome the token's status tells.
  for (int attempt = 0;; ++attempt) {
    g_assert_cmpint(attempt, <, 20);
    Request final = ops::upload_token_upload(token.id, FilePart("fileData", "faulty.bin", bytes_of("")), true, true,
                                             static_cast<int64_t>(data.size()));
    final.retry_unknown_outcome = false;
    try {
      client.call(final);
      break;
    } catch (const Error& error) {
      g_assert_true(error.transient());
      if (UploadToken::from_json(client.call(ops::upload_token_get(token.id))).status == 2) break;
    }
  }
  UploadToken done = UploadToken::from_json(client.call(ops::upload_token_get(token.id)));
  g_assert_cmpint(done.status, ==, 2);
  g_assert_cmpint(done.uploaded_file_size.value_or(-1), ==, static_cast<int64_t>(data.size()));
  g_assert_cmpuint(client.counters().retries, >, 0);
  g_assert_cmpuint(client.counters().bytes_sent, >, data.size());

  // Every kind of fault was met on the way.
  const std::string log = server.log();
  for (const char* kind : {"fault http500", "fault reset", "fault timeout", "fault api-error", "fault apply-then-drop"})
    if (!strstr(log.c_str(), kind)) g_error("no \"%s\" in the server log", kind);
}

void test_unknown_outcome_is_not_retried() {
  // Every session.start is applied, then its connection dropped.
  DevServerProcess server({"--fault-rate", "1", "--fault-kinds", "apply-then-drop"});
  ClientConfig config = config_for(server);
  config.retry.max_retries = 3;
  Client client(config, admin_credentials());

  Request once = session_start();
  once.retry_unknown_outcome = false;
  Error error = expect_error([&] { client.call(once); });
  g_assert_true(error.kind() == ErrorKind::Transport);
  g_assert_true(error.transient());
  g_assert_cmpuint(client.counters().requests, ==, 1);
  g_assert_cmpuint(client.counters().retries, ==, 0);

  error = expect_error([&] { client.call(session_start()); });
  g_assert_true(error.kind() == ErrorKind::Transport);
  g_assert_cmpuint(client.counters().requests, ==, 5);
  g_assert_cmpuint(client.counters().retries, ==, 3);
  g_assert_nonnull(strstr(error.message().c_str(), "after 4 attempts"));
}

void test_timeout() {
  DevServerProcess server({"--latency-ms", "3000"});
  ClientConfig config = config_for(server);
  config.timeout = std::chrono::seconds(1);
  config.retry.max_retries = 1;
  Client client(config, admin_credentials());
  auto started = Clock::now();
  Request once = session_start();
  once.retry_unknown_outcome = false;
  Error error = expect_error([&] { client.call(once); });
  g_assert_true(error.kind() == ErrorKind::Timeout);
  expect_str(error.code(), "TIMEOUT");
  g_assert_true(error.transient());
  g_assert_cmpint(elapsed_ms(started), <, 2500);
  g_assert_cmpuint(client.counters().requests, ==, 1);

  // Request::timeout overrides the client's.
  Request patient = session_start();
  patient.timeout = std::chrono::seconds(10);
  const std::string ks = client.call(patient).as_string();
  g_assert_false(ks.empty());

  // The same for a large body, which the client sends another way.
  Credentials with_ks;
  with_ks.ks = ks;
  Client uploader(config, with_ks);
  Request add = ops::upload_token_add("late.bin");
  add.timeout = std::chrono::seconds(10);
  const std::string data = pattern_bytes(300000, 4);
  // A token each: the server may still apply the upload that timed out.
  auto upload = [&](const std::string& token, std::chrono::seconds timeout) {
    Request late = ops::upload_token_upload(token, FilePart("fileData", "late.bin", bytes_of(data)), false, true, 0);
    late.retry_unknown_outcome = false;
    late.timeout = timeout;
    return UploadToken::from_json(uploader.call(late));
  };
  const std::string first = UploadToken::from_json(uploader.call(add)).id;
  const std::string second = UploadToken::from_json(uploader.call(add)).id;
  started = Clock::now();
  error = expect_error([&] { upload(first, std::chrono::seconds(0)); });
  g_assert_true(error.kind() == ErrorKind::Timeout);
  g_assert_cmpint(elapsed_ms(started), <, 2500);
  UploadToken uploaded = upload(second, std::chrono::seconds(10));
  g_assert_cmpint(uploaded.uploaded_file_size.value_or(-1), ==, static_cast<int64_t>(data.size()));
}

// Request::deadline ends a call with TIMEOUT at that point: the attempt in
// flight is cut short (the session start the call needs among them), and
// a retry that would come after it is not made.
void test_deadline() {
  DevServerProcess server({"--latency-ms", "3000"});
  Client client(config_for(server), admin_credentials());
  Request slow = ops::upload_token_list(Params());
  auto started = Clock::now();
  slow.deadline = started + std::chrono::seconds(1);
  Error error = expect_error([&] { client.call(slow); });
  g_assert_true(error.kind() == ErrorKind::Timeout);
  expect_str(error.code(), "TIMEOUT");
  expect_str(error.message(), "session.start: not done before the call's deadline");
  g_assert_cmpint(elapsed_ms(started), >=, 1000);
  g_assert_cmpint(elapsed_ms(started), <, 2000);

  ClientConfig refused;
  refused.service_url = "http://127.0.0.1:" + std::to_string(closed_port());
  refused.retry.initial_delay = std::chrono::seconds(20);
  refused.retry.max_delay = std::chrono::seconds(20);
  Client unreachable(refused, admin_credentials());
  // The backoff may draw a short wait: the calls go on until the deadline.
  started = Clock::now();
  Request once = session_start();
  once.deadline = started + std::chrono::milliseconds(500);
  error = expect_error([&] { unreachable.call(once); });
  g_assert_true(error.kind() == ErrorKind::Timeout);
  expect_str(error.code(), "TIMEOUT");
  g_assert_nonnull(strstr(error.message().c_str(), "not done before the call's deadline"));
  g_assert_cmpint(elapsed_ms(started), >=, 500);
  g_assert_cmpint(elapsed_ms(started), <, 1500);
}

void test_large_body_stopped_mid_way() {
  UnreadPort unread;
  ClientConfig config;
  config.service_url = "http://127.0.0.1:" + std::to_string(unread.port);
  config.timeout = std::chrono::seconds(1);
  config.retry.max_retries = 0;
  Credentials credentials;
  credentials.ks = "any";
  Client client(config, credentials);
  const size_t size = 32 * 1024 * 1024;

  // The timeout ends a send stuck mid-body.
  auto started = Clock::now();
  Error error = expect_error([&] { client.call(huge_upload(size)); });
  g_assert_true(error.kind() == ErrorKind::Timeout);
  g_assert_cmpint(elapsed_ms(started), <, 2500);

  // So does cancel_all(), at once.
  UnreadPort other;
  config.service_url = "http://127.0.0.1:" + std::to_string(other.port);
  config.timeout = std::chrono::seconds(60);
  Client patient(config, credentials);
  std::atomic<bool> cancelled{false};
  std::thread sender([&] {
    try {
      patient.call(huge_upload(size));
    } catch (const Error& failure) {
      cancelled = failure.kind() == ErrorKind::Cancelled;
    }
  });
  gssize waiting = -1;
  for (int i = 0; i < 100 && waiting <= 0; ++i) {
    g_usleep(20000);
    waiting = other.bytes_waiting();
  }
  g_usleep(200000);
  g_assert_cmpint(other.bytes_waiting(), >, 0);
  g_assert_cmpint(other.bytes_waiting(), <, static_cast<gssize>(size));  // mid-body
  started = Clock::now();
  patient.cancel_all();
  sender.join();
  g_assert_true(cancelled);
  g_assert_cmpint(elapsed_ms(started), <, 500);
}

void test_parallel_calls_and_cancel_all() {
  DevServerProcess server({"--latency-ms", "1000"});
  Client client(config_for(server), admin_credentials());
  client.ensure_session();

  // Six calls from six threads overlap instead of queueing.
  auto started = Clock::now();
  std::vector<std::thread> threads;
  std::atomic<int> done{0};
  for (int i = 0; i < 6; ++i)
    threads.emplace_back([&] {
      client.call(ops::upload_token_add("parallel.mp4"));
      ++done;
    });
  for (auto& thread : threads) thread.join();
  g_assert_cmpint(done, ==, 6);
  g_assert_cmpint(elapsed_ms(started), <, 3500);

  // cancel_all() ends calls in flight at once.
  std::vector<std::thread> waiting;
  std::atomic<int> cancelled{0};
  for (int i = 0; i < 3; ++i)
    waiting.emplace_back([&] {
      try {
        client.call(ops::upload_token_list(Params()));
      } catch (const Error& error) {
        if (error.kind() == ErrorKind::Cancelled) ++cancelled;
      }
    });
  g_usleep(200000);
  started = Clock::now();
  client.cancel_all();
  for (auto& thread : waiting) thread.join();
  g_assert_cmpint(cancelled, ==, 3);
  g_assert_cmpint(elapsed_ms(started), <, 500);

  // ... and later ones, until reset_cancel().
  Error later = expect_error([&] { client.call(ops::upload_token_list(Params())); });
  g_assert_true(later.kind() == ErrorKind::Cancelled);
  client.reset_cancel();
  g_assert_true(client.call(ops::upload_token_list(Params())).has("totalCount"));
}

void test_connection_refused() {
  ClientConfig config;
  config.service_url = "http://127.0.0.1:" + std::to_string(closed_port());
  config.retry.max_retries = 3;
  config.retry.initial_delay = std::chrono::milliseconds(20);
  config.retry.max_delay = std::chrono::milliseconds(100);
  Client client(config, admin_credentials());
  // The request never reached a server: retried even when the outcome of a
  // repetition would matter.
  Request once = session_start();
  once.retry_unknown_outcome = false;
  Error error = expect_error([&] { client.call(once); });
  g_assert_true(error.kind() == ErrorKind::Transport);
  expect_str(error.code(), "CONNECTION_ERROR");
  g_assert_true(error.transient());
  g_assert_cmpuint(client.counters().requests, ==, 4);
  g_assert_cmpuint(client.counters().retries, ==, 3);

  // The total time bound ends retries early.
  config.retry.max_retries = 100;
  config.retry.max_total = std::chrono::milliseconds(300);
  Client bounded(config, admin_credentials());
  auto started = Clock::now();
  expect_error([&] { bounded.ensure_session(); });
  g_assert_cmpint(elapsed_ms(started), <, 1000);
  g_assert_cmpuint(bounded.counters().retries, <, 100);

  // A backoff wait ends at cancel_all().
  config.retry.initial_delay = std::chrono::seconds(20);
  config.retry.max_delay = std::chrono::seconds(20);
  config.retry.max_total = std::chrono::seconds(100);
  Client slow(config, admin_credentials());
  std::thread canceller([&] {
    g_usleep(300000);
    slow.cancel_all();
  });
  started = Clock::now();
  Error cancelled = expect_error([&] {
    for (;;) slow.ensure_session();  // the first wait may be drawn short
  });
  canceller.join();
  g_assert_true(cancelled.kind() == ErrorKind::Cancelled);
  g_assert_cmpint(elapsed_ms(started), <, 1500);
}

}  // namespace

int main(int argc, char** argv) {
  g_test_init(&argc, &argv, nullptr);
  g_test_add_func("/faults/every-kind-recovers", test_every_fault_kind_recovers);
  g_test_add_func("/faults/unknown-outcome", test_unknown_outcome_is_not_retried);
  g_test_add_func("/faults/timeout", test_timeout);
  g_test_add_func("/faults/deadline", test_deadline);
  g_test_add_func("/faults/large-body-stopped-mid-way", test_large_body_stopped_mid_way);
  g_test_add_func("/faults/parallel-and-cancel", test_parallel_calls_and_cancel_all);
  g_test_add_func("/faults/connection-refused", test_connection_refused);
  return g_test_run();
}
