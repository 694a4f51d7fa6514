// Renditions the server transcodes from an entry's source (§9.1). Each is a
// flavor asset with a conversion job (conversion_store.h) that runs on the
// conversion pool (--conversion-workers): QUEUED -> CONVERTING -> READY with
// the properties of the file produced, or ERROR with a description; or
// NOT_APPLICABLE (4) straight from QUEUED when the source cannot give the
// rendition (rendition_plan.h). Steps are --processing-delay-ms apart, like
// the source's processing. The entry follows each finished job
// (entry_progress.h). Call with state_mutex held.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "entry.h"
#include "flavor_asset.h"
#include "flavor_params_catalogue.h"

namespace devserver {

class ServerContext;

// The entry's source became READY: the renditions of its conversion profile
// are created and queued. Renditions the server made from an earlier source
// are made again; a rendition a client published is left as it is.
void convert_profile_renditions(ServerContext& server, const Entry& entry);
// Converts the entry's rendition of these params (again), creating the
// asset when there is none. Returns the job id.
int64_t convert_rendition(ServerContext& server, const Entry& entry, const FlavorParams& params);
// The entry's source flavor when it is READY.
std::optional<FlavorAsset> ready_source_flavor(ServerContext& server, const std::string& entry_id);
// After a restart: conversions left QUEUED or CONVERTING start over.
void requeue_unfinished_conversions(ServerContext& server);

}  // namespace devserver
