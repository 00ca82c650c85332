#pragma once
// Status: the result of an operation that can fail for reasons outside the
// content (a file that cannot be written, a port in use). Bad content is not a
// Status but a Diagnostic (see diag/diagnostic.h).
//
// An OK status costs a bool. An error carries a Russian message for the user;
// each level it passes through may prepend context with WithContext().
#include <string>
#include <utility>

namespace nastavnik {

class [[nodiscard]] Status {
 public:
  Status() = default;  // OK
  static Status Ok() { return Status(); }
  static Status Error(std::string message) { return Status(std::move(message)); }

  bool ok() const { return !failed_; }
  const std::string& message() const { return message_; }

  // «не удалось записать сайт: <message>»
  Status WithContext(const std::string& context) const {
    return ok() ? *this : Status(context + ": " + message_);
  }

 private:
  explicit Status(std::string message) : failed_(true), message_(std::move(message)) {}
  bool failed_ = false;
  std::string message_;
};

}  // namespace nastavnik
