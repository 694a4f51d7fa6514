// Kaltura refuses text parameters holding a character XML 1.0 cannot carry
// (protocol §2.2): INVALID_PARAMETER_CHAR, checked before the action runs.
#pragma once

#include <json-glib/json-glib.h>

namespace devserver {

// Throws INVALID_PARAMETER_CHAR for the first string value among a call's
// parameters that holds such a character. XML_FIELD names the parameter, or
// for a value inside an object parameter the property alone ("name" for
// entry[name]), as Kaltura does. The request's own fields (ks, format,
// clientTag...) are not action parameters and are not checked; bytes that
// are not UTF-8 are not refused either, since Kaltura drops them first.
void reject_non_xml_text(JsonObject* params);

}  // namespace devserver
