#include "kaltura/upload/entry_watcher.h"

#include <algorithm>
#include <exception>

#include "kaltura/error.h"
#include "kaltura/operations.h"

namespace kaltura::upload {

namespace {

bool entry_failed(int status) {
  switch (static_cast<EntryStatus>(status)) {
    case EntryStatus::ErrorImporting:
    case EntryStatus::ErrorConverting:
    case EntryStatus::Deleted:
    case EntryStatus::VirusScanInfected:
    case EntryStatus::VirusScanFailure:
      return true;
    default:
      return false;
  }
}

// What an ending status means, where its name does not say it all.
std::string failure_note(int status) {
  if (status == static_cast<int>(EntryStatus::Deleted)) return ": it was deleted";
  if (status == static_cast<int>(EntryStatus::VirusScanInfected)) return ": the virus scan found the file infected";
  if (status == static_cast<int>(EntryStatus::VirusScanFailure)) return ": the virus scan could not scan the file";
  return "";
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
  wake_.notify_all();
}

void EntryWatcher::interrupt() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    interrupted_ = true;
    wake_.notify_all();
  }
  polls_.pause();
}

void EntryWatcher::clear_interrupt() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    interrupted_ = false;
  }
  polls_.resume();
}

void EntryWatcher::set_flavors_before(const std::vector<FlavorAsset>& flavors) {
  flavors_before_.clear();
  // Only a finished rendition looks done while it waits to be made again
  // (NOT_APPLICABLE too: the server decides again for the new source).
  for (const auto& flavor : flavors)
    if (flavor_finished(flavor.status)) flavors_before_[flavor.id] = flavor;
}

bool EntryWatcher::old_rendition(const FlavorAsset& flavor) {
  auto before = flavors_before_.find(flavor.id);
  if (before == flavors_before_.end()) return false;
  const FlavorAsset& was = before->second;
  const bool as_it_was = flavor.status == was.status && flavor.version == was.version;
  if (as_it_was && polls_since_processing_ <= kPollsAfterProcessing) return true;
  // Made again, or left as it was by a server done with the new content.
  flavors_before_.erase(before);
  return false;
}

Json EntryWatcher::fetch(Request request) {
  request.deadline = deadline_;
  try {
    return polls_.run([&] { return client_.call(request); });
  } catch (const Error& error) {
    // The client ends a call with TIMEOUT at its deadline, not before.
    if (error.kind() == ErrorKind::Timeout && std::chrono::steady_clock::now() >= deadline_) throw out_of_time(true);
    throw;
  }
}

Error EntryWatcher::out_of_time(bool poll_unanswered) const {
  std::string why;
  if (last_status_ == kNoStatus)
    why = "the server had not answered the first poll";
  else
    why = std::string("last status ") + entry_status_name(last_status_) +
          (poll_unanswered ? "; the server had not answered the last poll" : "");
  return Error(ErrorKind::Timeout, "WAIT_TIMEOUT", "Entry \"" + entry_id_ + "\" was not done in time (" + why + ")");
}

EntryWatcher::FlavorPoll EntryWatcher::poll_flavors(bool processing_by_entry) {
  auto flavors = ListResult<FlavorAsset>::from_json(fetch(ops::flavor_asset_list(entry_id_)));
  bool source_unfinished = false;
  for (const auto& flavor : flavors.objects)
    if (flavor.is_original && !flavor_finished(flavor.status)) source_unfinished = true;
  polls_since_processing_ = processing_by_entry || source_unfinished ? 0 : polls_since_processing_ + 1;
  FlavorPoll poll;
  poll.all_finished = !flavors.objects.empty();
  // Not listed (deleted meanwhile): nothing of it to wait for.
  poll.uploaded_finished = true;
  for (const auto& flavor : flavors.objects) {
    if (old_rendition(flavor)) {
      poll.all_finished = false;
      continue;
    }
    auto known = flavor_reported_.find(flavor.id);
    // A new version in the same status is news too (a replacement swapped in).
    const bool changed = known == flavor_reported_.end() || known->second.first != flavor.status ||
                         known->second.second != flavor.version;
    if (changed) {
      flavor_reported_[flavor.id] = {flavor.status, flavor.version};
      // A callback that throws ends wait(), but the other changes of this
      // poll are reported first.
      try {
        if (callbacks_.on_flavor_status) callbacks_.on_flavor_status(flavor);
        if (flavor.status == static_cast<int>(FlavorStatus::Ready) && callbacks_.on_flavor_ready)
          callbacks_.on_flavor_ready(flavor);
      } catch (...) {
        if (!poll.failure) poll.failure = std::current_exception();
      }
    }
    poll.all_finished = poll.all_finished && flavor_finished(flavor.status);
    if (flavor.id == uploaded_flavor_) poll.uploaded_finished = flavor_finished(flavor.status);
  }
  return poll;
}

Entry EntryWatcher::wait(WaitGoal goal, std::chrono::milliseconds timeout) {
  using Clock = std::chrono::steady_clock;
  deadline_ = timeout.count() > 0 ? Clock::now() + timeout : kNoDeadline;
  // The last look starts this long before the deadline: one made at the
  // deadline itself would be cut short before it was sent, and the end
  // would blame a server that had answered every poll.
  const Clock::duration last_look_lead =
      timeout.count() > 0 ? std::min<Clock::duration>(std::chrono::seconds(1), timeout / 10) : Clock::duration::zero();
  auto interval = intervals_.initial;
  for (;;) {
    Entry entry;
    try {
      entry = Entry::from_json(fetch(ops::base_entry_get(entry_id_)));
    } catch (const Error& error) {
      // Kaltura does not show a deleted entry: one seen before and gone now
      // was deleted, which ends the wait as the DELETED status does.
      const bool seen = last_status_ != kNoStatus || entry_known_to_exist_;
      if (!seen || !error.is_api("ENTRY_ID_NOT_FOUND")) throw;
      entry = last_entry_;
      entry.id = entry_id_;
      entry.status = static_cast<int>(EntryStatus::Deleted);
    }
    last_entry_ = entry;
    const bool status_changed = entry.status != last_status_;
    last_status_ = entry.status;
    // The flavors come first, so that every flavor change that led to the
    // entry's status (READY, or a failure) is reported before it.
    FlavorPoll flavors;
    const bool deleted = entry.status == static_cast<int>(EntryStatus::Deleted);
    const bool follow_flavors =
        (goal == WaitGoal::AllFlavors && entry.type == static_cast<int>(EntryType::MediaClip)) ||
        !uploaded_flavor_.empty();
    if (follow_flavors && !deleted) flavors = poll_flavors(replacement_pending(entry));
    if (status_changed && callbacks_.on_entry_status) callbacks_.on_entry_status(entry);
    // Done with what the caller waits for (e.g. the one flavor it reads),
    // whatever became of the rest of the entry.
    if (callbacks_.done_early && callbacks_.done_early(entry)) return entry;
    // The entry's failure is the news; a flavor callback's exception only
    // when the entry is still going.
    if (entry_failed(entry.status))
      throw Error(
          ErrorKind::Api, "ENTRY_PROCESSING_FAILED",
          "Entry \"" + entry_id_ + "\" ended in status " + entry_status_name(entry.status) + failure_note(entry.status),
          {{"ENTRY_ID", entry_id_}});
    if (entry.replacement_status == 4)
      throw Error(ErrorKind::Api, "ENTRY_PROCESSING_FAILED",
                  "The replacement content of entry \"" + entry_id_ + "\" failed to process",
                  {{"ENTRY_ID", entry_id_}});
    if (flavors.failure) std::rethrow_exception(flavors.failure);
    const bool entry_ready = entry.status == static_cast<int>(EntryStatus::Ready) && !replacement_pending(entry);
    const bool flavors_done =
        goal == WaitGoal::AllFlavors ? flavors.all_finished : uploaded_flavor_.empty() || flavors.uploaded_finished;
    if (entry_ready && flavors_done) return entry;

    std::unique_lock<std::mutex> lock(mutex_);
    const auto now = Clock::now();
    if (now >= deadline_) throw out_of_time(false);
    // After the last look the wait ends at the deadline, and until then the
    // next look is an interval away, or at the last look's time.
    const auto last_look = deadline_ - last_look_lead;
    const bool looked_last = now >= last_look;
    const auto pause = looked_last ? deadline_ - now : std::min<Clock::duration>(interval, last_look - now);
    wake_.wait_for(lock, pause, [&] { return cancelled_ || interrupted_; });
    if (cancelled_) throw Error(ErrorKind::Cancelled, "CANCELLED", "Waiting for the entry was cancelled");
    if (interrupted_) throw Error::interruption();
    if (looked_last) throw out_of_time(false);
    interval = std::min(intervals_.max, std::chrono::duration_cast<std::chrono::milliseconds>(interval * intervals_.growth));
  }
}

}  // namespace kaltura::upload
