// MatchEnum: the fast form (a field with the folded keys SchemaFromYaml
// fills in) finds exactly what the folding search finds.
#include "validate/schema.h"

#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "load/yaml.h"

using namespace nastavnik;

TEST_CASE("MatchEnum with a field: same answers as the folding search, with or without keys") {
  const char* kYaml =
      "name: t\n"
      "title: T\n"
      "kind: registry\n"
      "path: data/t.csv\n"
      "fields:\n"
      "  - name: form\n"
      "    title: Форма\n"
      "    type: enum\n"
      "    enum: [учитель – учитель, Студент — ученик, ученик-ученик, Ученик - ученик]\n";
  Diagnostics diags;
  auto root = ParseYaml(kYaml, {"t.yaml", 1, 1}, diags);
  REQUIRE(root);
  auto schema = SchemaFromYaml(*root, "t.yaml", diags);
  REQUIRE(schema);
  REQUIRE(schema->fields.size() == 1);
  const FieldSchema& keyed = schema->fields[0];
  REQUIRE(keyed.enum_keys.size() == keyed.enum_values.size());
  FieldSchema plain = keyed;  // as a field built in code: no keys
  plain.enum_keys.clear();

  const std::vector<std::string> inputs = {"учитель – учитель", "учитель - учитель", "УЧИТЕЛЬ—УЧИТЕЛЬ",
                                           "студент-ученик",    "ученик-ученик",     "Ученик - ученик",
                                           "ученик - ученик",   "наставник",         ""};
  for (const auto& in : inputs) {
    CAPTURE(in);
    auto slow = MatchEnum(in, keyed.enum_values);
    const std::string* fast = MatchEnum(in, keyed);
    const std::string* fallback = MatchEnum(in, plain);
    REQUIRE(slow.has_value() == (fast != nullptr));
    REQUIRE(slow.has_value() == (fallback != nullptr));
    if (slow) {
      CHECK(*fast == *slow);
      CHECK(*fallback == *slow);
    }
  }
  // Two spellings of one value: the first listed wins, even for the exact
  // spelling of the second.
  CHECK(*MatchEnum("Ученик - ученик", keyed) == "ученик-ученик");
  CHECK(*MatchEnum("учитель - учитель", keyed) == "учитель – учитель");
  CHECK(MatchEnum("наставник", keyed) == nullptr);
}
