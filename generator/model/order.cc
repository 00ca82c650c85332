#include "model/order.h"

#include "util/strings.h"

namespace nastavnik {

std::string Order::Heading() const {
  return CapitalizeUtf8(type) + " № " + number + " от " + date.Russian();
}

const std::vector<std::string>& OrderLevels() {
  static const std::vector<std::string> kLevels = {"федеральный", "региональный", "муниципальный",
                                                   "образовательная организация"};
  return kLevels;
}

}  // namespace nastavnik
