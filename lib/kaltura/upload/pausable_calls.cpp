#include "kaltura/upload/pausable_calls.h"

namespace kaltura::upload {

void PausableCalls::pause() {
  std::lock_guard<std::mutex> lock(mutex_);
  paused_ = true;
  ++pauses_;
  if (in_call_) client_.cancel_all();
}

void PausableCalls::resume() {
  std::lock_guard<std::mutex> lock(mutex_);
  paused_ = false;
}

uint64_t PausableCalls::begin() {
  std::lock_guard<std::mutex> lock(mutex_);
  if (paused_) throw Error::interruption();
  in_call_ = true;
  return pauses_;
}

bool PausableCalls::end(uint64_t before) {
  std::lock_guard<std::mutex> lock(mutex_);
  in_call_ = false;
  return pauses_ != before;
}

}  // namespace kaltura::upload
