#include "probes/common/cancel_hub.h"

#include <vector>

namespace pooltest {

CancelHub::Token CancelHub::Add(std::function<void()> action) {
  std::unique_lock lock(mu_);
  if (cancelled_) {
    lock.unlock();
    action();
    return 0;
  }
  Token t = next_++;
  actions_.emplace(t, std::move(action));
  return t;
}

void CancelHub::Remove(Token token) {
  std::lock_guard lock(mu_);
  actions_.erase(token);
}

void CancelHub::Cancel() {
  std::vector<std::function<void()>> todo;
  {
    std::lock_guard lock(mu_);
    if (cancelled_.exchange(true)) return;
    for (auto& [t, a] : actions_) todo.push_back(std::move(a));
    actions_.clear();
  }
  // Outside the lock: an action may itself touch the hub.
  for (auto& a : todo) a();
}

}  // namespace pooltest
