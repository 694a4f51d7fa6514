#include "flavor_processing.h"

#include <chrono>
#include <thread>

#include "../server_context.h"
#include "content_files.h"
#include "conversion_store.h"
#include "entry_progress.h"
#include "entry_store.h"
#include "flavor_media.h"
#include "flavor_store.h"
#include "media_inspection.h"
#include "virus_scan.h"

namespace devserver {

namespace {

void pause_between_steps(const ServerContext& server) {
  std::this_thread::sleep_for(std::chrono::milliseconds(server.config.processing_delay_ms));
}

// What processing a flavor's file involves.
struct ProcessingSteps {
  bool inspect_as_media = true;
  bool virus_scan = false;
};

// QUEUED -> CONVERTING; returns the file to inspect, empty when the flavor
// went away (deleted, replaced) or has nothing to process.
std::string begin_converting(ServerContext& server, const std::string& flavor_id, ProcessingSteps& steps) {
  std::lock_guard<std::mutex> lock(server.state_mutex);
  FlavorStore flavors(server.db());
  auto flavor = flavors.find(flavor_id);
  if (!flavor || flavor->file_path.empty() ||
      (flavor->status != flavor_status::kQueued && flavor->status != flavor_status::kConverting))
    return "";
  flavor->status = flavor_status::kConverting;
  flavor->updated_at = server.now();
  flavors.update(*flavor);
  auto entry = EntryStore(server.db()).find(flavor->entry_id);
  // Documents are kept as they are; only media is inspected.
  steps.inspect_as_media = !entry || entry->type == entry_type::kMediaClip;
  steps.virus_scan = server.config.virus_scan && flavor->is_original;
  return flavor->file_path;
}

void apply_inspection(FlavorAsset& flavor, const MediaInspection& media) {
  if (!media.is_media) {
    flavor.status = flavor_status::kError;
    flavor.description = media.problem;
    return;
  }
  flavor.status = flavor_status::kReady;
  flavor.description = "";
  set_flavor_media(flavor, media);
}

void finish_converting(ServerContext& server, const std::string& flavor_id, const std::string& path,
                       const MediaInspection* media) {
  std::lock_guard<std::mutex> lock(server.state_mutex);
  FlavorStore flavors(server.db());
  auto flavor = flavors.find(flavor_id);
  // A new file or a deletion while inspecting: that change wins.
  if (!flavor || flavor->status != flavor_status::kConverting || flavor->file_path != path) return;
  if (media)
    apply_inspection(*flavor, *media);
  else
    flavor->status = flavor_status::kReady;
  flavor->updated_at = server.now();
  flavors.update(*flavor);
  entry_flavor_finished(server, *flavor);
}

// The source the virus scan found infected: the flavor fails and the entry
// takes the plugin's status.
void finish_infected(ServerContext& server, const std::string& flavor_id, const std::string& path) {
  std::lock_guard<std::mutex> lock(server.state_mutex);
  FlavorStore flavors(server.db());
  auto flavor = flavors.find(flavor_id);
  if (!flavor || flavor->status != flavor_status::kConverting || flavor->file_path != path) return;
  flavor->status = flavor_status::kError;
  flavor->description = "The virus scan found the file infected";
  flavor->updated_at = server.now();
  flavors.update(*flavor);
  entry_found_infected(server, *flavor);
}

void process_flavor(ServerContext& server, const std::string& flavor_id) {
  pause_between_steps(server);
  ProcessingSteps steps;
  const std::string path = begin_converting(server, flavor_id, steps);
  if (path.empty()) return;
  if (steps.virus_scan && is_eicar_test_file(path)) {
    pause_between_steps(server);
    finish_infected(server, flavor_id, path);
    return;
  }
  MediaInspection media;
  if (steps.inspect_as_media) media = inspect_media_file(path);
  pause_between_steps(server);
  finish_converting(server, flavor_id, path, steps.inspect_as_media ? &media : nullptr);
}

}  // namespace

void take_flavor_file(ServerContext& server, const std::string& flavor_id, const std::string& path,
                      const std::string& file_name, int64_t size) {
  FlavorStore flavors(server.db());
  auto flavor = flavors.find(flavor_id);
  if (!flavor || flavor->status == flavor_status::kDeleted) {
    discard_incoming_file(path);
    return;
  }
  // A client's file: the server no longer converts this flavor.
  ConversionStore(server.db()).forget(flavor_id);
  const std::string extension = safe_extension(file_name);
  const std::string stored = store_content_file(server, path, "flavor", extension);
  remove_content_file(server, flavor->file_path);
  flavor->file_path = stored;
  flavor->file_ext = extension;
  flavor->size_bytes = size;
  flavor->version += 1;
  flavor->status = flavor_status::kQueued;
  flavor->description = "";
  flavor->updated_at = server.now();
  flavors.update(*flavor);
  entry_content_arrived(server, *flavor);
  start_flavor_processing(server, flavor_id);
}

void start_flavor_processing(ServerContext& server, const std::string& flavor_id) {
  ServerContext* context = &server;
  server.run_in_background([context, flavor_id] {
    try {
      process_flavor(*context, flavor_id);
    } catch (const ApiError& error) {
      g_warning("processing of flavor %s failed: %s", flavor_id.c_str(), error.message().c_str());
    }
  });
}

void requeue_unfinished_processing(ServerContext& server) {
  ConversionStore conversions(server.db());
  // A flavor being converted still holds its previous file: its conversion
  // job resumes instead (requeue_unfinished_conversions).
  for (const auto& flavor : FlavorStore(server.db()).unfinished())
    if (!flavor.file_path.empty() && !conversions.pending_job(flavor.id)) start_flavor_processing(server, flavor.id);
}

}  // namespace devserver
