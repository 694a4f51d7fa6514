// A program outside this tree using the installed library: found with
// pkg-config, it adds an upload token on the server given as
// argv[1] with the admin secret argv[2] and prints its id.
#include <cstdio>

#include "kaltura/client.h"
#include "kaltura/objects.h"
#include "kaltura/operations.h"

int main(int argc, char** argv) {
  if (argc != 3) return 2;
  kaltura::ClientConfig config;
  config.service_url = argv[1];
  kaltura::Credentials credentials;
  credentials.partner_id = 100;
  credentials.secret = argv[2];
  try {
    kaltura::Client client(config, credentials);
    const auto token = kaltura::UploadToken::from_json(client.call(kaltura::ops::upload_token_add("rec.mp4")));
    std::printf("upload token %s\n", token.id.c_str());
  } catch (const kaltura::Error& error) {
    std::fprintf(stderr, "%s\n", error.message().c_str());
    return 1;
  }
  return 0;
}
