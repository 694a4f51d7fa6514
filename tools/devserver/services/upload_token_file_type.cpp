#include "upload_token_file_type.h"

#include <array>
#include <cctype>

namespace devserver {

std::string sanitised_extension(const std::string& file_name) {
  auto slash = file_name.find_last_of("/\\");
  std::string base = slash == std::string::npos ? file_name : file_name.substr(slash + 1);
  auto dot = base.rfind('.');
  if (dot == std::string::npos) return "";
  std::string extension;
  for (char c : base.substr(dot + 1)) {
    auto byte = static_cast<unsigned char>(c);
    if (std::isalnum(byte) && byte < 0x80) extension += static_cast<char>(std::tolower(byte));
    if (extension.size() == 16) break;
  }
  return extension;
}

bool is_restricted_extension(const std::string& extension) {
  static constexpr std::array<const char*, 8> kRestricted = {"exe", "bat", "cmd", "com", "scr", "msi", "php", "phtml"};
  for (const char* restricted : kRestricted)
    if (extension == restricted) return true;
  return false;
}

}  // namespace devserver
