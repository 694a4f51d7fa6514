#include "kaltura_connection.h"

#include "kaltura_element_errors.h"
#include "kaltura_messages.h"
#include "string_property_table.h"
#include "url_password.h"

namespace {

// Offsets from first_id.
enum ConnectionProperty : guint {
  SERVICE_URL, KS, PARTNER_ID, SECRET, USER_ID, SESSION_TYPE, PRIVILEGES, APP_TOKEN_ID, APP_TOKEN, SSL_STRICT,
  SSL_CA_FILE, PROXY, USER_AGENT, REQUEST_TIMEOUT, RETRIES,
};
static_assert(RETRIES + 1 == kKalturaConnectionPropertyCount, "property count");

const StringProperty<KalturaConnectionSettings> kStringProperties[] = {
    {SERVICE_URL, "service-url", "Service URL",
     "Kaltura service URL without /api_v3, e.g. https://www.kaltura.com or http://127.0.0.1:8080 for "
     "kaltura-devserver (default: $KALTURA_SERVICE_URL, else https://www.kaltura.com)",
     &KalturaConnectionSettings::service_url, ReadBack::UrlPasswordHidden},
    {KS, "ks", "KS",
     "A ready Kaltura session (KS) to use as is; it cannot be renewed (default: $KALTURA_KS). "
     "Write-only",
     &KalturaConnectionSettings::ks, ReadBack::Never},
    {SECRET, "secret", "Secret",
     "Partner admin or user secret, to start sessions with partner-id and renew them (default: $KALTURA_SECRET). "
     "Write-only",
     &KalturaConnectionSettings::secret, ReadBack::Never},
    {USER_ID, "user-id", "User ID", "User of the session started with the secret (default: $KALTURA_USER_ID)",
     &KalturaConnectionSettings::user_id},
    {PRIVILEGES, "privileges", "Privileges",
     "Privileges of the session started with the secret, e.g. \"edit:*\" or \"sview:*\" (default: $KALTURA_PRIVILEGES)",
     &KalturaConnectionSettings::privileges},
    {APP_TOKEN_ID, "app-token-id", "App token ID",
     "Application token id, to start sessions with partner-id and app-token (default: $KALTURA_APP_TOKEN_ID)",
     &KalturaConnectionSettings::app_token_id},
    {APP_TOKEN, "app-token", "App token", "Application token value (default: $KALTURA_APP_TOKEN). Write-only",
     &KalturaConnectionSettings::app_token, ReadBack::Never},
    {SSL_CA_FILE, "ssl-ca-file", "SSL CA file", "PEM file of trusted CAs (default: the system's)",
     &KalturaConnectionSettings::ssl_ca_file},
    {PROXY, "proxy", "Proxy",
     "Proxy URL, http://host:port or socks5://host:port (default: the system's proxy settings); a password in it "
     "reads back as ***",
     &KalturaConnectionSettings::proxy, ReadBack::UrlPasswordHidden},
    {USER_AGENT, "user-agent", "User agent", "HTTP User-Agent (default: gst-kaltura/<version>)",
     &KalturaConnectionSettings::user_agent},
};

GType session_type_enum() {
  static GType type = 0;
  static const GEnumValue values[] = {
      {0, "User session (KALTURA_SESSION_TYPE_USER)", "user"},
      {2, "Admin session (KALTURA_SESSION_TYPE_ADMIN)", "admin"},
      {0, nullptr, nullptr},
  };
  if (g_once_init_enter(&type)) g_once_init_leave(&type, g_enum_register_static("GstKalturaSessionType", values));
  return type;
}

}  // namespace

kaltura::Credentials KalturaConnectionSettings::credentials() const {
  kaltura::Credentials credentials;
  credentials.ks = ks;
  credentials.partner_id = partner_id;
  credentials.secret = secret;
  credentials.user_id = user_id;
  credentials.session_type = session_type == 0 ? kaltura::SessionType::User : kaltura::SessionType::Admin;
  credentials.session_type_set = session_type_set;
  credentials.privileges = privileges;
  credentials.app_token_id = app_token_id;
  credentials.app_token = app_token;
  credentials.fill_from_environment();
  return credentials;
}

std::vector<std::string> KalturaConnectionSettings::secrets() const {
  const kaltura::Credentials used = credentials();
  std::vector<std::string> secrets = {used.ks, used.secret, used.app_token};
  for (const std::string& url : {client_config().service_url, proxy})
    for (std::string& credential : url_credential_forms(url)) secrets.push_back(std::move(credential));
  return secrets;
}

kaltura::ClientConfig KalturaConnectionSettings::client_config_posting_retries(GstElement* element,
                                                                               std::vector<std::string> secrets,
                                                                               PostMessage post) const {
  kaltura::ClientConfig config = client_config();
  if (!post) post = [element](GstMessage* message) { gst_element_post_message(element, message); };
  // The client lives in the element's run, which ends before the element does.
  config.on_retry = [element, secrets = std::move(secrets), post = std::move(post)](
                        const std::string& call, int attempt, std::chrono::milliseconds delay,
                        const kaltura::Error& error) {
    post(kaltura_messages::retrying(element, call, attempt, static_cast<uint64_t>(delay.count()), error.code(),
                                    error.http_status(), kaltura_scrub(error.message(), secrets)));
  };
  return config;
}

kaltura::ClientConfig KalturaConnectionSettings::client_config() const {
  kaltura::ClientConfig config;
  const std::string url = service_url.empty() ? kaltura::service_url_from_environment() : service_url;
  if (!url.empty()) config.service_url = url;
  config.user_agent = user_agent;
  config.timeout = std::chrono::seconds(request_timeout_seconds);
  config.ssl_strict = ssl_strict;
  config.ssl_ca_file = ssl_ca_file;
  config.proxy = proxy;
  config.retry.max_retries = retries;
  return config;
}

kaltura::download::DownloadSettings KalturaConnectionSettings::download_settings() const {
  kaltura::download::DownloadSettings settings;
  settings.user_agent = user_agent;
  settings.ssl_strict = ssl_strict;
  settings.ssl_ca_file = ssl_ca_file;
  settings.proxy = proxy;
  settings.timeout = std::chrono::seconds(request_timeout_seconds);
  return settings;
}

void kaltura_connection_install_properties(GObjectClass* klass, guint first_id,
                                           const KalturaTimeoutProperty& timeout) {
  install_string_properties(klass, first_id, kStringProperties);
  const KalturaConnectionSettings defaults;
  g_object_class_install_property(klass, first_id + PARTNER_ID,
      g_param_spec_int("partner-id", "Partner ID", "Kaltura partner id (0: $KALTURA_PARTNER_ID)", 0, G_MAXINT, 0,
                       kKalturaSettingFlags));
  g_object_class_install_property(klass, first_id + SESSION_TYPE,
      g_param_spec_enum("session-type", "Session type",
                        "Type of the session started with the secret (default: $KALTURA_SESSION_TYPE, else admin)",
                        session_type_enum(), defaults.session_type, kKalturaSettingFlags));
  g_object_class_install_property(klass, first_id + SSL_STRICT,
      g_param_spec_boolean("ssl-strict", "SSL strict", "Refuse servers whose TLS certificate cannot be verified",
                           defaults.ssl_strict, kKalturaSettingFlags));
  g_object_class_install_property(klass, first_id + REQUEST_TIMEOUT,
      g_param_spec_uint(timeout.name, "Request timeout", timeout.blurb, 1, 3600, defaults.request_timeout_seconds,
                        kKalturaSettingFlags));
  g_object_class_install_property(klass, first_id + RETRIES,
      g_param_spec_int("retries", "Retries",
                       "Retries of a failed request (backoff with jitter) before the element fails",
                       0, 100, defaults.retries, kKalturaSettingFlags));
}

bool kaltura_connection_set(KalturaConnectionSettings& settings, guint first_id, guint property_id,
                            const GValue* value) {
  if (property_id < first_id || property_id >= first_id + kKalturaConnectionPropertyCount) return false;
  const guint offset = property_id - first_id;
  if (set_string_property(settings, kStringProperties, offset, value)) return true;
  switch (offset) {
    case PARTNER_ID: settings.partner_id = g_value_get_int(value); return true;
    case SESSION_TYPE:
      settings.session_type = g_value_get_enum(value);
      settings.session_type_set = true;
      return true;
    case SSL_STRICT: settings.ssl_strict = g_value_get_boolean(value); return true;
    case REQUEST_TIMEOUT: settings.request_timeout_seconds = g_value_get_uint(value); return true;
    case RETRIES: settings.retries = g_value_get_int(value); return true;
    default: return false;
  }
}

bool kaltura_connection_get(const KalturaConnectionSettings& settings, guint first_id, guint property_id,
                            GValue* value) {
  if (property_id < first_id || property_id >= first_id + kKalturaConnectionPropertyCount) return false;
  const guint offset = property_id - first_id;
  if (get_string_property(settings, kStringProperties, offset, value)) return true;
  switch (offset) {
    case PARTNER_ID: g_value_set_int(value, settings.partner_id); return true;
    case SESSION_TYPE: g_value_set_enum(value, settings.session_type); return true;
    case SSL_STRICT: g_value_set_boolean(value, settings.ssl_strict); return true;
    case REQUEST_TIMEOUT: g_value_set_uint(value, settings.request_timeout_seconds); return true;
    case RETRIES: g_value_set_int(value, settings.retries); return true;
    default: return false;
  }
}
