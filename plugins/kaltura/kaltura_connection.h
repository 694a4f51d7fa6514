// The connection and credential properties every kaltura element has
// (service-url, ks, partner-id, secret, ...): the settings they fill, their
// GParamSpecs with gst-inspect documentation, set/get, and what the library
// is built from. Unset values fall back to the environment
// (KALTURA_SERVICE_URL, KALTURA_KS, KALTURA_PARTNER_ID...).
#pragma once

#include <gst/gst.h>

#include <functional>
#include <string>
#include <vector>

#include "kaltura/client.h"
#include "kaltura/credentials.h"
#include "kaltura/download/download_thread.h"

struct KalturaConnectionSettings {
  std::string service_url, ks, secret, user_id, privileges, app_token_id, app_token;
  int partner_id = 0;
  int session_type = 2;  // 0 user, 2 admin
  bool session_type_set = false;  // by the property: wins over KALTURA_SESSION_TYPE
  bool ssl_strict = true;
  std::string ssl_ca_file, proxy, user_agent;
  unsigned request_timeout_seconds = 60;
  int retries = 5;

  // Properties first, then the environment.
  kaltura::Credentials credentials() const;
  // What error texts must never show: the KS, secret and app token in use,
  // and the passwords of the service and proxy URLs.
  std::vector<std::string> secrets() const;
  kaltura::ClientConfig client_config() const;
  // client_config() whose every retry element tells the application of in
  // a kaltura-retrying message (kaltura_messages.h), its text scrubbed of
  // secrets: a server out of reach shows while the element waits for it.
  // post hands the message on (kalturastatus also writes it as a JSON
  // line); empty, it goes to the bus.
  using PostMessage = std::function<void(GstMessage*)>;
  kaltura::ClientConfig client_config_posting_retries(GstElement* element, std::vector<std::string> secrets,
                                                      PostMessage post = {}) const;
  kaltura::download::DownloadSettings download_settings() const;
};

// How many property ids the connection properties take.
constexpr guint kKalturaConnectionPropertyCount = 15;

// How an element names and documents its per-request timeout: "timeout" on
// kalturasink and kalturasrc, "request-timeout" on kalturastatus (whose
// "timeout" bounds the whole wait).
struct KalturaTimeoutProperty {
  const char* name;
  const char* blurb;
};

// Installs the properties with ids first_id to first_id + count - 1.
void kaltura_connection_install_properties(GObjectClass* klass, guint first_id,
                                           const KalturaTimeoutProperty& timeout);
// Return false when property_id is not one of them.
bool kaltura_connection_set(KalturaConnectionSettings& settings, guint first_id, guint property_id,
                            const GValue* value);
bool kaltura_connection_get(const KalturaConnectionSettings& settings, guint first_id, guint property_id,
                            GValue* value);
