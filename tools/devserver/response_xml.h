// The format=2 response body (protocol §3.5): the same result trees the JSON
// writer takes, written as Kaltura's XML envelope
//   <?xml version="1.0" encoding="utf-8"?><xml><result>…</result><executionTime>…</executionTime></xml>
// with no whitespace between elements (the official clients read every
// child node as an element). In a result:
// - an object is <objectType>…</objectType> first, then one element per
//   non-null property;
// - an array is one <item> per element; a map (an object without
//   objectType) is one <item><itemKey>key</itemKey>value</item> per entry;
// - booleans are 1 and 0, null is an empty element;
// - an error is <error><objectType>KalturaAPIException</objectType><code/>
//   <message/><args><item><objectType>KalturaApiExceptionArg</objectType>
//   <name/><value/></item>…</args></error>;
// - a multirequest's result, an array, holds one <item> per call: its
//   result or its error.
#pragma once

#include <json-glib/json-glib.h>

#include <string>

namespace devserver {

inline constexpr const char* kXmlContentType = "text/xml";

// The whole body for one result, or for a multirequest's array of results;
// execution_time is in seconds.
std::string write_response_xml(JsonNode* result, double execution_time);

}  // namespace devserver
