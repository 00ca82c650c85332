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

PersonalDataCheck::PersonalDataCheck(const LoadedSite& site, Date today, std::string public_label)
    : site_(site), label_(std::move(public_label)) {
  people_ = std::make_unique<PeopleRegistry>(PeopleFromRecords(site));
  if (people_->participants.empty()) return;
  index_ = std::make_unique<PiiIndex>(*people_, site.config.consent_address, today);
  scan_ = std::make_unique<PublicTreeScan>(*index_, label_);
}

PersonalDataCheck::~PersonalDataCheck() {
  if (source_scan_) source_scan_->wait();
}

void PersonalDataCheck::Observe(OutputTree& tree) {
  if (!scan_) return;
  PublicTreeScan* scan = scan_.get();
  tree.SetWriteObserver([scan](const std::string& rel_path, std::string_view bytes) { scan->Add(rel_path, bytes); });
}

void PersonalDataCheck::StartSourceScan() {
  if (!scan_ || source_scan_) return;
  for (const auto& d : site_.docs) {
    for (const auto& v : d.front.values) AddValue(v, sources_);
    GuardSource body;
    body.pos = {d.path, d.body_line, 1};
    body.text = std::string(d.body());
    sources_.push_back(std::move(body));
  }
  // Public registry cells (program descriptions, the working group…). Aggregate
  // and internal cells are never shown row by row, so they are not sources.
  for (const auto& [name, records] : site_.registries) {
    for (const auto& r : records) {
      if (!r.schema) continue;
      for (size_t i = 0; i < r.values.size() && i < r.schema->fields.size(); ++i)
        if (r.schema->fields[i].publish == Publication::kPublic) AddValue(r.values[i], sources_);
    }
  }
  source_scan_ = std::make_unique<tbb::task_group>();
  source_scan_->run([this] { scan_->AddSources(sources_); });
}

GuardStats PersonalDataCheck::Finish(const OutputTree* public_tree, Diagnostics& diags) {
  if (!index_) return {};
  StartSourceScan();
  source_scan_->wait();
  return GuardPublicTree(*index_, {}, public_tree, label_, diags, scan_.get());
}

GuardStats CheckPersonalData(const LoadedSite& site, Date today, const OutputTree* public_tree,
                             const std::string& public_label, Diagnostics& diags) {
  return PersonalDataCheck(site, today, public_label).Finish(public_tree, diags);
}

}  // namespace nastavnik
