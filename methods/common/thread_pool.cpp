#include "methods/common/thread_pool.hpp"

#include <atomic>
#include <cassert>
#include <chrono>
#include <exception>

namespace marina {
namespace {

// How long an idle thread watches for work before it sleeps on a condition variable. The
// paper's mushrooms round gives each worker about 6 us of numerics: a sleeping thread takes
// longer than that to be woken (a futex call each way), so without this window the second
// thread made the round slower, not faster. Between two rounds the server aggregates and
// SimGrid moves the messages, some tens of microseconds; a thread that is still watching
// then starts at once. The window is short so that an idle pool costs nothing measurable.
constexpr auto kSpinBeforeSleep = std::chrono::microseconds(100);

// Calls done() until it is true or the window has passed; true if it became true.
template <class Done>
bool spin_until(Done done) {
  const auto until = std::chrono::steady_clock::now() + kSpinBeforeSleep;
  for (int i = 0;; ++i) {
    if (done()) return true;
    if ((i & 63) == 63 && std::chrono::steady_clock::now() > until) return false;
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#endif
  }
}

}  // namespace

int resolve_thread_count(int requested) {
  if (requested > 0) return requested;
  const unsigned cores = std::thread::hardware_concurrency();
  return cores > 0 ? static_cast<int>(cores) : 1;
}

struct ThreadPool::Batch {
  enum State : int { pending = 0, running = 1, done = 2 };
  Batch(std::size_t n, std::function<void(std::size_t)> t) : task(std::move(t)), state(n), error(n), count(n) {}
  std::function<void(std::size_t)> task;
  std::vector<std::atomic<int>> state;
  std::vector<std::exception_ptr> error;  // written by the task's runner before state = done
  std::size_t count;
  std::atomic<std::size_t> next{0};  // helpers take tasks in order from here
  std::mutex mutex;
  std::condition_variable finished;
};

ThreadPool::ThreadPool(int threads) {
  assert(threads >= 1);
  for (int t = 1; t < threads; ++t) helpers_.emplace_back([this] { helper_loop(); });
}

ThreadPool::~ThreadPool() {
  try {
    finish_all();
  } catch (...) {
    // The batch's owner is unwinding already; its error was or will be reported there.
  }
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  for (auto& t : helpers_) t.join();
}

void ThreadPool::run_if_pending(Batch& b, std::size_t i) {
  int expected = Batch::pending;
  if (!b.state[i].compare_exchange_strong(expected, Batch::running)) return;
  try {
    b.task(i);
  } catch (...) {
    b.error[i] = std::current_exception();
  }
  {
    std::lock_guard lock(b.mutex);
    b.state[i].store(Batch::done);
  }
  b.finished.notify_all();
}

void ThreadPool::helper_loop() {
  std::size_t seen = 0;
  for (;;) {
    std::shared_ptr<Batch> b;
    spin_until([&] { return generation_.load() != seen; });
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [&] { return stopping_ || generation_.load() != seen; });
      if (stopping_) return;
      seen = generation_;
      b = current_;
    }
    if (b == nullptr) continue;  // finished by its owner before this helper woke
    for (std::size_t i = b->next++; i < b->count; i = b->next++) run_if_pending(*b, i);
  }
}

void ThreadPool::start(std::size_t count, std::function<void(std::size_t)> task) {
  finish_all();
  auto b = std::make_shared<Batch>(count, std::move(task));
  {
    std::lock_guard lock(mutex_);
    current_ = std::move(b);
    ++generation_;
  }
  if (!helpers_.empty()) wake_.notify_all();
}

void ThreadPool::finish(std::size_t i) {
  Batch& b = *current_;  // only the owning thread calls start() and finish()
  assert(i < b.count);
  run_if_pending(b, i);
  // While a helper still works on task i, this thread takes the tasks nobody began
  // rather than sleep: the batch's work gets done either way, and sooner.
  while (b.state[i].load() != Batch::done) {
    const std::size_t j = b.next++;
    if (j < b.count) {
      run_if_pending(b, j);
      continue;
    }
    if (spin_until([&] { return b.state[i].load() == Batch::done; })) break;
    std::unique_lock lock(b.mutex);
    b.finished.wait(lock, [&] { return b.state[i].load() == Batch::done; });
  }
  if (b.error[i]) std::rethrow_exception(b.error[i]);
}

void ThreadPool::finish_all() {
  if (current_ == nullptr) return;
  // Every task is finished even when one threw, so no helper still works on this batch
  // when the caller moves on; the first error (in task order) is rethrown.
  std::exception_ptr first;
  for (std::size_t i = 0; i < current_->count; ++i) {
    try {
      finish(i);
    } catch (...) {
      if (!first) first = std::current_exception();
    }
  }
  {
    std::lock_guard lock(mutex_);
    current_.reset();
  }
  if (first) std::rethrow_exception(first);
}

void ThreadPool::run(std::size_t count, std::function<void(std::size_t)> task) {
  start(count, std::move(task));
  finish_all();
}

}  // namespace marina
