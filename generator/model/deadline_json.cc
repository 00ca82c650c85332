#include "model/deadline_json.h"

namespace nastavnik {

namespace {
void DateOrNull(JsonWriter& w, const std::optional<Date>& d) {
  if (d) w.String(d->Iso());
  else w.Null();
}
}  // namespace

void WriteDeadlineJson(JsonWriter& w, const Deadline& d) {
  w.BeginObject();
  w.Key("text").String(d.text);
  w.Key("parsed").Bool(d.parsed);
  w.Key("kind").String(KindName(d.kind));
  w.Key("start");
  DateOrNull(w, d.start);
  w.Key("end");
  DateOrNull(w, d.end);
  w.Key("repeat").String(RepeatName(d.repeat));
  w.Key("until");
  DateOrNull(w, d.until);
  w.EndObject();
}

}  // namespace nastavnik
