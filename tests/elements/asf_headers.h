// The start of an ASF file (.asf, .wma, .wmv) declaring the given streams:
// no muxer for ASF is among the dependencies, so tests write its header
// objects themselves, laid out as the ASF specification gives them.
#pragma once

#include <string>
#include <vector>

struct AsfStream {
  enum class Kind { Audio, Video, Binary } kind;
  // Declared inside the Header Extension Object (an Extended Stream
  // Properties Object holding its Stream Properties Object), not at the top.
  bool in_header_extension = false;
};

// The Header Object with a File Properties Object and the streams, then the
// start of the Data Object.
std::string asf_file_start(const std::vector<AsfStream>& streams);
