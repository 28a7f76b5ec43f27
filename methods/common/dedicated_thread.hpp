// One thread with a stack of a chosen size that runs the tasks handed to it, one at a time,
// while the caller waits (issue 18: "torch needs real stacks").
//
// Why: a worker's step runs wherever the simulator calls it — on a pool thread, but also
// inside a SimGrid actor (run.threads = 1, runs with faults, and ParallelSteps::take, which
// computes a step on the calling actor when no pool thread has begun it). Actor stacks are
// as small as contexts/stack-size says (16 KiB in the large-run settings, docs/performance.md),
// far below what a libtorch forward and backward pass uses. Handing the pass to a thread
// whose stack we size ourselves makes the caller's stack irrelevant; the hand-off costs
// some microseconds against milliseconds of gradient.
//
// The caller blocks in a plain condition variable wait. Under SimGrid that blocks the one
// OS thread of the simulation for the duration of the task, which is what a synchronous
// computation inside an actor does anyway.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <exception>
#include <functional>
#include <mutex>

#include <pthread.h>

namespace marina {

class DedicatedThread {
 public:
  // Throws std::system_error when the thread cannot be created.
  explicit DedicatedThread(std::size_t stack_bytes);
  ~DedicatedThread();
  DedicatedThread(const DedicatedThread&) = delete;
  DedicatedThread& operator=(const DedicatedThread&) = delete;

  // Runs `task` on the thread and returns when it is done, rethrowing what it threw.
  // Callers on several threads are served one after another.
  void run(const std::function<void()>& task);

 private:
  static void* main(void* self);
  void loop();

  std::mutex callers_;  // one task at a time
  std::mutex mutex_;
  std::condition_variable changed_;
  const std::function<void()>* task_ = nullptr;  // guarded by mutex_
  bool done_ = false;                            // guarded by mutex_
  bool stopping_ = false;                        // guarded by mutex_
  std::exception_ptr error_;
  pthread_t thread_{};
};

}  // namespace marina
