#pragma once
// Diagnostics: what nastavnik tells a user about bad input.
//
// Bad input (YAML, CSV cells, links, templates) never throws and never stops
// processing: each problem becomes a Diagnostic in a Diagnostics collector and
// the command decides the exit code at the end. Every message and hint is in
// Russian, written for a school curator; codes are stable (see diag/codes.h).
//
// Thread safety: Diagnostics may be shared by threads; Add() locks.
#include <mutex>
#include <string>
#include <vector>

namespace nastavnik {

enum class Severity { kError, kWarning };

// A place in a source file. Lines and columns are 1-based; 0 means unknown
// (a diagnostic about a whole file has line 0).
struct SourcePos {
  std::string path;  // relative to the site root, with '/' separators
  int line = 0;
  int column = 0;
};

struct Diagnostic {
  SourcePos pos;
  Severity severity = Severity::kError;
  std::string code;     // "E021", "W003": stable, documented in diag/codes.h
  std::string message;  // Russian, one sentence, says what is wrong
  std::string hint;     // Russian, optional, says how to fix it
  // The text of the offending line when the reader had to decode it (a CSV in
  // Windows-1251); otherwise empty and the text renderer reads the file.
  std::string source_line;
};

class Diagnostics {
 public:
  void Add(Diagnostic d);
  void Error(SourcePos pos, std::string code, std::string message, std::string hint = {});
  void Warning(SourcePos pos, std::string code, std::string message, std::string hint = {});

  bool HasErrors() const;
  size_t error_count() const;
  size_t warning_count() const;
  bool empty() const;

  // All diagnostics sorted by path, line, column, then code, so output is
  // deterministic however they were collected.
  std::vector<Diagnostic> Sorted() const;

  // Moves every diagnostic of `other` into this collector.
  void Merge(Diagnostics&& other);

 private:
  mutable std::mutex mu_;
  std::vector<Diagnostic> items_;
};

}  // namespace nastavnik
