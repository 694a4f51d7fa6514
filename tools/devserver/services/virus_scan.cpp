#include "virus_scan.h"

#include <glib.h>

#include <fstream>

namespace devserver {

namespace {

// The standard EICAR test string: 68 bytes, which scanners accept followed
// by white space up to 128 bytes in all.
constexpr char kEicar[] = "X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*";
constexpr std::streamsize kLongestTestFile = 128;

}  // namespace

bool is_eicar_test_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::string bytes(kLongestTestFile + 1, '\0');
  in.read(bytes.data(), kLongestTestFile + 1);
  bytes.resize(static_cast<size_t>(in.gcount()));
  if (bytes.size() > static_cast<size_t>(kLongestTestFile)) return false;
  const std::string eicar = kEicar;
  if (bytes.compare(0, eicar.size(), eicar) != 0) return false;
  for (size_t i = eicar.size(); i < bytes.size(); ++i)
    if (!g_ascii_isspace(bytes[i])) return false;
  return true;
}

}  // namespace devserver
