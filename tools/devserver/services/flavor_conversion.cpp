#include "flavor_conversion.h"

#include <glib/gstdio.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <thread>

#include "../request_log.h"
#include "../server_context.h"
#include "content_files.h"
#include "conversion_profile_catalogue.h"
#include "conversion_store.h"
#include "entry_progress.h"
#include "flavor_media.h"
#include "flavor_store.h"
#include "media_inspection.h"
#include "rendition_plan.h"
#include "transcoder.h"

namespace devserver {

namespace {

void run_job(ServerContext& server, const std::string& flavor_id, int64_t job_id);

void schedule(ServerContext& server, const std::string& flavor_id, int64_t job_id) {
  ServerContext* context = &server;
  server.run_conversion([context, flavor_id, job_id] { run_job(*context, flavor_id, job_id); });
}

int64_t queue_conversion(ServerContext& server, FlavorAsset& flavor) {
  flavor.status = flavor_status::kQueued;
  flavor.description = "";
  flavor.updated_at = server.now();
  FlavorStore(server.db()).update(flavor);
  const int64_t job_id = ConversionStore(server.db()).queue(flavor.id);
  schedule(server, flavor.id, job_id);
  return job_id;
}

FlavorAsset new_rendition(ServerContext& server, const Entry& entry, const FlavorParams& params) {
  FlavorAsset flavor;
  flavor.id = make_object_id();
  flavor.entry_id = entry.id;
  flavor.partner_id = entry.partner_id;
  flavor.flavor_params_id = params.id;
  flavor.tags = params.tags;
  flavor.created_at = server.now();
  flavor.updated_at = flavor.created_at;
  FlavorStore(server.db()).insert(flavor);
  return flavor;
}

std::optional<FlavorAsset> rendition_of(ServerContext& server, const std::string& entry_id, int64_t params_id) {
  for (auto& flavor : FlavorStore(server.db()).live_of_entry(entry_id))
    if (flavor.flavor_params_id == params_id) return flavor;
  return std::nullopt;
}

// The job's flavor while the job is still the flavor's current one; a job
// whose flavor went away is closed.
std::optional<FlavorAsset> current_flavor(ServerContext& server, const std::string& flavor_id, int64_t job_id) {
  ConversionStore conversions(server.db());
  if (conversions.pending_job(flavor_id) != job_id) return std::nullopt;
  auto flavor = FlavorStore(server.db()).find(flavor_id);
  if (flavor && flavor->status != flavor_status::kDeleted) return flavor;
  conversions.finish(job_id);
  return std::nullopt;
}

// Sleeps --processing-delay-ms, or less when the server stops.
void pause_between_steps(ServerContext& server) {
  const auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(server.config.processing_delay_ms);
  while (!server.stopping() && std::chrono::steady_clock::now() < until)
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
}

const char* status_name(int status) {
  switch (status) {
    case flavor_status::kReady:
      return "READY";
    case flavor_status::kNotApplicable:
      return "NOT_APPLICABLE";
    default:
      return "ERROR";
  }
}

struct JobOutcome {
  int status = flavor_status::kError;
  std::string description;
  std::string output_path;  // READY: the file produced
  std::string file_ext;     // READY: its extension, the params' format
  MediaInspection media;    // READY: what it holds
};

// The job's last step: the flavor takes the file produced, or is left
// without one, and its entry moves on.
void conclude(ServerContext& server, const std::string& flavor_id, int64_t job_id, const JobOutcome& outcome) {
  std::lock_guard<std::mutex> lock(server.state_mutex);
  auto flavor = current_flavor(server, flavor_id, job_id);
  if (!flavor) {
    if (!outcome.output_path.empty()) discard_incoming_file(outcome.output_path);
    return;
  }
  remove_content_file(server, flavor->file_path);  // an earlier version
  flavor->file_path.clear();
  flavor->file_ext.clear();
  flavor->size_bytes = 0;
  clear_flavor_media(*flavor);
  if (outcome.status == flavor_status::kReady) {
    GStatBuf file_status;
    flavor->size_bytes = g_stat(outcome.output_path.c_str(), &file_status) == 0 ? file_status.st_size : 0;
    flavor->file_path = store_content_file(server, outcome.output_path, "flavor", outcome.file_ext);
    flavor->file_ext = outcome.file_ext;
    flavor->version += 1;
    set_flavor_media(*flavor, outcome.media);
  }
  flavor->status = outcome.status;
  flavor->description = outcome.description;
  flavor->updated_at = server.now();
  FlavorStore(server.db()).update(*flavor);
  ConversionStore(server.db()).finish(job_id);
  log_line("conversion " + flavor->id + " flavorParamsId=" + std::to_string(flavor->flavor_params_id) + " -> " +
           status_name(outcome.status) +
           (outcome.description.empty() ? "" : " (" + printable(outcome.description) + ")"));
  entry_flavor_finished(server, *flavor);
}

JobOutcome failure(const FlavorParams& params, const std::string& why) {
  JobOutcome outcome;
  outcome.description = std::string("Conversion to \"") + params.name + "\" failed: " + why;
  return outcome;
}

struct JobStart {
  std::string source_path;
  int64_t source_duration_ms = 0;
  const FlavorParams* params = nullptr;
};

// What the job converts, or nothing when it is no longer wanted.
std::optional<JobStart> start_job(ServerContext& server, const std::string& flavor_id, int64_t job_id) {
  std::lock_guard<std::mutex> lock(server.state_mutex);
  auto flavor = current_flavor(server, flavor_id, job_id);
  if (!flavor) return std::nullopt;
  JobStart start;
  start.params = find_flavor_params(flavor->flavor_params_id);
  auto source = ready_source_flavor(server, flavor->entry_id);
  if (!start.params || !source) return start;  // concluded as an error by the caller
  start.source_path = source->file_path;
  start.source_duration_ms = source->duration_ms;
  return start;
}

// QUEUED -> CONVERTING, or the plan's refusal as the outcome. False when
// the job is no longer wanted or is concluded.
bool begin_converting(ServerContext& server, const std::string& flavor_id, int64_t job_id, const RenditionPlan& plan) {
  if (plan.outcome == RenditionPlan::Outcome::NotApplicable) {
    JobOutcome outcome;
    outcome.status = flavor_status::kNotApplicable;
    outcome.description = plan.reason;
    conclude(server, flavor_id, job_id, outcome);
    return false;
  }
  std::lock_guard<std::mutex> lock(server.state_mutex);
  auto flavor = current_flavor(server, flavor_id, job_id);
  if (!flavor) return false;
  flavor->status = flavor_status::kConverting;
  flavor->updated_at = server.now();
  FlavorStore(server.db()).update(*flavor);
  log_line("conversion " + flavor->id + " flavorParamsId=" + std::to_string(flavor->flavor_params_id) +
           " -> CONVERTING");
  return true;
}

JobOutcome check_output(const FlavorParams& params, const RenditionPlan& plan, const MediaInspection& source,
                        const std::string& output_path) {
  JobOutcome outcome;
  outcome.media = inspect_media_file(output_path);
  if (!outcome.media.is_media) return failure(params, outcome.media.problem);
  if (plan.video && !outcome.media.has_video) return failure(params, "the file produced has no video");
  if (plan.audio && !outcome.media.has_audio) return failure(params, "the file produced has no audio");
  // MP4 demuxing gives no frame rate for very short tracks; the rate the
  // file was encoded at is known.
  if (plan.video && outcome.media.frame_rate <= 0)
    outcome.media.frame_rate = plan.frame_rate ? static_cast<double>(plan.frame_rate) : source.frame_rate;
  outcome.status = flavor_status::kReady;
  outcome.output_path = output_path;
  outcome.file_ext = params.format;
  return outcome;
}

// Transcoding is the heaviest work of the server: its threads, and the
// encoder threads they start (which inherit the priority), yield to API
// calls and uploads.
void lower_thread_priority() {
  static thread_local bool lowered = false;
  if (lowered) return;
  setpriority(PRIO_PROCESS, static_cast<id_t>(syscall(SYS_gettid)), 10);
  lowered = true;
}

void run_job(ServerContext& server, const std::string& flavor_id, int64_t job_id) {
  lower_thread_priority();
  pause_between_steps(server);
  if (server.stopping()) return;
  const auto start = start_job(server, flavor_id, job_id);
  if (!start) return;
  if (!start->params || start->source_path.empty()) {
    JobOutcome outcome;
    outcome.description = start->params ? "The source flavor is not ready" : "The flavor params do not exist";
    conclude(server, flavor_id, job_id, outcome);
    return;
  }
  const FlavorParams& params = *start->params;
  const MediaInspection source = inspect_media_file(start->source_path);
  if (!source.is_media) {
    conclude(server, flavor_id, job_id, failure(params, "the source cannot be read: " + source.problem));
    return;
  }
  const RenditionPlan plan = plan_rendition(params, source);
  if (!begin_converting(server, flavor_id, job_id, plan)) return;

  TranscodeRequest request;
  request.source_path = start->source_path;
  request.output_path =
      server.tmp_dir() + "/conversion-" + flavor_id + "-" + std::to_string(job_id) + "." + params.format;
  request.scratch_path = request.output_path + ".moov";
  request.params = &params;
  request.plan = plan;
  request.source_duration_ms = start->source_duration_ms;
  const auto& failing = server.config.fault_conversion_params;
  request.inject_failure = std::find(failing.begin(), failing.end(), params.id) != failing.end();
  request.cancelled = [&server] { return server.stopping(); };
  const TranscodeResult result = transcode(request);
  g_unlink(request.scratch_path.c_str());
  if (result.outcome == TranscodeResult::Outcome::Cancelled) {
    // Left CONVERTING with its job pending: the next start converts it again.
    g_unlink(request.output_path.c_str());
    return;
  }
  JobOutcome outcome = result.outcome == TranscodeResult::Outcome::Done
                           ? check_output(params, plan, source, request.output_path)
                           : failure(params, result.error);
  if (outcome.output_path.empty()) g_unlink(request.output_path.c_str());
  pause_between_steps(server);
  conclude(server, flavor_id, job_id, outcome);
}

}  // namespace

void convert_profile_renditions(ServerContext& server, const Entry& entry) {
  if (entry.type != entry_type::kMediaClip || entry.media_type == media_type::kImage) return;
  const ConversionProfile* profile = find_conversion_profile(entry.conversion_profile_id);
  if (!profile) return;
  ConversionStore conversions(server.db());
  for (int64_t params_id : profile->flavor_params_ids) {
    const FlavorParams* params = find_flavor_params(params_id);
    if (!params || flavor_params_is_source(*params)) continue;
    auto existing = rendition_of(server, entry.id, params_id);
    if (existing && !conversions.converts(existing->id)) continue;  // a client's own rendition
    convert_rendition(server, entry, *params);
  }
}

int64_t convert_rendition(ServerContext& server, const Entry& entry, const FlavorParams& params) {
  auto flavor = rendition_of(server, entry.id, params.id);
  if (!flavor) flavor = new_rendition(server, entry, params);
  return queue_conversion(server, *flavor);
}

std::optional<FlavorAsset> ready_source_flavor(ServerContext& server, const std::string& entry_id) {
  for (auto& flavor : FlavorStore(server.db()).live_of_entry(entry_id))
    if (flavor.is_original && flavor.status == flavor_status::kReady) return flavor;
  return std::nullopt;
}

void requeue_unfinished_conversions(ServerContext& server) {
  for (const auto& job : ConversionStore(server.db()).pending()) schedule(server, job.flavor_id, job.id);
}

}  // namespace devserver
