// register_entry_services: media, baseEntry, data and document_documents,
// their tables, and the processing and conversions a stop left unfinished.
#include "../server_context.h"
#include "attachment_asset.h"
#include "entry_services.h"
#include "conversion_store.h"
#include "entry_store.h"
#include "flavor_conversion.h"
#include "flavor_processing.h"
#include "flavor_store.h"

namespace devserver {

void register_entry_services(ServerContext& server) {
  EntryStore::create_table(server.db());
  FlavorStore::create_table(server.db());
  AttachmentStore::create_table(server.db());
  ConversionStore::create_table(server.db());
  register_media_actions(server);
  register_base_entry_actions(server);
  register_data_actions(server);
  register_document_actions(server);
  install_token_completion_handler();
  requeue_unfinished_processing(server);
  requeue_unfinished_conversions(server);
}

}  // namespace devserver
