// Turns away a client that opens a TLS connection (an https:// service URL
// pointed at this plain-HTTP server). Without it libsoup waits for a request
// line that never comes, and the client for a handshake answer, each until
// its timeout: minutes with retries. Watched from the connection's first
// request-started, before libsoup reads anything: the first byte is peeked,
// not consumed. When bytes arrive only later, libsoup may read them first;
// a request line it has read is HTTP, and nothing is looked at then.
#pragma once

#include <libsoup/soup.h>

namespace devserver {

// Closes the message's connection, with a line on stderr, if its first byte
// opens a TLS record; anything else, and every later request of the
// connection, is left to libsoup.
void turn_away_tls_client(SoupServerMessage* msg);

// The same for a connection not yet handed to libsoup, whose first byte must
// be there (or the end): true when it was closed.
bool turn_away_tls_connection(GSocket* socket);

}  // namespace devserver
