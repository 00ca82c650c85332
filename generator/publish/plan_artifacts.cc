#include "publish/plan_artifacts.h"

#include <set>

#include "model/deadline_json.h"
#include "render/pages.h"
#include "util/json.h"
#include "util/strings.h"

namespace nastavnik {

namespace {

// The host of base_url, for UIDs ("obrazovanie.example"); "nastavnik" without one.
std::string UidDomain(const SiteConfig& config) {
  std::string_view u = config.base_url;
  size_t scheme = u.find("://");
  if (scheme == std::string_view::npos) return "nastavnik";
  u.remove_prefix(scheme + 3);
  return std::string(u.substr(0, u.find('/')));
}

std::string IssuerName(const SiteModel& model, const std::string& id) {
  const Organization* o = model.FindOrganization(id);
  return o ? o->short_name : id;
}

std::optional<IcsRecurrence> RecurrenceOf(const Deadline& d) {
  if (d.kind != DeadlineKind::kRecurring || d.repeat == Repeat::kNone || !d.start || !d.until) return std::nullopt;
  IcsRecurrence r;
  int months = RepeatMonths(d.repeat);
  if (months % 12 == 0) {
    r.freq = "YEARLY";
    r.interval = months / 12;
  } else {
    r.freq = "MONTHLY";
    r.interval = months;
  }
  r.until = *d.until;
  r.last_day_of_month = d.start->day == DaysInMonth(d.start->year, d.start->month) && d.start->day >= 28;
  return r;
}

// RRULE repeats the day of the month; nastavnik's occurrences clamp it to
// shorter months (31 January → 28 February). Where the two would differ,
// every occurrence becomes its own event instead.
bool RruleMatches(const Deadline& d, const IcsRecurrence& r) {
  if (r.last_day_of_month) return true;
  return d.start->day <= 28;
}

}  // namespace

std::vector<IcsEvent> RoadmapEvents(const SiteConfig& config, const SiteModel& model) {
  std::vector<IcsEvent> events;
  const std::string domain = UidDomain(config);
  std::set<std::string> uids;
  for (const auto& map : model.roadmaps) {
    std::string issuer = IssuerName(model, map.issuer);
    std::string page = RoadmapPagePath(config, map.issuer);
    for (const auto& r : map.rows) {
      if (r.section || !r.deadline.parsed) continue;
      const Deadline& d = r.deadline;
      IcsEvent e;
      std::string base = "roadmap-" + map.issuer + "-" + r.number;
      e.uid = base + "@" + domain;
      for (int n = 2; uids.count(e.uid); ++n) e.uid = base + "-" + std::to_string(n) + "@" + domain;
      uids.insert(e.uid);
      e.summary = (map.issuer == config.issuer ? "" : issuer + ": ") + "п. " + r.number + ". " + r.event;
      e.description = "Срок: " + d.text + " (" + DeadlinePeriodText(d) + ")";
      if (!r.responsible.empty()) e.description += "\nОтветственный: " + r.responsible;
      if (!r.result.empty()) e.description += "\nОжидаемый результат: " + r.result;
      if (!r.declared_status.empty()) e.description += "\nСтатус: " + r.declared_status;
      if (!config.base_url.empty()) e.url = config.base_url + page + "#" + RoadmapItemAnchor(r.number);
      e.status = r.state == RoadmapState::kCancelled ? "CANCELLED" : "CONFIRMED";
      e.categories = {"Дорожная карта", issuer};
      if (d.kind == DeadlineKind::kBefore) {
        if (!d.end) continue;
        e.start = e.end = *d.end;
        e.summary = "Срок: " + e.summary;
        events.push_back(std::move(e));
        continue;
      }
      if (!d.start || !d.end) continue;  // unspecified: no date to put in a calendar
      e.start = *d.start;
      e.end = *d.end;
      if (d.kind == DeadlineKind::kRecurring && d.repeat == Repeat::kNone && d.until && *d.until > e.end)
        e.end = *d.until;  // «далее – обновление»: one span up to the end
      auto rrule = RecurrenceOf(d);
      if (rrule && RruleMatches(d, *rrule)) {
        e.rrule = rrule;
        events.push_back(std::move(e));
      } else if (rrule) {
        int n = 1;
        for (const Occurrence& o : Occurrences(d)) {
          IcsEvent one = e;
          one.uid = base + "-" + std::to_string(n++) + "@" + domain;
          one.start = o.start;
          one.end = o.end;
          events.push_back(std::move(one));
        }
      } else {
        events.push_back(std::move(e));
      }
    }
  }
  return events;
}

Status WriteRoadmapCalendar(const ArtifactInput& in) {
  std::string name = in.config.title + ": дорожная карта";
  if (!in.config.municipality.empty()) name += " (" + in.config.municipality + ")";
  return in.public_tree.Write("roadmap.ics", RenderIcs(name, RoadmapEvents(in.config, in.model), in.build_epoch));
}

Status WriteRoadmapJson(const ArtifactInput& in) {
  JsonWriter w;
  w.BeginObject();
  w.Key("today").String(in.model.today.Iso());
  w.Key("roadmaps").BeginArray();
  for (const auto& map : in.model.roadmaps) {
    w.BeginObject();
    w.Key("issuer").String(map.issuer);
    w.Key("issuer_name").String(IssuerName(in.model, map.issuer));
    w.Key("page").String(RoadmapPagePath(in.config, map.issuer));
    w.Key("rows").BeginArray();
    for (const auto& r : map.rows) {
      w.BeginObject();
      w.Key("number").String(r.number);
      w.Key("section").Bool(r.section);
      w.Key("event").String(r.event);
      w.Key("deadline");
      WriteDeadlineJson(w, r.deadline);
      w.Key("period").String(DeadlinePeriodText(r.deadline));
      w.Key("responsible").String(r.responsible);
      w.Key("result").String(r.result);
      w.Key("status").String(r.declared_status);
      if (r.section) {
        w.Key("state").Null();
        w.Key("state_label").Null();
      } else {
        w.Key("state").String(RoadmapStateName(r.state));
        w.Key("state_label").String(RoadmapStateLabel(r.state));
      }
      w.Key("evidence").String(r.evidence);
      w.EndObject();
    }
    w.EndArray();
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
  return in.public_tree.Write("data/roadmap.json", w.str() + "\n");
}

namespace {

void ValueJson(JsonWriter& w, const IndicatorValue& v, const std::optional<bool>& achieved) {
  w.Key("value");
  if (v.tenths) w.Number(TenthsToDouble(*v.tenths));
  else w.Null();
  w.Key("numerator").Number(v.numerator);
  w.Key("denominator").Number(v.denominator);
  w.Key("achieved");
  if (achieved) w.Bool(*achieved);
  else w.Null();
}

}  // namespace

Status WriteIndicatorsJson(const ArtifactInput& in) {
  JsonWriter w;
  w.BeginObject();
  w.Key("rounding").String("value = numerator / denominator (×100 for %), rounded to 1 decimal, half away from zero; "
                           "achieved = value not below target; value null when the denominator is 0");
  w.Key("indicators").BeginArray();
  for (const auto& t : in.model.indicators) {
    const IndicatorDefinition& d = t.definition;
    w.BeginObject();
    w.Key("id").String(d.id);
    w.Key("title").String(d.title);
    w.Key("unit").String(d.unit == IndicatorUnit::kPercent ? "%" : "баллы");
    w.Key("years").BeginArray();
    for (const auto& y : t.years) {
      w.BeginObject();
      w.Key("academic_year").String(y.year.Label());
      w.Key("target");
      if (y.target) w.Number(TenthsToDouble(TenthsOf(*y.target)));
      else w.Null();
      ValueJson(w, y.municipal, y.achieved);
      w.Key("organizations").BeginArray();
      for (const auto& o : y.organizations) {
        w.BeginObject();
        w.Key("organization").String(o.organization);
        ValueJson(w, o.value, o.achieved);
        w.EndObject();
      }
      w.EndArray();
      w.EndObject();
    }
    w.EndArray();
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
  return in.public_tree.Write("data/indicators.json", w.str() + "\n");
}

}  // namespace nastavnik
