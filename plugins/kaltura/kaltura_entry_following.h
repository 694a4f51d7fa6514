// What every kaltura element does while it follows an entry with
// EntryWatcher: a kaltura-entry-status, kaltura-flavor-status or
// kaltura-flavor-ready message for each change, and a flavor that ends in
// ERROR turned into an error that names it and says why.
#pragma once

#include <gst/gst.h>

#include <chrono>
#include <functional>
#include <string>

#include "kaltura/client.h"
#include "kaltura/error.h"
#include "kaltura/objects.h"
#include "kaltura/upload/entry_watcher.h"

// Hands a message to the bus (kalturastatus also writes it as a JSON line).
using KalturaAnnounce = std::function<void(GstMessage*)>;
// Whether a flavor's failure fails the element.
using KalturaRequiredFlavor = std::function<bool(const kaltura::FlavorAsset&)>;

// Callbacks that announce every change; a required flavor in ERROR throws
// kaltura_flavor_failure() out of the watcher's wait().
kaltura::upload::EntryWatcherCallbacks kaltura_following_callbacks(GstElement* element, KalturaAnnounce announce,
                                                                   KalturaRequiredFlavor required = {});

// FLAVOR_PROCESSING_FAILED for a flavor in ERROR: names the flavor, its flavor
// params, its entry and the server's description; arg FLAVOR_ASSET_ID.
kaltura::Error kaltura_flavor_failure(const kaltura::FlavorAsset& flavor);

// watcher.wait(goal, timeout); an entry that failed (ENTRY_PROCESSING_FAILED)
// is thrown with the flavors that failed, and why, appended when the server
// tells.
kaltura::Entry kaltura_wait_for_entry(kaltura::upload::EntryWatcher& watcher, kaltura::Client& client,
                                      const std::string& entry_id, kaltura::upload::WaitGoal goal,
                                      std::chrono::seconds timeout);
