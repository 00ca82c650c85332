#include "pipeline/privacy_check.h"

#include "pipeline/people_records.h"

namespace nastavnik {

namespace {

void AddValue(const Value& v, std::vector<GuardSource>& out) {
  // A list's own text is the items as written; scan each item once, where it is.
  bool scalar = v.kind != Value::Kind::kList && v.kind != Value::Kind::kObjects;
  if (scalar && !v.text.empty()) out.push_back({v.pos, v.text});
  for (const auto& item : v.list) AddValue(item, out);
  for (const auto& r : v.objects)
    for (const auto& field : r.values) AddValue(field, out);
}

}  // namespace

GuardStats CheckPersonalData(const LoadedSite& site, Date today, const OutputTree* public_tree,
                             const std::string& public_label, Diagnostics& diags) {
  PeopleRegistry people = PeopleFromRecords(site);
  if (people.participants.empty()) return {};
  PiiIndex index(people, site.config.consent_address, today);

  std::vector<GuardSource> sources;
  for (const auto& d : site.docs) {
    for (const auto& v : d.front.values) AddValue(v, sources);
    GuardSource body;
    body.pos = {d.path, d.body_line, 1};
    body.text = std::string(d.body());
    sources.push_back(std::move(body));
  }
  // Public registry cells (program descriptions, the working group…). Aggregate
  // and internal cells are never shown row by row, so they are not sources.
  for (const auto& [name, records] : site.registries) {
    for (const auto& r : records) {
      if (!r.schema) continue;
      for (size_t i = 0; i < r.values.size() && i < r.schema->fields.size(); ++i)
        if (r.schema->fields[i].publish == Publication::kPublic) AddValue(r.values[i], sources);
    }
  }
  return GuardPublicTree(index, sources, public_tree, public_label, diags);
}

}  // namespace nastavnik
