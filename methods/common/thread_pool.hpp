// A small pool of threads for one batch of independent tasks at a time (issue 11: the
// workers' steps of a round on every core). The calling thread is one of the pool's
// threads: finish(i) runs task i itself unless a pool thread already began it, so a pool of
// `threads` keeps threads - 1 helpers and never leaves the caller idle while work is left.
//
// Which thread runs a task never changes its result: tasks must not share mutable state,
// and whatever combines their results does it in a fixed order after finish().
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace marina {

// 0 = the machine's cores (at least 1).
int resolve_thread_count(int requested);

class ThreadPool {
 public:
  explicit ThreadPool(int threads);  // threads >= 1
  ~ThreadPool();
  ThreadPool(const ThreadPool&) = delete;
  ThreadPool& operator=(const ThreadPool&) = delete;

  int threads() const { return static_cast<int>(helpers_.size()) + 1; }

  // Hands tasks 0 .. count-1 to the helper threads and returns at once. Finishes the
  // previous batch first. `task` must stay valid until the batch is finished.
  void start(std::size_t count, std::function<void(std::size_t)> task);
  // Task i of the current batch is done when this returns: run here if no helper began it,
  // else waited for, running meanwhile tasks no thread began. Rethrows what task i threw.
  void finish(std::size_t i);
  void finish_all();
  // start + finish_all.
  void run(std::size_t count, std::function<void(std::size_t)> task);

 private:
  struct Batch;
  void helper_loop();
  static void run_if_pending(Batch& b, std::size_t i);

  std::vector<std::thread> helpers_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::shared_ptr<Batch> current_;  // guarded by mutex_
  // Bumped by start() under mutex_; atomic so that an idle helper can watch it without the
  // lock for a short while before it sleeps (thread_pool.cpp, kSpinBeforeSleep).
  std::atomic<std::size_t> generation_{0};
  bool stopping_ = false;           // guarded by mutex_
};

}  // namespace marina
