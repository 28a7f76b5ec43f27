// DedicatedThread: tasks run on its own thread, with its stack, errors come back.
#include <gtest/gtest.h>

#include <cstddef>
#include <stdexcept>
#include <thread>

#include "methods/common/dedicated_thread.hpp"

namespace marina {
namespace {

// Recurses `depth` times with a 1 KiB frame each; returns how far the stack grew, in bytes.
__attribute__((noinline)) std::ptrdiff_t deep(int depth, const volatile char* top) {
  volatile char frame[1024];
  frame[0] = static_cast<char>(depth);
  if (depth == 0) return top - frame;
  const std::ptrdiff_t grown = deep(depth - 1, top == nullptr ? frame : top);
  return grown + frame[0] * 0;  // uses the frame after the call, so it cannot be reused
}

TEST(DedicatedThread, RunsOnItsOwnThreadAndReturnsItsErrors) {
  DedicatedThread t(1 << 20);
  std::thread::id there;
  t.run([&] { there = std::this_thread::get_id(); });
  EXPECT_NE(there, std::this_thread::get_id());
  EXPECT_THROW(t.run([] { throw std::runtime_error("boom"); }), std::runtime_error);
  int value = 0;
  t.run([&] { value = 7; });  // still serving after an error
  EXPECT_EQ(value, 7);
}

TEST(DedicatedThread, StackOfTheRequestedSize) {
  // 24 MiB of frames: more than a default 8 MiB thread stack holds.
  DedicatedThread t(std::size_t{64} << 20);
  std::ptrdiff_t grown = 0;
  t.run([&] { grown = deep(24 * 1024, nullptr); });
  EXPECT_GT(grown, std::ptrdiff_t{24} << 20);
}

}  // namespace
}  // namespace marina
