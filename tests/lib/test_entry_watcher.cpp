// EntryWatcher::wait's timeout against a real kaltura-devserver: it bounds
// the calls of the polls too, the session start among them.
#include <glib.h>

#include <chrono>
#include <string>

#include "kaltura/client.h"
#include "kaltura/upload/entry_watcher.h"
#include "lib_test_client.h"

using namespace kaltura;
using namespace lib_test;
using testing_support::DevServerProcess;
using Clock = std::chrono::steady_clock;

namespace {

// Every call takes 3 s, the session start too: a timeout of 1 s ends the
// wait while the first poll waits for its session, with WAIT_TIMEOUT.
void test_timeout_cuts_a_slow_poll() {
  DevServerProcess server({"--latency-ms", "3000"});
  Client client(config_for(server), admin_credentials());
  upload::EntryWatcher watcher(client, "0_abcd1234", {});
  const auto started = Clock::now();
  Error error = expect_error([&] { watcher.wait(upload::WaitGoal::AllFlavors, std::chrono::seconds(1)); });
  g_assert_true(error.kind() == ErrorKind::Timeout);
  expect_str(error.code(), "WAIT_TIMEOUT");
  expect_str(error.message(), "Entry \"0_abcd1234\" was not done in time (the server had not answered the first poll)");
  g_assert_cmpint(elapsed_ms(started), >=, 1000);
  g_assert_cmpint(elapsed_ms(started), <, 2000);
}

}  // namespace

int main(int argc, char** argv) {
  g_test_init(&argc, &argv, nullptr);
  g_test_add_func("/entry-watcher/timeout-cuts-a-slow-poll", test_timeout_cuts_a_slow_poll);
  return g_test_run();
}
