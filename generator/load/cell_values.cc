#include "load/cell_values.h"

#include <charconv>
#include <cmath>

#include "util/strings.h"

namespace nastavnik {

namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Rewrites a number as typed by a person into the C locale form that
// from_chars reads: sign, digits, '.', digits, exponent. Returns false when
// the text is not a number in the accepted forms.
bool Canonical(std::string_view text, bool allow_fraction, std::string& out) {
  std::string_view s = Trim(text);
  out.clear();
  if (StartsWith(s, "-")) {
    out += '-';
    s.remove_prefix(1);
  } else if (StartsWith(s, "\xE2\x88\x92")) {  // U+2212 MINUS SIGN
    out += '-';
    s.remove_prefix(3);
  } else if (StartsWith(s, "+")) {
    s.remove_prefix(1);
  }
  // Integer part: digits, optionally in groups of three after the first.
  size_t group = 0;   // digits in the current group
  bool grouped = false;
  while (!s.empty()) {
    if (IsDigit(s.front())) {
      out += s.front();
      ++group;
      s.remove_prefix(1);
      continue;
    }
    size_t sep = 0;
    if (s.front() == ' ') sep = 1;
    else if (StartsWith(s, "\xC2\xA0")) sep = 2;           // U+00A0
    else if (StartsWith(s, "\xE2\x80\xAF")) sep = 3;       // U+202F
    else if (StartsWith(s, "\xE2\x80\x89")) sep = 3;       // U+2009 thin space
    if (sep == 0) break;
    // A separator must follow 1–3 digits (the first group) or exactly 3.
    if (group == 0 || group > 3 || (grouped && group != 3)) return false;
    grouped = true;
    group = 0;
    s.remove_prefix(sep);
  }
  if (group == 0 || (grouped && group != 3)) return false;
  if (s.empty()) return true;
  if (!allow_fraction) return false;
  if (s.front() == ',' || s.front() == '.') {
    s.remove_prefix(1);
    out += '.';
    size_t digits = 0;
    while (!s.empty() && IsDigit(s.front())) {
      out += s.front();
      s.remove_prefix(1);
      ++digits;
    }
    if (digits == 0) return false;
  }
  if (!s.empty() && (s.front() == 'e' || s.front() == 'E')) {
    out += 'e';
    s.remove_prefix(1);
    if (!s.empty() && (s.front() == '+' || s.front() == '-')) {
      out += s.front();
      s.remove_prefix(1);
    }
    size_t digits = 0;
    while (!s.empty() && IsDigit(s.front())) {
      out += s.front();
      s.remove_prefix(1);
      ++digits;
    }
    if (digits == 0) return false;
  }
  return s.empty();
}

}  // namespace

std::optional<double> ParseNumber(std::string_view text) {
  std::string canon;
  if (!Canonical(text, true, canon)) return std::nullopt;
  double v = 0;
  auto [end, ec] = std::from_chars(canon.data(), canon.data() + canon.size(), v);
  if (ec != std::errc() || end != canon.data() + canon.size() || !std::isfinite(v))
    return std::nullopt;
  return v;
}

std::optional<long long> ParseInteger(std::string_view text) {
  std::string canon;
  if (!Canonical(text, false, canon)) return std::nullopt;
  long long v = 0;
  auto [end, ec] = std::from_chars(canon.data(), canon.data() + canon.size(), v);
  if (ec != std::errc() || end != canon.data() + canon.size()) return std::nullopt;
  return v;
}

std::optional<bool> ParseBool(std::string_view text) {
  static constexpr std::string_view kYes[] = {"да", "д", "истина", "+", "1", "true", "yes", "y"};
  static constexpr std::string_view kNo[] = {"нет", "н", "ложь", "-", "0", "false", "no", "n"};
  auto match = [](std::string_view s) -> std::optional<bool> {
    for (std::string_view yes : kYes)
      if (s == yes) return true;
    for (std::string_view no : kNo)
      if (s == no) return false;
    return std::nullopt;
  };
  // Spelt as listed (most cells, and every default): not lowered first.
  const std::string_view t = Trim(text);
  if (auto b = match(t)) return b;
  return match(LowerUtf8(t));
}

std::vector<std::string> ParseList(std::string_view text) {
  char sep = text.find(';') != std::string_view::npos ? ';' : ',';
  std::vector<std::string> out;
  size_t start = 0;
  for (size_t i = 0; i <= text.size(); ++i) {
    if (i == text.size() || text[i] == sep || text[i] == '\n' || text[i] == '\r') {
      std::string_view item = Trim(text.substr(start, i - start));
      if (!item.empty()) out.emplace_back(item);
      start = i + 1;
    }
  }
  return out;
}

}  // namespace nastavnik
