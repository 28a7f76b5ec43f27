// The thread pool under the parallel worker steps (methods/common/thread_pool.hpp): every
// task runs exactly once whatever the thread count, finish(i) returns only once task i is
// done, a task's exception reaches whoever finishes it, and one thread means "in order,
// here".
#include <gtest/gtest.h>

#include <atomic>
#include <stdexcept>
#include <thread>
#include <vector>

#include "methods/common/thread_pool.hpp"

namespace marina {
namespace {

TEST(ThreadPool, RunsEveryTaskExactlyOnceForAnyThreadCount) {
  for (int threads : {1, 2, 4, 7}) {
    ThreadPool pool(threads);
    EXPECT_EQ(pool.threads(), threads);
    for (int batch = 0; batch < 50; ++batch) {
      const std::size_t n = 1 + static_cast<std::size_t>(batch % 13);
      std::vector<std::atomic<int>> runs(n);
      pool.run(n, [&](std::size_t i) { runs[i].fetch_add(1); });
      for (std::size_t i = 0; i < n; ++i) EXPECT_EQ(runs[i].load(), 1) << threads << " threads, task " << i;
    }
  }
}

TEST(ThreadPool, FinishReturnsOnlyOnceThatTaskIsDone) {
  ThreadPool pool(3);
  const std::size_t n = 16;
  std::vector<std::atomic<int>> done(n);
  pool.start(n, [&](std::size_t i) {
    std::this_thread::sleep_for(std::chrono::microseconds(200 * (i % 4)));
    done[i].store(1);
  });
  for (std::size_t i = n; i-- > 0;) {  // backwards: the helpers have begun the first ones
    pool.finish(i);
    EXPECT_EQ(done[i].load(), 1) << i;
  }
  pool.finish_all();
}

TEST(ThreadPool, OneThreadRunsTasksHereInTheOrderFinished) {
  ThreadPool pool(1);
  std::vector<std::size_t> order;
  const auto caller = std::this_thread::get_id();
  pool.start(4, [&](std::size_t i) {
    EXPECT_EQ(std::this_thread::get_id(), caller);
    order.push_back(i);
  });
  EXPECT_TRUE(order.empty());  // nothing runs before it is asked for
  pool.finish(2);
  pool.finish_all();
  EXPECT_EQ(order, (std::vector<std::size_t>{2, 0, 1, 3}));
}

TEST(ThreadPool, ATaskErrorReachesWhoeverFinishesIt) {
  for (int threads : {1, 2}) {
    ThreadPool pool(threads);
    pool.start(6, [](std::size_t i) {
      if (i == 4) throw std::runtime_error("task 4 failed");
    });
    EXPECT_NO_THROW(pool.finish(1));
    EXPECT_THROW(pool.finish(4), std::runtime_error);
    EXPECT_THROW(pool.finish_all(), std::runtime_error);
    // The pool is usable again afterwards.
    std::atomic<int> sum{0};
    pool.run(5, [&](std::size_t i) { sum += static_cast<int>(i); });
    EXPECT_EQ(sum.load(), 10);
  }
}

TEST(ThreadPool, ZeroMeansTheMachinesCores) {
  EXPECT_GE(resolve_thread_count(0), 1);
  EXPECT_EQ(resolve_thread_count(3), 3);
}

}  // namespace
}  // namespace marina
