// The life of a flavor once a file is given to it (§8.3, §9.1): the source
// of an entry, or a rendition a client publishes with flavorAsset.add +
// setContent. QUEUED -> CONVERTING -> READY (or ERROR), one step per
// --processing-delay-ms, on a background thread; the file is inspected with
// GStreamer on the way, never transcoded. Renditions the server makes from
// the source are flavor_conversion.h's.
#pragma once

#include <cstdint>
#include <string>

namespace devserver {

class ServerContext;

// Moves the file into the content store as the flavor's new content (size,
// fileExt, version), queues it and starts processing. state_mutex held.
void take_flavor_file(ServerContext& server, const std::string& flavor_id, const std::string& path,
                      const std::string& file_name, int64_t size);
// Schedules processing of a QUEUED or CONVERTING flavor.
void start_flavor_processing(ServerContext& server, const std::string& flavor_id);
// After a restart: processing of flavors left QUEUED or CONVERTING starts over.
void requeue_unfinished_processing(ServerContext& server);

}  // namespace devserver
