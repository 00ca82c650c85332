#pragma once
#include <string>
#include <vector>

#include "util/date.h"

namespace nastavnik {

struct OrderAppendix {
  std::string title;
  std::string link;  // a site path or a file beside the order; may be empty
  int line = 0;      // where it is written, for link diagnostics
};

// An order, resolution or decree (приказ, постановление, распоряжение).
struct Order {
  std::string id;      // the file name without .md
  std::string source;  // content/orders/<id>.md
  std::string type;    // приказ / постановление / распоряжение / …
  std::string number;
  Date date;
  std::string issuer;  // organization id
  std::string level;   // федеральный / региональный / муниципальный / образовательная организация
  std::string title;
  std::string status;  // действует / утратил силу
  std::string summary;
  std::vector<std::string> basis;  // ids of other orders
  std::vector<OrderAppendix> appendices;
  // The Markdown body stays in LoadedSite (read once); its HTML is in
  // RenderedBodies, by `source`.

  bool InForce() const { return status != "утратил силу"; }
  // «Приказ № 125 от 01.09.2021»
  std::string Heading() const;
};

// The levels in the order a register lists them.
const std::vector<std::string>& OrderLevels();

}  // namespace nastavnik
