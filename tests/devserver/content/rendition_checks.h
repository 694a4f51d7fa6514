// Helpers of the conversion tests: an entry's flavor by params, the bytes of
// a READY flavor as a client downloads them, and the checks that a READY
// rendition reports what its file holds.
#pragma once

#include <string>

#include "content_test_api.h"
#include "discovered_media.h"

namespace content_test {

using testing_support::DiscoveredMedia;
using testing_support::discover_media;

// The entry's flavor of these params (asserts there is one).
Result flavor_with_params(const Api& api, const std::string& entry_id, int params_id);
// flavorAsset.getUrl, then a GET of that URL (asserts 200).
std::string download_flavor(const Api& api, const std::string& flavor_id);
// A new entry with this conversion profile whose content is `media`;
// returns the entry id once the entry is READY or ERROR_CONVERTING.
std::string converted_entry(const Api& api, int profile_id, const std::string& media, const std::string& file_name);
// Polls flavorAsset.list until the entry has `count` flavors, all finished
// (READY, NOT_APPLICABLE or ERROR); returns the list.
Result wait_for_flavors(const Api& api, const std::string& entry_id, size_t count);
// What a rendition's file is made of, as the API and GstDiscoverer name it.
struct RenditionFormat {
  const char* file_ext;
  const char* container_format;  // the flavor's containerFormat
  const char* video_caps;        // GstDiscoverer's video codec
  const char* video_codec_id;    // the flavor's videoCodecId
  const char* audio_caps;        // GstDiscoverer's audio codec
  int audio_mpeg_version;        // 4 for AAC; 0 for other audio
};
constexpr RenditionFormat kMp4Rendition = {"mp4", "isom", "video/x-h264", "avc1", "audio/mpeg", 4};
constexpr RenditionFormat kWebmRendition = {"webm", "webm", "video/x-vp8", "vp8", "audio/x-vorbis", 0};
constexpr RenditionFormat k3gpRendition = {"3gp", "3gp", "video/x-h263", "s263", "audio/mpeg", 4};

// Downloads the READY flavor and checks that its API fields (size, width,
// height, frame rate, codec, container, bitrate) match the file, which is
// returned as GstDiscoverer sees it.
DiscoveredMedia check_ready_rendition(const Api& api, const Result& flavor,
                                      const RenditionFormat& format = kMp4Rendition);

}  // namespace content_test
