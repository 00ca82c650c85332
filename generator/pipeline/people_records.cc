#include "pipeline/people_records.h"

namespace nastavnik {

namespace {

const Value kNullValue;

}  // namespace

ParticipantReader::ParticipantReader(const Schema* schema) {
  if (!schema) return;
  const Schema& s = *schema;
  surname_ = s.FieldIndex("surname");
  name_ = s.FieldIndex("name");
  patronymic_ = s.FieldIndex("patronymic");
  birth_date_ = s.FieldIndex("birth_date");
  organization_ = s.FieldIndex("organization");
  role_ = s.FieldIndex("role");
  category_ = s.FieldIndex("category");
  position_ = s.FieldIndex("position");
  form_ = s.FieldIndex("form");
  program_ = s.FieldIndex("program");
  start_ = s.FieldIndex("start");
  end_ = s.FieldIndex("end");
  consent_ = s.FieldIndex("consent");
  consent_date_ = s.FieldIndex("consent_date");
  consent_address_ = s.FieldIndex("consent_address");
  consent_withdrawn_ = s.FieldIndex("consent_withdrawn");
  phone_ = s.FieldIndex("phone");
  email_ = s.FieldIndex("email");
}

const Value& ParticipantReader::At(const Record& r, int field) const {
  return field >= 0 && static_cast<size_t>(field) < r.values.size() ? r.values[static_cast<size_t>(field)]
                                                                     : kNullValue;
}

bool ParticipantReader::StartValid(const Record& r) const { return At(r, start_).kind == Value::Kind::kDate; }

void ParticipantReader::Read(const Record& r, Participant& p) const {
  // As Record::Text, DateOf and BoolOf read them.
  auto text = [&](int field, std::string& out) {
    const Value& v = At(r, field);
    if (v.IsNull()) out.clear();
    else out.assign(v.text);
  };
  auto date = [&](int field) -> std::optional<Date> {
    const Value& v = At(r, field);
    if (v.kind == Value::Kind::kDate) return v.date;
    return std::nullopt;
  };
  p.id.assign(r.id);
  p.pos.path.assign(r.pos.path);
  p.pos.line = r.pos.line;
  p.pos.column = r.pos.column;
  text(surname_, p.surname);
  text(name_, p.name);
  text(patronymic_, p.patronymic);
  p.birth_date = date(birth_date_);
  text(organization_, p.organization);
  const Value& role = At(r, role_);
  p.role = !role.IsNull() && role.text == "наставник" ? ParticipantRole::kMentor : ParticipantRole::kMentee;
  text(category_, p.category);
  text(position_, p.position);
  text(form_, p.form);
  text(program_, p.program);
  p.start = date(start_).value_or(Date{});
  p.end = date(end_);
  const Value& consent = At(r, consent_);
  p.consent.given = consent.kind == Value::Kind::kBoolean && consent.boolean;
  p.consent.date = date(consent_date_);
  text(consent_address_, p.consent.address);
  p.consent.withdrawn = date(consent_withdrawn_);
  text(phone_, p.phone);
  text(email_, p.email);
}

Participant ParticipantFromRecord(const Record& r) {
  Participant p;
  ParticipantReader(r.schema).Read(r, p);
  return p;
}

const PeopleRegistry& PeopleFromRecords(const LoadedSite& site) { return site.people; }

}  // namespace nastavnik
