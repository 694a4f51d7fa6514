#include "kaltura_entry_following.h"

#include "kaltura/operations.h"
#include "kaltura_messages.h"

namespace messages = kaltura_messages;

namespace {

std::string describe_flavor(const kaltura::FlavorAsset& flavor) {
  return "flavor \"" + flavor.id + "\" (flavor params " + std::to_string(flavor.flavor_params_id) + ") failed" +
         (flavor.description.empty() ? std::string() : ": " + flavor.description);
}

}  // namespace

kaltura::upload::EntryWatcherCallbacks kaltura_following_callbacks(GstElement* element, KalturaAnnounce announce,
                                                                   KalturaRequiredFlavor required) {
  kaltura::upload::EntryWatcherCallbacks callbacks;
  callbacks.on_entry_status = [element, announce](const kaltura::Entry& entry) {
    announce(messages::entry_status(element, entry));
  };
  callbacks.on_flavor_status = [element, announce, required](const kaltura::FlavorAsset& flavor) {
    announce(messages::flavor_status(element, flavor, false));
    if (flavor.status == static_cast<int>(kaltura::FlavorStatus::Error) && required && required(flavor))
      throw kaltura_flavor_failure(flavor);
  };
  callbacks.on_flavor_ready = [element, announce](const kaltura::FlavorAsset& flavor) {
    announce(messages::flavor_status(element, flavor, true));
  };
  return callbacks;
}

kaltura::Error kaltura_flavor_failure(const kaltura::FlavorAsset& flavor) {
  std::string text = "Entry \"" + flavor.entry_id + "\": " + describe_flavor(flavor);
  return kaltura::Error(kaltura::ErrorKind::Api, "FLAVOR_PROCESSING_FAILED", text,
                        {{"FLAVOR_ASSET_ID", flavor.id}, {"ENTRY_ID", flavor.entry_id}});
}

kaltura::Entry kaltura_wait_for_entry(kaltura::upload::EntryWatcher& watcher, kaltura::Client& client,
                                      const std::string& entry_id, kaltura::upload::WaitGoal goal,
                                      std::chrono::seconds timeout) {
  try {
    return watcher.wait(goal, timeout);
  } catch (const kaltura::Error& failure) {
    if (!failure.is_api("ENTRY_PROCESSING_FAILED")) throw;
    std::string reasons;
    try {
      const auto flavors = kaltura::ListResult<kaltura::FlavorAsset>::from_json(
          client.call(kaltura::ops::flavor_asset_list(entry_id)));
      for (const auto& flavor : flavors.objects)
        if (flavor.status == static_cast<int>(kaltura::FlavorStatus::Error)) reasons += "; " + describe_flavor(flavor);
    } catch (const kaltura::Error&) {
      throw failure;  // the entry's failure is the news; its details are a bonus
    }
    throw kaltura::Error(failure.kind(), failure.code(), failure.message() + reasons, failure.args(),
                         failure.http_status(), failure.transient());
  }
}
