#include "replacement.h"

#include <algorithm>
#include <vector>

#include "../server_context.h"
#include "content_files.h"
#include "conversion_store.h"
#include "entry_content.h"
#include "entry_store.h"
#include "flavor_deletion.h"
#include "flavor_store.h"

namespace devserver {

namespace {

Entry temporary_entry_for(ServerContext& server, const Entry& original) {
  Entry temporary;
  temporary.id = make_object_id();
  temporary.partner_id = original.partner_id;
  temporary.type = original.type;
  temporary.media_type = original.media_type;
  temporary.media_type_given = original.media_type_given;
  temporary.name = original.name;
  temporary.user_id = original.user_id;
  temporary.creator_id = original.creator_id;
  temporary.conversion_profile_id = original.conversion_profile_id;
  temporary.document_type = original.document_type;
  temporary.replaced_entry_id = original.id;
  temporary.created_at = server.now();
  temporary.updated_at = temporary.created_at;
  temporary.attributes["displayInSearch"] = "-1";  // SYSTEM: listed only when named by id
  return temporary;
}

void reset_replacement(Entry& original) {
  original.replacing_entry_id.clear();
  original.replacement_status = replacement_status::kNone;
}

// The temporary entry's content becomes the original's. As in Kaltura
// (kBusinessConvertDL::replaceEntry), only the replacement's READY flavors
// count: a flavor of the original with the same flavor params keeps its id
// and takes the new file as its next version; the others move over; the
// original's flavors without a counterpart are deleted, and so are the
// replacement's flavors that are not READY, with the temporary entry.
void swap_in(ServerContext& server, Entry& original, const Entry& temporary) {
  FlavorStore flavors(server.db());
  ConversionStore conversions(server.db());
  std::vector<FlavorAsset> old_flavors = flavors.live_of_entry(original.id);
  for (auto& incoming : flavors.live_of_entry(temporary.id)) {
    if (incoming.status != flavor_status::kReady) continue;
    auto kept = std::find_if(old_flavors.begin(), old_flavors.end(), [&](const FlavorAsset& flavor) {
      return flavor.flavor_params_id == incoming.flavor_params_id && flavor.is_original == incoming.is_original;
    });
    if (kept == old_flavors.end()) {
      incoming.entry_id = original.id;
      flavors.update(incoming);
      continue;
    }
    remove_content_file(server, kept->file_path);
    FlavorAsset relinked = incoming;
    relinked.id = kept->id;
    relinked.entry_id = original.id;
    relinked.created_at = kept->created_at;
    relinked.version = kept->version + 1;
    relinked.updated_at = server.now();
    flavors.update(relinked);
    if (conversions.converts(incoming.id))
      conversions.hand_over(incoming.id, relinked.id);
    else
      conversions.forget(relinked.id);
    incoming.file_path.clear();  // the relinked flavor's file now
    delete_flavor_asset(server, incoming);
    old_flavors.erase(kept);
  }
  for (auto& left : old_flavors) delete_flavor_asset(server, left);
  original.status = temporary.status;
  original.width = temporary.width;
  original.height = temporary.height;
  original.ms_duration = temporary.ms_duration;
  original.media_type = temporary.media_type;
  original.document_type = temporary.document_type;
  original.conversion_profile_id = temporary.conversion_profile_id;
  original.version += 1;
  reset_replacement(original);
  original.updated_at = server.now();
  delete_flavors_of_entry(server, temporary.id);  // those not READY
  EntryStore entries(server.db());
  entries.update(original);
  entries.remove(temporary.id);
}

}  // namespace

void start_replacement(ServerContext& server, const Caller& caller, Entry& original, JsonObject* resource,
                       int64_t conversion_profile_id) {
  if (original.replacement_status != replacement_status::kNone) throw ApiError("ENTRY_REPLACEMENT_ALREADY_EXISTS");
  EntryStore entries(server.db());
  Entry temporary = temporary_entry_for(server, original);
  if (conversion_profile_id > 0) temporary.conversion_profile_id = conversion_profile_id;
  entries.insert(temporary);
  try {
    attach_entry_content(server, caller, temporary.id, resource);
  } catch (...) {
    entries.remove(temporary.id);
    throw;
  }
  original.replacing_entry_id = temporary.id;
  original.replacement_status = replacement_status::kNotReadyAndNotApproved;
  original.updated_at = server.now();
  entries.update(original);
}

void approve_replacement(ServerContext& server, Entry& original) {
  const int status = original.replacement_status;
  if (status == replacement_status::kNone || status == replacement_status::kFailed)
    throw ApiError("ENTRY_ID_NOT_REPLACED", {{"ENTRY_ID", original.id}});
  if (status == replacement_status::kApprovedButNotReady) return;
  auto temporary = EntryStore(server.db()).find(original.replacing_entry_id);
  if (temporary && temporary->status == entry_status::kReady) {
    swap_in(server, original, *temporary);
    return;
  }
  original.replacement_status = replacement_status::kApprovedButNotReady;
  original.updated_at = server.now();
  EntryStore(server.db()).update(original);
}

void cancel_replacement(ServerContext& server, Entry& original) {
  if (!original.replacing_entry_id.empty()) discard_temporary_entry(server, original.replacing_entry_id);
  reset_replacement(original);
  original.updated_at = server.now();
  EntryStore(server.db()).update(original);
}

void discard_temporary_entry(ServerContext& server, const std::string& temporary_id) {
  delete_flavors_of_entry(server, temporary_id);
  EntryStore(server.db()).remove(temporary_id);
}

void temporary_entry_finished(ServerContext& server, const Entry& temporary) {
  EntryStore entries(server.db());
  auto original = entries.find(temporary.replaced_entry_id);
  if (!original || original->replacing_entry_id != temporary.id) return;
  if (temporary.status != entry_status::kReady) {
    original->replacement_status = replacement_status::kFailed;
  } else if (original->replacement_status == replacement_status::kApprovedButNotReady) {
    swap_in(server, *original, temporary);
    return;
  } else {
    original->replacement_status = replacement_status::kReadyButNotApproved;
  }
  original->updated_at = server.now();
  entries.update(*original);
}

}  // namespace devserver
