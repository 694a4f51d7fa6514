#include "asf_headers.h"

#include <cstdint>

namespace {

using Guid = std::string;  // 16 bytes as they lie in a file

// From its text form: the first three fields are stored little-endian.
Guid guid(const char* text) {
  const auto byte_at = [&](int at) { return static_cast<char>(std::stoi(std::string(text + at, 2), nullptr, 16)); };
  Guid bytes;
  for (int at : {6, 4, 2, 0, 11, 9, 16, 14}) bytes += byte_at(at);
  for (int at : {19, 21, 24, 26, 28, 30, 32, 34}) bytes += byte_at(at);
  return bytes;
}

std::string le(uint64_t value, int bytes) {
  std::string text;
  for (int i = 0; i < bytes; ++i) text += static_cast<char>((value >> (8 * i)) & 0xff);
  return text;
}

// An object: its GUID, its size (GUID and size included), its data.
std::string object(const Guid& id, const std::string& data) { return id + le(24 + data.size(), 8) + data; }

std::string stream_properties(AsfStream::Kind kind, int number) {
  const Guid type = kind == AsfStream::Kind::Audio   ? guid("F8699E40-5B4D-11CF-A8FD-00805F5C442B")
                    : kind == AsfStream::Kind::Video ? guid("BC19EFC0-5B4D-11CF-A8FD-00805F5C442B")
                                                     : guid("3AFB65E2-47EF-40F2-AC2C-70A90D71D343");
  const std::string type_specific(kind == AsfStream::Kind::Video ? 51 : 18, '\0');
  return object(guid("B7DC0791-A9B7-11CF-8EE6-00C00C205365"), type + guid("20FB5700-5B55-11CF-A8FD-00805F5C442B") +
                                                                  le(0, 8) + le(type_specific.size(), 4) + le(0, 4) +
                                                                  le(number, 2) + le(0, 4) + type_specific);
}

std::string extended_stream_properties(const std::string& stream_properties, int number) {
  // Start and end time, bitrates, buffer sizes, fullness, object size, flags.
  std::string fixed(8 + 8 + 4 * 8, '\0');
  fixed += le(number, 2) + le(0, 2) + le(0, 8) + le(0, 2) + le(0, 2);
  return object(guid("14E6A5CB-C672-4332-8399-A96952065B5A"), fixed + stream_properties);
}

}  // namespace

std::string asf_file_start(const std::vector<AsfStream>& streams) {
  std::string file_properties(16 + 8 * 6 + 4 * 3, '\0');
  std::string objects = object(guid("8CABDCA1-A947-11CF-8EE4-00C00C205365"), file_properties);
  int count = 1;
  std::string extension_data;
  int number = 0;
  for (const AsfStream& stream : streams) {
    const std::string properties = stream_properties(stream.kind, ++number);
    if (stream.in_header_extension) {
      extension_data += extended_stream_properties(properties, number);
    } else {
      objects += properties;
      ++count;
    }
  }
  if (!extension_data.empty()) {
    objects +=
        object(guid("5FBF03B5-A92E-11CF-8EE3-00C00C205365"),
               guid("ABD3D211-A9BA-11CF-8EE6-00C00C205365") + le(6, 2) + le(extension_data.size(), 4) + extension_data);
    ++count;
  }
  const std::string header =
      object(guid("75B22630-668E-11CF-A6D9-00AA0062CE6C"), le(count, 4) + std::string("\x01\x02", 2) + objects);
  const std::string data_start = guid("75B22636-668E-11CF-A6D9-00AA0062CE6C") + le(50, 8) + std::string(16, '\0') +
                                 le(0, 8) + std::string("\x01\x01", 2);
  return header + data_start;
}
