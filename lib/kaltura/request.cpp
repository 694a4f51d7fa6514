#include "kaltura/request.h"

namespace kaltura {

FilePart::FilePart(std::string param_name, std::string file_name, GBytes* adopt_data)
    : param(std::move(param_name)), filename(std::move(file_name)), data(adopt_data) {}

FilePart::FilePart(const FilePart& other)
    : param(other.param), filename(other.filename), data(other.data ? g_bytes_ref(other.data) : nullptr) {}

FilePart& FilePart::operator=(const FilePart& other) {
  if (this != &other) {
    GBytes* copy = other.data ? g_bytes_ref(other.data) : nullptr;
    if (data) g_bytes_unref(data);
    param = other.param;
    filename = other.filename;
    data = copy;
  }
  return *this;
}

FilePart::FilePart(FilePart&& other) noexcept
    : param(std::move(other.param)), filename(std::move(other.filename)), data(other.data) {
  other.data = nullptr;
}

FilePart& FilePart::operator=(FilePart&& other) noexcept {
  if (this != &other) {
    if (data) g_bytes_unref(data);
    param = std::move(other.param);
    filename = std::move(other.filename);
    data = other.data;
    other.data = nullptr;
  }
  return *this;
}

FilePart::~FilePart() {
  if (data) g_bytes_unref(data);
}

size_t FilePart::size() const { return data ? g_bytes_get_size(data) : 0; }

int MultiRequest::add(Request request) {
  requests_.push_back(std::move(request));
  return static_cast<int>(requests_.size());
}

std::string MultiRequest::reference(int position, const std::string& path) {
  std::string text = "{" + std::to_string(position) + ":result";
  if (!path.empty()) text += ":" + path;
  return text + "}";
}

}  // namespace kaltura
