// What the elements upstream of the sink tell about the stream: what a
// container holds, from the streams the element that makes it takes in
// (mp4mux, flvmux, oggmux and mpegtsmux say the same caps whether they mux
// video or only audio, but their inputs tell), and how long a file a source
// reads is.
#pragma once

#include <gst/gst.h>

#include <cstdint>

// What the first element upstream of sink_pad that changes the caps tells
// (elements that pass them through, such as queue or taginject, are looked
// past, and so are those with no caps on either side).
struct UpstreamFacts {
  // From the current caps of its inputs: 1 when an input is video or images
  // (a muxer makes a video of them), else 5 when one is audio; 0 when it has
  // no inputs (a source) or none of those.
  int media_type = 0;
  // When it is a source that tells the size of what it gives (filesrc: its
  // file's size), that size; else -1.
  int64_t source_size = -1;
};

UpstreamFacts what_upstream_tells(GstPad* sink_pad);
