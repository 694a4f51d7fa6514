// What the caps of the stream a sink receives say about the file: the
// extension Kaltura needs in the upload's file name, and the media type of
// a new entry (which Kaltura's media.add requires).
#pragma once

#include <gst/gst.h>

#include <string>

struct ContainerFormat {
  std::string extension = "bin";  // without the dot; "bin" when no caps, or caps that say nothing useful
  int media_type = 0;             // 1 video, 2 image, 5 audio; 0 when the format may hold either
  // MPEG-TS and Ogg: their muxers write strictly forward, never going back to
  // patch a header.
  bool written_forward_only = false;

  bool known() const { return extension != "bin"; }
};

ContainerFormat container_format_from_caps(const GstCaps* caps);

// The media type a file name's extension tells (case aside): 1 video, 2 image,
// 5 audio; 0 for extensions of formats that may hold either (ts, flv, avi...)
// and for unknown ones.
int media_type_of_extension(const std::string& extension);

// A document entry's documentType for a file name's extension, as Kaltura
// sets it: 13 for pdf, 12 for swf, 11 for anything else.
int document_type_of_extension(const std::string& extension);
