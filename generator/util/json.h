#pragma once
// A minimal JSON writer with deterministic output: keys are written in the
// order the caller gives them, numbers in a fixed format.
#include <string>
#include <string_view>
#include <vector>

namespace nastavnik {

// Escapes a UTF-8 string for a JSON string literal (without the quotes).
std::string JsonEscape(std::string_view s);

class JsonWriter {
 public:
  explicit JsonWriter(bool pretty = true) : pretty_(pretty) {}

  JsonWriter& BeginObject();
  JsonWriter& EndObject();
  JsonWriter& BeginArray();
  JsonWriter& EndArray();
  JsonWriter& Key(std::string_view key);
  JsonWriter& String(std::string_view value);
  JsonWriter& Int(long long value);
  // Doubles are written with up to 6 significant decimals, no exponent.
  JsonWriter& Number(double value);
  JsonWriter& Bool(bool value);
  JsonWriter& Null();

  const std::string& str() const { return out_; }

 private:
  void BeforeValue();
  void Newline();

  bool pretty_;
  std::string out_;
  // One entry per open container: count of values written so far.
  std::vector<int> counts_;
  bool after_key_ = false;
};

// Formats a double like JsonWriter::Number (shared by CSV and HTML so that the
// site, the JSON and the spreadsheets print the same digits).
std::string FormatNumber(double value, int max_decimals = 6);

}  // namespace nastavnik
