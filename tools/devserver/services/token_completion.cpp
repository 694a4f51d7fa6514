// Files of uploads that completed after their token was attached (§7.6)
// go to the object the token was attached to.
#include "../server_context.h"
#include "attachment_content.h"
#include "content_files.h"
#include "entry_content.h"
#include "entry_services.h"
#include "flavor_processing.h"
#include "token_attachment.h"

namespace devserver {

void install_token_completion_handler() {
  set_token_completion_handler([](ServerContext& server, const std::string& object_type,
                                  const std::string& object_id, const std::string& file_path,
                                  const std::string& file_name, int64_t size) {
    if (object_type == "flavorAsset")
      take_flavor_file(server, object_id, file_path, file_name, size);
    else if (object_type == "attachmentAsset")
      take_attachment_file(server, object_id, file_path, file_name, size);
    else if (object_type == "entry")
      take_data_file(server, object_id, file_path, file_name);
    else
      discard_incoming_file(file_path);
  });
}

}  // namespace devserver
