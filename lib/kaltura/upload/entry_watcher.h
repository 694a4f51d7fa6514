// Follows an entry and its flavors after an upload: polls baseEntry.get (and
// flavorAsset.list) at growing intervals, reports every status change, and
// returns when the entry, or the entry and all its flavors, are done.
#pragma once

#include <chrono>
#include <condition_variable>
#include <exception>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "kaltura/client.h"
#include "kaltura/objects.h"
#include "kaltura/upload/pausable_calls.h"

namespace kaltura::upload {

// An entry whose content is being replaced counts as READY only once the
// replacement is over (swapped in, or waiting for someone's approval).
enum class WaitGoal {
  EntryReady,  // entry status READY
  AllFlavors,  // entry READY and every flavor finished (READY, NOT_APPLICABLE, ERROR or DELETED)
};

struct EntryWatcherCallbacks {
  std::function<void(const Entry&)> on_entry_status;         // first poll and every change
  std::function<void(const FlavorAsset&)> on_flavor_status;  // first sight and every change
  std::function<void(const FlavorAsset&)> on_flavor_ready;   // once per flavor reaching READY
  // Optional: asked after every poll; true ends wait() with that poll's
  // entry before the goal is reached (e.g. once one flavor is READY).
  std::function<bool(const Entry&)> done_early;
};

struct PollIntervals {
  std::chrono::milliseconds initial{250};
  double growth = 1.5;
  std::chrono::milliseconds max{10000};
};

class EntryWatcher {
 public:
  EntryWatcher(Client& client, std::string entry_id, EntryWatcherCallbacks callbacks, PollIntervals intervals = {});

  // Blocks until the goal is reached. Throws Error: ENTRY_PROCESSING_FAILED
  // when the entry ends in an error status, is deleted or its replacement fails, WAIT_TIMEOUT after
  // timeout (0 = none), CANCELLED after cancel(), or any error of the calls.
  // The timeout bounds the calls too (the session start the first poll may
  // need among them): a call in progress at its end, or retrying, is cut
  // short, and wait() ends with WAIT_TIMEOUT then.
  // Each poll reports every flavor change (with AllFlavors), then the
  // entry's, before it ends wait(): by the entry's failure first, else by
  // what a callback threw.
  Entry wait(WaitGoal goal, std::chrono::milliseconds timeout);
  // The entry's flavors as they were before the upload. New content of an
  // entry that has renditions (its source replaced in place, or a
  // replacement) leaves the old renditions listed, READY, until the server
  // remakes or swaps them: while the new content is processed (the source
  // flavor unfinished, or the replacement pending), and for
  // kPollsAfterProcessing polls after, a flavor still as it was (same
  // status and version) is the old one, neither reported nor finished. The
  // polls after leave Kaltura's batch jobs time to queue the renditions
  // again; one the server leaves alone counts as it is then. Call before
  // wait().
  void set_flavors_before(const std::vector<FlavorAsset>& flavors);
  // The flavor asset an upload gave new content (flavor-params-id): with
  // WaitGoal::EntryReady the wait also lasts until it is finished, its
  // changes and those of the other flavors reported as with AllFlavors. An
  // entry that is READY already (its source replaced in place) says nothing
  // about the new file. Call before wait().
  void set_uploaded_flavor(std::string flavor_asset_id) { uploaded_flavor_ = std::move(flavor_asset_id); }
  // The caller knows the entry existed (it made it, or uploaded to it), so
  // that one gone at the first poll was deleted (status DELETED, as for one
  // gone later) rather than never there. Call before wait().
  void set_entry_known_to_exist() { entry_known_to_exist_ = true; }
  void cancel();
  // For a pipeline that pauses: wait() ends with Error::interruption() at
  // its next pause between polls, until clear_interrupt(), and a poll in
  // progress is cancelled (client.cancel_all(): the caller resets the
  // client's cancel when the pause ends). wait() may then be called again
  // (the timeout counts afresh; statuses already reported are not again).
  void interrupt();
  void clear_interrupt();

 private:
  struct FlavorPoll {
    bool all_finished = true;    // every flavor is finished (and there is one)
    bool uploaded_finished = false;  // the flavor of set_uploaded_flavor() is finished, or not listed
    std::exception_ptr failure;  // the first exception a flavor callback threw
  };
  // Reports every change; processing_by_entry: the entry's own status says
  // new content is still being processed (a replacement pending).
  FlavorPoll poll_flavors(bool processing_by_entry);
  // Whether the flavor is still the one listed before the upload, as new
  // content is processed (set_flavors_before()); forgets it once it is not.
  bool old_rendition(const FlavorAsset& flavor);
  // One poll's call, bound by the wait's deadline; Error::interruption()
  // when interrupt() came meanwhile.
  Json fetch(Request request);
  // WAIT_TIMEOUT, naming the last status seen; poll_unanswered: the
  // deadline came while a poll waited for the server.
  Error out_of_time(bool poll_unanswered) const;

  Client& client_;
  const std::string entry_id_;
  const EntryWatcherCallbacks callbacks_;
  const PollIntervals intervals_;
  // flavor asset id -> last status and version reported
  std::map<std::string, std::pair<int, std::string>> flavor_reported_;
  std::map<std::string, FlavorAsset> flavors_before_;  // by id: those that may still be old
  static constexpr int kPollsAfterProcessing = 2;
  int polls_since_processing_ = 0;  // polls since one saw new content being processed
  std::string uploaded_flavor_;
  bool entry_known_to_exist_ = false;
  static constexpr int kNoStatus = 1000;
  int last_status_ = kNoStatus;  // the entry's, as last reported
  Entry last_entry_;             // as last seen
  CallDeadline deadline_ = kNoDeadline;  // of the wait() in progress

  std::mutex mutex_;
  std::condition_variable wake_;
  bool cancelled_ = false;
  bool interrupted_ = false;
  PausableCalls polls_{client_};  // interrupt() cancels a poll in progress
};

}  // namespace kaltura::upload
