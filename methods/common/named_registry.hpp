// The list behind each registry (methods, compressors, problems): the built-in descriptions in
// catalog order, then those registered later, found by name. Registries only grow, so a
// pointer to an entry stays valid until the next registration.
#pragma once

#include <cassert>
#include <string>
#include <utility>
#include <vector>

namespace marina {

template <class Description>
class NamedRegistry {
 public:
  explicit NamedRegistry(std::vector<Description> builtins) : entries_(std::move(builtins)) {}

  const std::vector<Description>& entries() const { return entries_; }

  const Description* find(const std::string& name) const {
    for (const Description& d : entries_)
      if (d.name == name) return &d;
    return nullptr;
  }

  void add(Description description) {
    assert(find(description.name) == nullptr && "a name is registered twice");
    assert(description.make && "a registration needs a factory");
    entries_.push_back(std::move(description));
  }

  std::vector<std::string> names() const {
    std::vector<std::string> out;
    for (const Description& d : entries_) out.push_back(d.name);
    return out;
  }

 private:
  std::vector<Description> entries_;
};

}  // namespace marina
