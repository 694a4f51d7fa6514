// Calls a pipeline's pause may cut short: those a thread makes and then
// waits on, such as the final chunk's or a poll of the entry, which could
// otherwise hold a pause (and a stop, which passes through one) for as long
// as the server takes. pause() cancels the client's calls when one of these
// is in progress; run() then ends with Error::interruption(), as it does when
// it starts during the pause, or when the pause came just after the answer
// (the client may be left cancelled until the owner's caller resets it as
// the pause ends). The caller makes the call again after the pause.
#pragma once

#include <cstdint>
#include <mutex>

#include "kaltura/client.h"
#include "kaltura/error.h"

namespace kaltura::upload {

class PausableCalls {
 public:
  explicit PausableCalls(Client& client) : client_(client) {}

  void pause();  // until resume(); cancels a call in progress
  void resume();

  // call(): the client calls to make; its result is returned.
  template <typename Call>
  auto run(Call call) -> decltype(call()) {
    const uint64_t before = begin();
    decltype(call()) result;
    try {
      result = call();
    } catch (const Error& error) {
      if (end(before) && error.kind() == ErrorKind::Cancelled) throw Error::interruption();
      throw;
    }
    if (end(before)) throw Error::interruption();
    return result;
  }

 private:
  uint64_t begin();           // throws Error::interruption() while paused
  bool end(uint64_t before);  // true when a pause came since begin()

  Client& client_;
  std::mutex mutex_;
  bool paused_ = false;
  bool in_call_ = false;
  uint64_t pauses_ = 0;
};

}  // namespace kaltura::upload
