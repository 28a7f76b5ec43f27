// DedicatedThread: tasks run on its own thread, with its stack, errors come back.
#include <gtest/gtest.h>

#include <pthread.h>

#include <cstddef>
#include <stdexcept>
#include <thread>

#include "methods/common/dedicated_thread.hpp"

namespace marina {
namespace {

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
  // What the thread itself reports (a recursion that measures addresses would be fooled by
  // AddressSanitizer's fake stacks).
  for (std::size_t bytes : {std::size_t{1} << 20, std::size_t{64} << 20}) {
    DedicatedThread t(bytes);
    std::size_t size = 0;
    t.run([&] {
      pthread_attr_t attr;
      ASSERT_EQ(pthread_getattr_np(pthread_self(), &attr), 0);
      pthread_attr_getstacksize(&attr, &size);
      pthread_attr_destroy(&attr);
    });
    EXPECT_GE(size, bytes);
    EXPECT_LT(size, bytes + (std::size_t{1} << 20));
  }
}

}  // namespace
}  // namespace marina
