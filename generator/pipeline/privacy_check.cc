#include "pipeline/privacy_check.h"

#include <optional>

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

std::unique_ptr<PiiIndex> IndexPersonalData(const LoadedSite& site, Date today) {
  const PeopleRegistry& people = PeopleFromRecords(site);
  if (people.facts.empty()) return nullptr;
  // A reported row is read again to name it (the registry is not held).
  auto load = [&site](size_t wanted) {
    Participant out;
    size_t i = 0;
    site.ForEachRecord("participants", [&](const Record& r) {
      if (i++ == wanted) out = ParticipantFromRecord(r);
    });
    return out;
  };
  auto each = [&site](const std::function<void(const Participant&)>& fn) {
    std::optional<ParticipantReader> reader;
    Participant p;  // reused: no allocation per row
    site.ForEachRecord("participants", [&](const Record& r) {
      if (!reader) reader.emplace(r.schema);
      reader->Read(r, p);
      fn(p);
    });
  };
  // The needles were gathered while LoadSite read the registry (it is read
  // again only for namesakes of published mentors).
  if (site.pii_needles && site.pii_needles->size() == people.facts.size())
    return std::make_unique<PiiIndex>(people.participants, *site.pii_needles, each, site.config.consent_address,
                                      today, load);
  // Otherwise the registry is read again: needles are hashed as it goes.
  return std::make_unique<PiiIndex>(people.participants, each, site.config.consent_address, today, load);
}

PersonalDataCheck::PersonalDataCheck(const LoadedSite& site, Date today, std::string public_label)
    : site_(site), label_(std::move(public_label)) {
  index_ = IndexPersonalData(site, today);
  if (index_) scan_ = std::make_unique<PublicTreeScan>(*index_, label_);
}

PersonalDataCheck::~PersonalDataCheck() {
  if (source_scan_) source_scan_->wait();
}

void PersonalDataCheck::Observe(OutputTree& tree) {
  if (!scan_) return;
  PublicTreeScan* scan = scan_.get();
  tree.SetWriteObserver([scan](const std::string& rel_path, std::string_view bytes) { scan->Add(rel_path, bytes); });
}

void PersonalDataCheck::ScanFrontMatter(const ContentDoc& d) {
  if (!scan_) return;
  std::vector<GuardSource> sources;
  for (const auto& v : d.front.values) AddValue(v, sources);
  if (!sources.empty()) scan_->AddSources(sources);
}

void PersonalDataCheck::ScanBody(const ContentDoc& d) { ScanBody(d, d.body()); }

void PersonalDataCheck::ScanBody(const ContentDoc& d, std::string_view body) {
  if (scan_ && !body.empty()) scan_->AddSources({{{d.path, d.body_line, 1}, body}});
}

void PersonalDataCheck::StartSourceScan(bool with_documents) {
  if (!scan_ || source_scan_) return;
  // Sources are scanned where they are held, not copied: only the streamed
  // registries are read again (record by record).
  source_scan_ = std::make_unique<tbb::task_group>();
  source_scan_->run([this, with_documents] {
    std::vector<GuardSource> sources;
    if (with_documents) {
      for (const auto& d : site_.docs) {
        for (const auto& v : d.front.values) AddValue(v, sources);
        if (!d.body().empty()) sources.push_back({{d.path, d.body_line, 1}, d.body()});
      }
    }
    // Public registry cells (program descriptions, the working group…).
    // Aggregate and internal cells are never shown row by row, so they are
    // not sources.
    auto public_cells = [](const Record& r, std::vector<GuardSource>& out) {
      if (!r.schema) return;
      for (size_t i = 0; i < r.values.size() && i < r.schema->fields.size(); ++i)
        if (r.schema->fields[i].publish == Publication::kPublic) AddValue(r.values[i], out);
    };
    for (const auto& [name, records] : site_.registries)
      for (const auto& r : records) public_cells(r, sources);
    scan_->AddSources(sources);
    // A streamed registry is read again only when its schema has public
    // columns; each record lives only while it is scanned.
    for (const auto& name : site_.streamed_registries) {
      const Schema* schema = site_.FindSchema(name);
      if (!schema) continue;
      bool any = false;
      for (const auto& f : schema->fields) any = any || f.publish == Publication::kPublic;
      if (!any) continue;
      site_.ForEachRecord(name, [&](const Record& r) {
        std::vector<GuardSource> cells;
        public_cells(r, cells);
        if (!cells.empty()) scan_->AddSources(cells);
      });
    }
  });
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
