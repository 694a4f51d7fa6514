// What the elements upstream of the sink tell about the stream: what a
// container holds, from the streams the element that makes it takes in
// (mp4mux, flvmux, oggmux and mpegtsmux say the same caps whether they mux
// video or only audio, but their inputs tell), and how long a file a source
// reads is.
#pragma once

#include <gst/gst.h>

#include <cstdint>

// The media type of what reaches sink_pad, from the current caps of the
// inputs of the first element upstream that changes the caps (elements that
// pass them through, such as queue or taginject, are looked past, and so are
// those with no caps on either side): 1 when an input is video, else 2 when
// one is an image, else 5 when one is audio; 0 when that element has no
// inputs (a source) or none of those.
int media_type_of_upstream_streams(GstPad* sink_pad);

// The size in bytes that the source upstream gives, when the first element
// upstream that changes the caps is a source and tells it (filesrc: its
// file's size); else -1.
int64_t size_of_upstream_source(GstPad* sink_pad);
