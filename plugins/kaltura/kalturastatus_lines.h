// kalturastatus' output: one JSON object per line for each kaltura-*
// message it posts, e.g.
//   {"time":"2026-01-01T10:00:00.250Z","message":"kaltura-entry-status","entry-id":"0_ab12cd34","status":2,"status-name":"READY"}
// "time" is when the change was seen (UTC), "message" the message's name,
// and the message's fields follow with the same names and values, but for a
// field named "message" (kaltura-retrying's), written as "text".
#pragma once

#include <gst/gst.h>

#include <string>

// The line, with its trailing newline.
std::string kaltura_status_line(const GstStructure* message);
