#include "kaltura/upload/entry_watcher.h"

#include <algorithm>

#include "kaltura/error.h"
#include "kaltura/operations.h"

namespace kaltura::upload {

namespace {

bool entry_failed(int status) {
  return status == static_cast<int>(EntryStatus::ErrorImporting) ||
         status == static_cast<int>(EntryStatus::ErrorConverting) ||
         status == static_cast<int>(EntryStatus::Deleted);
}

bool flavor_finished(int status) {
  switch (static_cast<FlavorStatus>(status)) {
    case FlavorStatus::Ready:
    case FlavorStatus::NotApplicable:
    case FlavorStatus::Error:
    case FlavorStatus::Deleted:
      return true;
    default:
      return false;
  }
}

// Replacement statuses (protocol §8.1): 1 approved but not ready, 3 neither,
// 4 failed. 0 none and 2 ready-but-not-approved leave nothing to wait for.
bool replacement_pending(const Entry& entry) {
  return entry.replacement_status == 1 || entry.replacement_status == 3;
}

}  // namespace

EntryWatcher::EntryWatcher(Client& client, std::string entry_id, EntryWatcherCallbacks callbacks,
                           PollIntervals intervals)
    : client_(client), entry_id_(std::move(entry_id)), callbacks_(std::move(callbacks)), intervals_(intervals) {}

void EntryWatcher::cancel() {
  std::lock_guard<std::mutex> lock(mutex_);
  cancelled_ = true;
  cancelled_changed_.notify_all();
}

bool EntryWatcher::poll_flavors() {
  auto flavors = ListResult<FlavorAsset>::from_json(client_.call(ops::flavor_asset_list(entry_id_)));
  bool all_finished = !flavors.objects.empty();
  for (const auto& flavor : flavors.objects) {
    auto known = flavor_statuses_.find(flavor.id);
    const bool changed = known == flavor_statuses_.end() || known->second != flavor.status;
    if (changed) {
      flavor_statuses_[flavor.id] = flavor.status;
      if (callbacks_.on_flavor_status) callbacks_.on_flavor_status(flavor);
      if (flavor.status == static_cast<int>(FlavorStatus::Ready) && callbacks_.on_flavor_ready)
        callbacks_.on_flavor_ready(flavor);
    }
    all_finished = all_finished && flavor_finished(flavor.status);
  }
  return all_finished;
}

Entry EntryWatcher::wait(WaitGoal goal, std::chrono::milliseconds timeout) {
  using Clock = std::chrono::steady_clock;
  const auto deadline = timeout.count() > 0 ? Clock::now() + timeout : Clock::time_point::max();
  auto interval = intervals_.initial;
  int last_status = 1000;  // no status yet
  for (;;) {
    Entry entry = Entry::from_json(client_.call(ops::base_entry_get(entry_id_)));
    const bool status_changed = entry.status != last_status;
    last_status = entry.status;
    const auto report_status = [&] {
      if (status_changed && callbacks_.on_entry_status) callbacks_.on_entry_status(entry);
    };
    if (entry_failed(entry.status)) {
      report_status();
      throw Error(ErrorKind::Api, "ENTRY_PROCESSING_FAILED",
                  "Entry \"" + entry_id_ + "\" ended in status " + entry_status_name(entry.status),
                  {{"ENTRY_ID", entry_id_}});
    }
    if (entry.replacement_status == 4) {
      report_status();
      throw Error(ErrorKind::Api, "ENTRY_PROCESSING_FAILED",
                  "The replacement content of entry \"" + entry_id_ + "\" failed to process",
                  {{"ENTRY_ID", entry_id_}});
    }
    const bool entry_ready = entry.status == static_cast<int>(EntryStatus::Ready) && !replacement_pending(entry);
    bool flavors_done = true;
    if (goal == WaitGoal::AllFlavors && entry.type == static_cast<int>(EntryType::MediaClip))
      flavors_done = poll_flavors();
    // After the flavors: an entry that became READY is reported after the
    // flavors whose conversion made it READY.
    report_status();
    if (entry_ready && flavors_done) return entry;
    if (callbacks_.done_early && callbacks_.done_early(entry)) return entry;

    std::unique_lock<std::mutex> lock(mutex_);
    if (Clock::now() + interval > deadline)
      throw Error(ErrorKind::Timeout, "TIMEOUT",
                  "Entry \"" + entry_id_ + "\" was not done in time (last status " +
                      entry_status_name(entry.status) + ")");
    cancelled_changed_.wait_for(lock, interval, [&] { return cancelled_; });
    if (cancelled_) throw Error(ErrorKind::Cancelled, "CANCELLED", "Waiting for the entry was cancelled");
    interval = std::min(intervals_.max, std::chrono::duration_cast<std::chrono::milliseconds>(interval * intervals_.growth));
  }
}

}  // namespace kaltura::upload
