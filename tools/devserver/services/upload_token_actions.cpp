#include "upload_token_actions.h"

#include "upload_token_files.h"
#include "upload_token_input.h"
#include "upload_token_json.h"
#include "upload_token_record.h"

namespace devserver {

JsonNode* add_upload_token(ActionCall& call) {
  ServerContext& server = *call.server;
  NewUploadToken input = read_new_upload_token(call.object_param("uploadToken"));
  UploadTokenRecord token;
  token.id = make_upload_token_id();
  token.partner_id = call.caller.partner_id;
  token.user_id = call.caller.user_id;
  token.status = UploadTokenStatus::Pending;
  token.file_name = input.file_name;
  token.file_size = input.file_size;
  token.auto_finalize = input.auto_finalize;
  token.created_at = token.updated_at = server.now();
  UploadTokenStore(server).insert(token);
  return upload_token_to_json(token);
}

JsonNode* get_upload_token(ActionCall& call) {
  return upload_token_to_json(find_token_for_caller(*call.server, call.caller, call.required_string("uploadTokenId")));
}

JsonNode* list_upload_tokens(ActionCall& call) {
  UploadTokenQuery query = read_upload_token_query(call.object_param("filter"), call.object_param("pager"));
  query.partner_id = call.caller.partner_id;
  if (!call.caller.is_admin()) query.owner_user_id = call.caller.user_id;
  return upload_token_page_to_json(UploadTokenStore(*call.server).list(query));
}

JsonNode* delete_upload_token(ActionCall& call) {
  ServerContext& server = *call.server;
  UploadTokenRecord token = find_token_for_caller(server, call.caller, call.required_string("uploadTokenId"));
  token.status = UploadTokenStatus::Deleted;
  token.updated_at = server.now();
  UploadTokenStore(server).save(token);
  // An attached entry or asset may own the file already (CLOSED): only the
  // token's own folder goes.
  UploadTokenFiles(server, token.id).remove_all();
  return json_node_new(JSON_NODE_NULL);
}

}  // namespace devserver
