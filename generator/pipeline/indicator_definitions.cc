#include "pipeline/indicator_definitions.h"

#include <map>
#include <set>

#include "load/yaml.h"
#include "util/strings.h"
#include "validate/validator.h"

namespace nastavnik {

namespace {

// Integer columns of the organizations registry, matched by field name, title
// or alias in any letter case.
const FieldSchema* OrganizationCountColumn(const LoadedSite& site, const std::string& name) {
  const Schema* orgs = site.FindSchema("organizations");
  if (!orgs) return nullptr;
  std::string key = FoldKey(name);
  for (const auto& f : orgs->fields) {
    if (f.type != FieldType::kInteger) continue;
    if (FoldKey(f.name) == key || FoldKey(f.title) == key) return &f;
    for (const auto& a : f.aliases)
      if (FoldKey(a) == key) return &f;
  }
  return nullptr;
}

std::vector<std::string> OrganizationCountColumnNames(const LoadedSite& site) {
  std::vector<std::string> names;
  if (const Schema* orgs = site.FindSchema("organizations"))
    for (const auto& f : orgs->fields)
      if (f.type == FieldType::kInteger) names.push_back(f.name);
  return names;
}

// Reads one validated item; false when it has an error of its own.
bool ReadDefinition(const Record& r, const LoadedSite& site, Diagnostics& diags, IndicatorDefinition& d) {
  bool ok = true;
  d.id = r.Text("id");
  d.title = r.Text("title");
  d.short_title = r.Text("short_title");
  d.description = r.Text("description");
  d.pos = r.pos;
  if (d.id.empty() || d.title.empty() || r.Get("unit").IsNull() || r.Get("numerator").IsNull())
    return false;  // E041/E043 already reported
  d.unit = r.Text("unit") == "%" ? IndicatorUnit::kPercent : IndicatorUnit::kPoints;
  const std::string& num = r.Text("numerator");
  d.numerator = num == "участники"                  ? NumeratorKind::kParticipants
                : num == "организации с программами" ? NumeratorKind::kOrganizationsWithPrograms
                                                     : NumeratorKind::kSurveyAverage;
  d.role = r.Text("role");
  d.categories = r.Texts("category");
  d.forms = r.Texts("form");
  d.organization_types = r.Texts("organization_types");
  if (r.Get("age_from").kind == Value::Kind::kInteger) d.age_from = static_cast<int>(r.Get("age_from").integer);
  if (r.Get("age_to").kind == Value::Kind::kInteger) d.age_to = static_cast<int>(r.Get("age_to").integer);
  if (d.age_from && d.age_to && *d.age_from > *d.age_to) {
    diags.Error(r.Get("age_to").pos, "E101",
                "возраст «до» (" + std::to_string(*d.age_to) + ") меньше возраста «от» (" +
                    std::to_string(*d.age_from) + ")",
                "проверьте age_from и age_to: например, от 11 до 18 лет — age_from: 11, age_to: 18");
    ok = false;
  }
  if (const Value& ad = r.Get("age_date"); !ad.IsNull()) {
    auto parts = Split(ad.text, '.');
    int day = std::atoi(parts[0].c_str()), month = parts.size() > 1 ? std::atoi(parts[1].c_str()) : 0;
    if (month < 1 || month > 12 || day < 1 || day > DaysInMonth(2001, month)) {
      diags.Error(ad.pos, "E101", "age_date: «" + ad.text + "» — такого дня нет",
                  "запишите день и месяц как ДД.ММ, например 01.09");
      ok = false;
    } else {
      d.age_day = day;
      d.age_month = month;
    }
  }
  if ((d.age_from || d.age_to) && d.numerator == NumeratorKind::kOrganizationsWithPrograms) {
    diags.Error(r.Get(d.age_from ? "age_from" : "age_to").pos, "E101",
                "возраст не применим к показателю «организации с программами»",
                "уберите age_from и age_to или выберите numerator: участники");
    ok = false;
  }
  d.active_only = r.Get("active").IsNull() || r.BoolOf("active");
  if (d.numerator == NumeratorKind::kSurveyAverage) {
    if (!r.Text("survey_column").empty()) d.survey_column = r.Text("survey_column");
    const Schema* survey = site.FindSchema("survey");
    const FieldSchema* col = survey ? survey->Field(d.survey_column) : nullptr;
    if (!col || (col->type != FieldType::kNumber && col->type != FieldType::kInteger)) {
      const Value& where = r.Get("survey_column").IsNull() ? r.Get("numerator") : r.Get("survey_column");
      diags.Error(where.pos, "E100", "в анкете (data/survey.csv) нет числового столбца «" + d.survey_column + "»",
                  "укажите survey_column: имя числового столбца схемы survey, например satisfaction");
      ok = false;
    }
  }
  const Value& den = r.Get("denominator");
  std::string den_key = FoldKey(den.text);
  if (d.numerator == NumeratorKind::kSurveyAverage) {
    // The average is over the answers given: the denominator is their count.
    d.denominator = DenominatorKind::kParticipants;
    d.denominator_title = "ответов";
    if (!den.IsNull()) {
      diags.Error(den.pos, "E101", "у среднего по анкете нет знаменателя: среднее берётся по всем ответам",
                  "уберите строку denominator");
      ok = false;
    }
  } else if (den.IsNull()) {
    diags.Error(r.pos, "E100", "не указан знаменатель показателя «" + d.id + "» (denominator)",
                "укажите, от чего считается доля: организации, участники или столбец реестра организаций, "
                "например students");
    ok = false;
  } else if (den_key == "организации") {
    d.denominator = DenominatorKind::kOrganizations;
    d.denominator_title = "организаций";
  } else if (den_key == "участники") {
    d.denominator = DenominatorKind::kParticipants;
    d.denominator_title = "участников";
  } else if (const FieldSchema* col = OrganizationCountColumn(site, den.text)) {
    d.denominator = DenominatorKind::kOrganizationColumn;
    d.denominator_column = col->name;
    d.denominator_title = LowerUtf8(col->title);
  } else {
    std::vector<std::string> options = {"организации", "участники"};
    for (const auto& n : OrganizationCountColumnNames(site)) options.push_back(n);
    std::string hint = "допустимые значения: " + Join(options, ", ");
    std::string near = SuggestClosest(den.text, options);
    if (!near.empty()) hint = "возможно, имелось в виду «" + near + "»; " + hint;
    diags.Error(den.pos, "E100", "знаменатель «" + den.text + "» не известен", hint);
    ok = false;
  }
  if (d.numerator == NumeratorKind::kSurveyAverage && d.unit == IndicatorUnit::kPercent) {
    diags.Error(r.Get("unit").pos, "E101", "среднее по анкете измеряется в баллах, а не в процентах",
                "укажите unit: баллы");
    ok = false;
  }
  return ok;
}

void AttachTargets(const LoadedSite& site, std::vector<IndicatorDefinition>& defs,
                   const std::set<std::string>& all_ids, Diagnostics& diags) {
  std::map<std::string, IndicatorDefinition*> by_id;
  for (auto& d : defs) by_id[d.id] = &d;
  std::map<std::pair<std::string, int>, SourcePos> seen;
  for (const Record& r : site.Registry("indicator_targets")) {
    const std::string& id = r.Text("indicator");
    auto first = AcademicYearFirst(r.Text("academic_year"));
    auto target = r.NumberOf("target");
    if (id.empty() || !first || !target) {
      if (!r.Text("academic_year").empty() && !first)
        diags.Error(r.Get("academic_year").pos, "E103",
                    "учебный год «" + r.Text("academic_year") + "» — второй год должен следовать за первым",
                    "запишите учебный год как 2021-2022");
      continue;
    }
    if (!all_ids.count(id)) {
      std::vector<std::string> ids(all_ids.begin(), all_ids.end());
      std::string near = SuggestClosest(id, ids);
      diags.Warning(r.Get("indicator").pos, "W031",
                    "показатель «" + id + "» не описан в " + std::string(kIndicatorsPath) +
                        ", целевое значение не используется",
                    near.empty() ? "добавьте описание показателя в " + std::string(kIndicatorsPath) +
                                       " или исправьте код"
                                 : "возможно, имелось в виду «" + near + "»");
      continue;
    }
    auto [it, inserted] = seen.emplace(std::make_pair(id, *first), r.Get("indicator").pos);
    if (!inserted) {
      diags.Error(r.Get("indicator").pos, "E103",
                  "целевое значение показателя «" + id + "» на " + r.Text("academic_year") +
                      " учебный год указано второй раз (первый — в строке " + std::to_string(it->second.line) + ")",
                  "оставьте одну строку на показатель и учебный год");
      continue;
    }
    auto d = by_id.find(id);
    if (d != by_id.end()) d->second->targets[*first] = *target;
  }
}

}  // namespace

std::vector<IndicatorDefinition> LoadIndicatorDefinitions(const FileSystem& fs, const LoadedSite& site,
                                                          Diagnostics& diags) {
  std::vector<IndicatorDefinition> defs;
  std::set<std::string> all_ids;  // including definitions with errors, so targets do not cascade
  const Schema* schema = site.FindSchema("indicators");
  auto text = fs.Stat(kIndicatorsPath) ? fs.Read(kIndicatorsPath) : std::nullopt;
  if (schema && text) {
    std::string body = std::move(*text);
    if (StartsWith(body, "\xEF\xBB\xBF")) body.erase(0, 3);
    if (!IsValidUtf8(body)) {
      diags.Error({kIndicatorsPath, 0, 0}, "E001", "файл не в кодировке UTF-8",
                  "сохраните файл в кодировке UTF-8");
    } else if (auto root = ParseYaml(body, {kIndicatorsPath, 1, 1}, diags)) {
      Record top = ValidateFrontMatter(*root, *schema, kIndicatorsPath, "indicators", diags);
      std::map<std::string, SourcePos> first_pos;
      for (const Record& item : top.Get("indicators").objects) {
        IndicatorDefinition d;
        bool ok = ReadDefinition(item, site, diags, d);
        if (d.id.empty()) continue;
        auto [it, inserted] = first_pos.emplace(d.id, item.Get("id").pos);
        if (!inserted) {
          diags.Error(item.Get("id").pos, "E102",
                      "показатель «" + d.id + "» описан второй раз (первый — в строке " +
                          std::to_string(it->second.line) + ")",
                      "у каждого показателя свой код");
          continue;
        }
        all_ids.insert(d.id);
        if (ok) defs.push_back(std::move(d));
      }
    }
  } else if (fs.Stat(kIndicatorsPath) && !text) {
    diags.Error({kIndicatorsPath, 0, 0}, "E001", "не удалось прочитать файл", "проверьте права доступа");
  }
  AttachTargets(site, defs, all_ids, diags);
  return defs;
}

}  // namespace nastavnik
