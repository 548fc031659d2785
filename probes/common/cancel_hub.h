// A run-wide place where in-flight operations register how to abort
// themselves (close a socket, cancel a timer, set a flag a curl transfer
// polls). Cancel() calls every registered action once; anything registered
// afterwards runs its action at once. Asio-side users call it from the run's
// io thread; the internal mutex lets worker threads (curl) register safely.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>

namespace pooltest {

class CancelHub {
 public:
  using Token = uint64_t;

  Token Add(std::function<void()> action);
  void Remove(Token token);
  void Cancel();
  bool cancelled() const { return cancelled_.load(); }

 private:
  std::mutex mu_;
  std::atomic<bool> cancelled_{false};
  Token next_ = 1;
  std::map<Token, std::function<void()>> actions_;
};

// Registers an action for the lifetime of a scope.
class CancelRegistration {
 public:
  CancelRegistration(CancelHub& hub, std::function<void()> action)
      : hub_(hub), token_(hub.Add(std::move(action))) {}
  ~CancelRegistration() { hub_.Remove(token_); }
  CancelRegistration(const CancelRegistration&) = delete;
  CancelRegistration& operator=(const CancelRegistration&) = delete;

 private:
  CancelHub& hub_;
  CancelHub::Token token_;
};

}  // namespace pooltest
