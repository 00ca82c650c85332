#include <doctest/doctest.h>

#include "load/cell_values.h"

using namespace nastavnik;

TEST_CASE("ParseNumber reads decimal commas and thousands separators") {
  CHECK(ParseNumber("1234,5") == 1234.5);
  CHECK(ParseNumber("1234.5") == 1234.5);
  CHECK(ParseNumber(" 1 234,5 ") == 1234.5);
  CHECK(ParseNumber("1\xC2\xA0" "234\xC2\xA0" "567") == 1234567.0);
  CHECK(ParseNumber("1\xE2\x80\xAF" "234") == 1234.0);
  CHECK(ParseNumber("-3") == -3.0);
  CHECK(ParseNumber("+3") == 3.0);
  CHECK(ParseNumber("\xE2\x88\x92" "2,5") == -2.5);
  CHECK(ParseNumber("1,5E+03") == 1500.0);
  CHECK(ParseNumber("0,25") == 0.25);
  CHECK_FALSE(ParseNumber(""));
  CHECK_FALSE(ParseNumber("abc"));
  CHECK_FALSE(ParseNumber("1.234,5"));
  CHECK_FALSE(ParseNumber("12 34"));
  CHECK_FALSE(ParseNumber("1234 567"));
  CHECK_FALSE(ParseNumber("1 2345"));
  CHECK_FALSE(ParseNumber(",5"));
  CHECK_FALSE(ParseNumber("5,"));
  CHECK_FALSE(ParseNumber("5%"));
  CHECK_FALSE(ParseNumber("1e999"));
  CHECK_FALSE(ParseNumber("nan"));
  CHECK_FALSE(ParseNumber("-"));
  CHECK_FALSE(ParseNumber("1 "
                          " 234"));
}

TEST_CASE("ParseInteger refuses fractions and overflow") {
  CHECK(ParseInteger("1 234") == 1234);
  CHECK(ParseInteger("-5") == -5);
  CHECK(ParseInteger(" 007 ") == 7);
  CHECK_FALSE(ParseInteger("5,0"));
  CHECK_FALSE(ParseInteger("5.5"));
  CHECK_FALSE(ParseInteger("99999999999999999999"));
  CHECK_FALSE(ParseInteger("1e3"));
}

TEST_CASE("ParseBool understands Russian, English and Excel's words") {
  for (const char* yes : {"да", "Да", "ДА", "д", "истина", "ИСТИНА", "+", "1", "true", "TRUE", "yes"})
    CHECK(ParseBool(yes) == true);
  for (const char* no : {"нет", "Нет", "н", "ложь", "ЛОЖЬ", "-", "0", "false", "No"})
    CHECK(ParseBool(no) == false);
  CHECK_FALSE(ParseBool(""));
  CHECK_FALSE(ParseBool("может быть"));
  CHECK_FALSE(ParseBool("2"));
  // Spaces around, and upper case where the word is not spelt as listed.
  CHECK(ParseBool(" Да ") == true);
  CHECK(ParseBool("\tНЕТ") == false);
  CHECK(ParseBool("Y") == true);
}

TEST_CASE("ParseList splits by ';' when present, else ','; line breaks always") {
  using V = std::vector<std::string>;
  CHECK(ParseList("ОО, ДО ,ДОУ") == V{"ОО", "ДО", "ДОУ"});
  CHECK(ParseList("Иванов И. И.; Петров, П.") == V{"Иванов И. И.", "Петров, П."});
  CHECK(ParseList("первый\nвторой\r\nтретий") == V{"первый", "второй", "третий"});
  CHECK(ParseList(" , ,") == V{});
  CHECK(ParseList(" ; ;\n") == V{});
  CHECK(ParseList("1,5; 2") == V{"1,5", "2"});
  CHECK(ParseList("") == V{});
  CHECK(ParseList("один") == V{"один"});
}
