// Registration of the entry services, one function per service.
#pragma once

namespace devserver {

class ServerContext;

void register_media_actions(ServerContext& server);
void register_base_entry_actions(ServerContext& server);
void register_data_actions(ServerContext& server);
void register_document_actions(ServerContext& server);
// Routes the files of uploads that completed after being attached.
void install_token_completion_handler();

}  // namespace devserver
