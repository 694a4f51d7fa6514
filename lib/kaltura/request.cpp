#include "kaltura/request.h"

#include <utility>

namespace kaltura {

FilePart::FilePart(std::string param_name, std::string file_name, GBytes* adopt_data)
    : FilePart(std::move(param_name), std::move(file_name),
               adopt_data ? std::vector<GBytes*>{adopt_data} : std::vector<GBytes*>{}) {}

FilePart::FilePart(std::string param_name, std::string file_name, std::vector<GBytes*> adopt_blocks)
    : param(std::move(param_name)), filename(std::move(file_name)) {
  for (GBytes* block : adopt_blocks) {
    const size_t block_size = g_bytes_get_size(block);
    if (block_size == 0) {
      g_bytes_unref(block);
      continue;
    }
    size_ += block_size;
    blocks_.push_back(block);
  }
}

FilePart::FilePart(const FilePart& other)
    : param(other.param), filename(other.filename), blocks_(other.blocks_), size_(other.size_) {
  for (GBytes* block : blocks_) g_bytes_ref(block);
}

FilePart& FilePart::operator=(const FilePart& other) {
  if (this != &other) {
    FilePart copy(other);
    *this = std::move(copy);
  }
  return *this;
}

FilePart::FilePart(FilePart&& other) noexcept
    : param(std::move(other.param)),
      filename(std::move(other.filename)),
      blocks_(std::exchange(other.blocks_, {})),
      size_(std::exchange(other.size_, 0)) {}

FilePart& FilePart::operator=(FilePart&& other) noexcept {
  if (this != &other) {
    release();
    param = std::move(other.param);
    filename = std::move(other.filename);
    blocks_ = std::exchange(other.blocks_, {});
    size_ = std::exchange(other.size_, 0);
  }
  return *this;
}

FilePart::~FilePart() { release(); }

void FilePart::release() {
  for (GBytes* block : blocks_) g_bytes_unref(block);
  blocks_.clear();
  size_ = 0;
}

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
