#pragma once
// Typed values of registry cells as methodists type them in Excel: numbers
// with a decimal comma and spaces between thousands, «да»/«нет», lists in one
// cell. Dates are in util/date.h (ParseDate). Every parser accepts
// surrounding white space and returns nullopt for anything it does not
// understand; the caller reports that with the cell's position.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace nastavnik {

// "1234,5", "1234.5", "1 234,5", "1 234" with a no-break (U+00A0) or narrow
// no-break (U+202F) space as Excel writes it, "-3", "+3", "−3" (U+2212),
// "1,5E+03". Thousands separators may only split the integer part into groups
// of three digits; one decimal separator at most, with digits on both sides.
// "1.234,5" (dots between thousands) is refused as ambiguous. Only finite
// values.
std::optional<double> ParseNumber(std::string_view text);

// A whole number with the same signs and thousands separators: "1 234", "-5".
// "5,0" and values outside long long are refused.
std::optional<long long> ParseInteger(std::string_view text);

// «да»/«нет», «д»/«н», «истина»/«ложь» (Russian Excel's TRUE/FALSE),
// «+»/«-», «1»/«0», «true»/«false», «yes»/«no», in any letter case.
std::optional<bool> ParseBool(std::string_view text);

// The items of a list typed in one cell. Items are separated by line breaks
// (Alt+Enter in Excel) and by ';' when the cell has one, otherwise by ','
// (so «Иванов И. И.; Петров, П.» keeps the comma). Items are trimmed; empty
// items are dropped.
std::vector<std::string> ParseList(std::string_view text);

}  // namespace nastavnik
