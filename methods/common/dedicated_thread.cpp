#include "methods/common/dedicated_thread.hpp"

#include <system_error>
#include <utility>

namespace marina {

DedicatedThread::DedicatedThread(std::size_t stack_bytes) {
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  int rc = pthread_attr_setstacksize(&attr, stack_bytes);
  if (rc == 0) rc = pthread_create(&thread_, &attr, &DedicatedThread::main, this);
  pthread_attr_destroy(&attr);
  if (rc != 0) throw std::system_error(rc, std::generic_category(), "cannot start a compute thread");
}

DedicatedThread::~DedicatedThread() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  changed_.notify_all();
  pthread_join(thread_, nullptr);
}

void* DedicatedThread::main(void* self) {
  static_cast<DedicatedThread*>(self)->loop();
  return nullptr;
}

void DedicatedThread::loop() {
  std::unique_lock lock(mutex_);
  for (;;) {
    changed_.wait(lock, [&] { return stopping_ || task_ != nullptr; });
    if (task_ == nullptr) return;  // stopping, nothing left
    const std::function<void()>* task = task_;
    lock.unlock();
    std::exception_ptr error;
    try {
      (*task)();
    } catch (...) {
      error = std::current_exception();
    }
    lock.lock();
    error_ = error;
    task_ = nullptr;
    done_ = true;
    changed_.notify_all();
  }
}

void DedicatedThread::run(const std::function<void()>& task) {
  std::lock_guard serial(callers_);
  std::unique_lock lock(mutex_);
  task_ = &task;
  done_ = false;
  changed_.notify_all();
  changed_.wait(lock, [&] { return done_; });
  if (error_) std::rethrow_exception(std::exchange(error_, nullptr));
}

}  // namespace marina
