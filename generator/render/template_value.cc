#include "render/template_value.h"

namespace nastavnik {

void MakeOwned(TemplateMap& m) {
  for (auto& item : m) MakeOwned(item.second);
}

void MakeOwned(TemplateValue& v) {
  if (auto* text = std::get_if<std::string_view>(&v.value)) {
    v.value = std::string(*text);
  } else if (auto* list = std::get_if<TemplateList>(&v.value)) {
    for (auto& item : *list) MakeOwned(item);
  } else if (auto* map = std::get_if<TemplateMap>(&v.value)) {
    MakeOwned(*map);
  } else if (auto* shared = std::get_if<SharedTemplateValue>(&v.value); shared && *shared && (*shared)->borrows) {
    TemplateValue copy = (*shared)->value;  // owned from here on, no longer shared
    MakeOwned(copy);
    v = std::move(copy);
  }
}

}  // namespace nastavnik
