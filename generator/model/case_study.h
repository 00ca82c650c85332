#pragma once
#include <string>
#include <vector>

#include "util/date.h"

namespace nastavnik {

struct Attachment {
  std::string file;   // name inside the case folder
  std::string title;
  long long size = 0; // bytes, filled by the loader
  int line = 0;
};

// A best-practice case submitted by a school: content/cases/<org>/<slug>/index.md
struct CaseStudy {
  std::string id;            // "<org>/<slug>"
  std::string slug;
  std::string source;        // path of index.md
  std::string title;
  std::string organization;  // organization id
  Date date;
  std::vector<std::string> authors;
  std::string form;          // one of the five forms
  std::string kind;          // традиционное, групповое, …
  std::string element;       // адаптация / обучение / сопровождение
  std::string academic_year; // "2022-2023"
  std::vector<std::string> tags;
  std::string summary;
  std::vector<std::string> results;
  std::vector<std::string> awards;
  std::vector<Attachment> attachments;
  // The Markdown body stays in LoadedSite (read once); its HTML is in
  // RenderedBodies, by `source`.
  bool draft = false;   // checked like any case, never published
  int draft_line = 0;   // where `draft:` is written
};

}  // namespace nastavnik
