// The upload engine's cutting and patching, without a server: chunk
// boundaries, slices shared with the input (no copies), rewrites of the head
// and the tail, refusal of rewrites into uploaded bytes, and the chunk size
// growing so a long stream stays within 10,000 chunks.
#include <glib.h>

#include <string>
#include <vector>

#include "kaltura/upload/chunk_assembler.h"

using kaltura::upload::BytesRef;
using kaltura::upload::Chunk;
using kaltura::upload::ChunkAssembler;
using kaltura::upload::RewriteError;

namespace {

constexpr uint64_t kReserve = ChunkAssembler::kTailReserve;

BytesRef bytes_of(const std::string& text) { return BytesRef::adopt(g_bytes_new(text.data(), text.size())); }

// The chunk's bytes, slice after slice, as the upload sends them.
std::string text_of(const Chunk& chunk) {
  std::string text;
  for (GBytes* slice : chunk.data.new_refs()) {
    gsize size = 0;
    const char* data = static_cast<const char*>(g_bytes_get_data(slice, &size));
    text.append(data ? data : "", size);
    g_bytes_unref(slice);
  }
  return text;
}

// Reassembles chunks by offset into the file they describe.
std::string file_of(const std::vector<Chunk>& chunks, uint64_t total) {
  std::string file(total, '?');
  for (const auto& chunk : chunks) file.replace(chunk.offset, chunk.data.size(), text_of(chunk));
  return file;
}

void append(std::vector<Chunk>& all, std::vector<Chunk> more) {
  for (auto& chunk : more) all.push_back(std::move(chunk));
}

void test_cuts_at_boundaries_without_copying() {
  ChunkAssembler assembler(1000, 0);
  const std::string input(3000 + kReserve, 'x');
  BytesRef buffer = bytes_of(input);
  std::vector<Chunk> chunks = assembler.write(buffer);
  g_assert_cmpuint(chunks.size(), ==, 3u);
  for (size_t i = 0; i < chunks.size(); ++i) {
    g_assert_cmpuint(chunks[i].offset, ==, i * 1000);
    g_assert_cmpuint(chunks[i].data.size(), ==, 1000u);
    // One slice pointing into the input's memory: nothing was copied.
    g_assert_cmpuint(chunks[i].data.slice_count(), ==, 1u);
    GBytes* slice = chunks[i].data.new_refs().front();
    g_assert_true(g_bytes_get_data(slice, nullptr) ==
                  static_cast<const char*>(g_bytes_get_data(buffer.get(), nullptr)) + i * 1000);
    g_bytes_unref(slice);
  }
  std::vector<Chunk> rest = assembler.finish();
  g_assert_cmpuint(rest.size(), ==, 1u);
  g_assert_cmpuint(rest[0].offset, ==, 3000u);
  g_assert_cmpuint(rest[0].data.size(), ==, kReserve);
}

void test_head_and_tail_rewrites() {
  ChunkAssembler assembler(1000, 100);
  std::vector<Chunk> chunks;
  std::string expected;
  for (int i = 0; i < 40; ++i) {  // 40 x 2000 bytes of distinct content
    std::string piece(2000, static_cast<char>('a' + i % 26));
    expected += piece;
    append(chunks, assembler.write(bytes_of(piece)));
  }
  g_assert_cmpuint(chunks.size(), >, 0u);
  // Patch the head (as mp4mux patches its mdat size) and the last bytes (as
  // matroskamux does), then go back to the end and append.
  assembler.seek(32);
  append(chunks, assembler.write(bytes_of("HEAD")));
  expected.replace(32, 4, "HEAD");
  const uint64_t end = assembler.size();
  assembler.seek(end - 10);
  append(chunks, assembler.write(bytes_of("TAIL-PATCHED-AND-LONGER")));
  expected.replace(end - 10, 10, "TAIL-PATCHED-AND-LONGER");
  append(chunks, assembler.finish());
  g_assert_cmpuint(assembler.size(), ==, expected.size());
  g_assert_true(file_of(chunks, expected.size()) == expected);
  // The head is handed out last, at offset 0, with its patch.
  g_assert_cmpuint(chunks.back().offset, ==, 0u);
  g_assert_cmpuint(chunks.back().data.size(), ==, 100u);
}

void test_rewrite_into_uploaded_bytes_is_refused() {
  ChunkAssembler assembler(1000, 100);
  assembler.write(bytes_of(std::string(5000 + kReserve, 'z')));
  assembler.seek(500);  // inside the first chunk after the head: already handed out
  bool refused = false;
  try {
    assembler.write(bytes_of("late"));
  } catch (const RewriteError& error) {
    refused = true;
    g_assert_cmpuint(error.position(), ==, 500u);
  }
  g_assert_true(refused);
  // A jump past the end is refused too: the gap would be undefined bytes.
  assembler.seek(assembler.size() + 1);
  g_assert_false(assembler.can_write(assembler.position(), 1));
}

// Content that differs from byte to byte, so a misplaced piece shows.
std::string distinct(uint64_t from, uint64_t length) {
  std::string text(length, '\0');
  for (uint64_t i = 0; i < length; ++i) text[i] = static_cast<char>(((from + i) * 2654435761u) >> 11);
  return text;
}

// matroskamux patches each cluster's size when the cluster ends, the first
// inside the held head: that rewrite widens the reserve to twice its
// distance, so the next cluster's patch, as far back, still lands.
void test_rewrites_widen_the_tail_reserve() {
  constexpr uint64_t kChunk = 65536;
  ChunkAssembler assembler(kChunk, kChunk);
  std::vector<Chunk> chunks;
  std::string expected;
  auto write_at = [&](uint64_t position, const std::string& bytes) {
    assembler.seek(position);
    append(chunks, assembler.write(bytes_of(bytes)));
    if (expected.size() < position + bytes.size()) expected.resize(position + bytes.size());
    expected.replace(position, bytes.size(), bytes);
  };
  write_at(0, distinct(0, 100));         // a header
  write_at(100, distinct(100, 100000));  // cluster 1
  g_assert_cmpuint(assembler.tail_reserve(), ==, kReserve);
  write_at(100, "SIZE0001");  // its size, 100000 bytes back, inside the head
  g_assert_cmpuint(assembler.tail_reserve(), ==, 200000u);
  write_at(100100, distinct(100100, 150000));  // cluster 2, longer
  write_at(100100, "SIZE0002");                // 150000 bytes back: past kReserve, within the wider reserve
  write_at(250100, distinct(250100, 400000));
  g_assert_cmpuint(chunks.size(), >, 3u);
  const uint64_t held_back = assembler.size() - (chunks.back().offset + chunks.back().data.size());
  g_assert_cmpuint(held_back, >=, 200000u);
  // The rest goes in chunks of the usual size (the last with the reserve), then the head.
  std::vector<Chunk> rest = assembler.finish();
  g_assert_cmpuint(rest.size(), >=, 3u);
  for (const auto& chunk : rest) g_assert_cmpuint(chunk.data.size(), <=, kChunk + kReserve);
  g_assert_cmpuint(rest.back().offset, ==, 0u);
  append(chunks, std::move(rest));
  g_assert_true(file_of(chunks, expected.size()) == expected);
}

// The tail reserve after `written` bytes and a rewrite at `position`.
uint64_t reserve_after_rewrite(uint64_t chunk_size, uint64_t written, uint64_t position) {
  ChunkAssembler assembler(chunk_size, chunk_size);
  assembler.write(bytes_of(distinct(0, written)));
  assembler.seek(position);
  assembler.write(bytes_of("SIZE"));
  return assembler.tail_reserve();
}

// A rewrite close to the end (a first cluster cut short) still makes room
// for a chunk.
void test_tail_reserve_is_at_least_a_chunk() {
  g_assert_cmpuint(reserve_after_rewrite(262144, 100000, 99000), ==, 262144u);
}

// However far back upstream rewrites (mp4mux patches its header at EOS), the
// reserve stops at kMaxReserveChunks chunks: memory stays bounded.
void test_tail_reserve_is_bounded() {
  g_assert_cmpuint(reserve_after_rewrite(65536, 3000000, 10), ==, ChunkAssembler::kMaxReserveChunks * 65536);
}

void test_chunk_size_grows() {
  ChunkAssembler assembler(16, 0);
  uint64_t count = 0, total = 0;
  uint64_t expected_size = 16;
  // Enough bytes for 3 size steps.
  const std::string piece(4096, 'g');
  while (assembler.chunks_cut() < ChunkAssembler::kChunksAtSetSize + 3 * ChunkAssembler::kChunksPerSizeStep + 10) {
    for (auto& chunk : assembler.write(bytes_of(piece))) {
      g_assert_cmpuint(chunk.offset, ==, total);
      if (count >= ChunkAssembler::kChunksAtSetSize &&
          (count - ChunkAssembler::kChunksAtSetSize) % ChunkAssembler::kChunksPerSizeStep == 0)
        expected_size *= 2;
      g_assert_cmpuint(chunk.data.size(), ==, expected_size);
      total += chunk.data.size();
      ++count;
    }
  }
  // Three steps taken; the next chunk is at the size the schedule says.
  g_assert_cmpuint(expected_size, >=, 16u * 8);
  const bool next_grows = (count - ChunkAssembler::kChunksAtSetSize) % ChunkAssembler::kChunksPerSizeStep == 0;
  g_assert_cmpuint(assembler.chunk_size(), ==, next_grows ? expected_size * 2 : expected_size);
}

// What the growth promises: 10,000 chunks hold at least a million times the
// set chunk size, while the first 5,000 keep it.
void test_ten_thousand_chunks_hold_a_million_sizes() {
  ChunkAssembler assembler(1, 0);
  const std::string piece(65536, 'm');
  uint64_t cut = 0, at_set_size = 0, held = 0;
  while (cut < 10000) {
    for (auto& chunk : assembler.write(bytes_of(piece))) {
      if (++cut > 10000) break;
      if (chunk.data.size() == 1) ++at_set_size;
      held = chunk.offset + chunk.data.size();
    }
  }
  g_assert_cmpuint(at_set_size, ==, 5000);
  g_assert_cmpuint(held, >=, 1000000);
}

}  // namespace

int main(int argc, char** argv) {
  g_test_init(&argc, &argv, nullptr);
  g_test_add_func("/chunk-assembler/boundaries-without-copying", test_cuts_at_boundaries_without_copying);
  g_test_add_func("/chunk-assembler/head-and-tail-rewrites", test_head_and_tail_rewrites);
  g_test_add_func("/chunk-assembler/rewrite-into-uploaded-bytes", test_rewrite_into_uploaded_bytes_is_refused);
  g_test_add_func("/chunk-assembler/rewrites-widen-the-tail-reserve", test_rewrites_widen_the_tail_reserve);
  g_test_add_func("/chunk-assembler/tail-reserve-is-at-least-a-chunk", test_tail_reserve_is_at_least_a_chunk);
  g_test_add_func("/chunk-assembler/tail-reserve-is-bounded", test_tail_reserve_is_bounded);
  g_test_add_func("/chunk-assembler/chunk-size-grows", test_chunk_size_grows);
  g_test_add_func("/chunk-assembler/ten-thousand-chunks-hold-a-million-sizes",
                  test_ten_thousand_chunks_hold_a_million_sizes);
  return g_test_run();
}
