#include "raw_http.h"

#include <libsoup/soup.h>

namespace testing_support {

std::string form_encode(const Fields& fields) {
  std::string out;
  for (const auto& [key, value] : fields) {
    if (!out.empty()) out += '&';
    g_autofree char* k = g_uri_escape_string(key.c_str(), nullptr, FALSE);
    g_autofree char* v = g_uri_escape_string(value.c_str(), nullptr, FALSE);
    out += k;
    out += '=';
    out += v;
  }
  return out;
}

HttpResponse http_request(const std::string& method, const std::string& url, const std::string& content_type,
                          const std::string& body, const std::map<std::string, std::string>& headers) {
  HttpResponse response;
  g_autoptr(SoupSession) session = soup_session_new_with_options("timeout", 120, nullptr);
  g_autoptr(SoupMessage) msg = soup_message_new(method.c_str(), url.c_str());
  if (!msg) {
    response.transport_error = "bad URL " + url;
    return response;
  }
  for (const auto& [name, value] : headers)
    soup_message_headers_replace(soup_message_get_request_headers(msg), name.c_str(), value.c_str());
  if (!content_type.empty() || !body.empty()) {
    g_autoptr(GBytes) bytes = g_bytes_new(body.data(), body.size());
    soup_message_set_request_body_from_bytes(msg, content_type.empty() ? nullptr : content_type.c_str(), bytes);
  }
  g_autoptr(GError) error = nullptr;
  g_autoptr(GBytes) reply = soup_session_send_and_read(session, msg, nullptr, &error);
  if (!reply) {
    response.transport_error = error ? error->message : "no response";
    return response;
  }
  response.status = soup_message_get_status(msg);
  SoupMessageHeadersIter iter;
  const char* name;
  const char* value;
  soup_message_headers_iter_init(&iter, soup_message_get_response_headers(msg));
  while (soup_message_headers_iter_next(&iter, &name, &value)) {
    g_autofree char* lower = g_ascii_strdown(name, -1);
    response.headers[lower] = value;
  }
  gsize size = 0;
  const char* data = static_cast<const char*>(g_bytes_get_data(reply, &size));
  response.body.assign(data ? data : "", size);
  return response;
}

HttpResponse post_form(const std::string& url, const Fields& fields) {
  return http_request("POST", url, "application/x-www-form-urlencoded", form_encode(fields));
}

HttpResponse post_json(const std::string& url, const std::string& json_text) {
  return http_request("POST", url, "application/json", json_text);
}

HttpResponse post_multipart(const std::string& url, const Fields& fields, const std::vector<MultipartFile>& files) {
  const std::string boundary = "----gst-kaltura-test-boundary-7d9a";
  std::string body;
  for (const auto& [key, value] : fields) {
    body += "--" + boundary + "\r\n";
    body += "Content-Disposition: form-data; name=\"" + key + "\"\r\n\r\n";
    body += value + "\r\n";
  }
  for (const auto& file : files) {
    body += "--" + boundary + "\r\n";
    body += "Content-Disposition: form-data; name=\"" + file.name + "\"";
    if (!file.filename.empty()) body += "; filename=\"" + file.filename + "\"";
    body += "\r\nContent-Type: application/octet-stream\r\n\r\n";
    body += file.data + "\r\n";
  }
  body += "--" + boundary + "--\r\n";
  return http_request("POST", url, "multipart/form-data; boundary=" + boundary, body);
}

}  // namespace testing_support
