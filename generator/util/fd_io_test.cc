#include <doctest/doctest.h>
#include <fcntl.h>
#include <unistd.h>

#include <string>

#include "util/fd_io.h"
#include "util/test_temp_dir.h"

namespace nastavnik {
namespace {

TEST_CASE("fd_io: whole writes at the position and at offsets, whole reads, an early end refused") {
  TempDir dir("fd_io");
  const std::string path = (dir.dir() / "f").string();
  int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  REQUIRE(fd >= 0);
  std::string big(3 << 20, 'x');  // larger than one write usually takes from a pipe
  for (size_t i = 0; i < big.size(); i += 4093) big[i] = static_cast<char>('a' + i % 26);
  CHECK(WriteAll(fd, "начало:"));
  CHECK(WriteAll(fd, big));
  CHECK(WriteAllAt(fd, "НАЧАЛО", 0));  // the position does not move
  CHECK(WriteAll(fd, "|конец"));
  std::string head(std::string("НАЧАЛО").size(), '\0');
  CHECK(ReadAllAt(fd, head.data(), head.size(), 0));
  CHECK(head == "НАЧАЛО");
  const size_t body_at = std::string("начало:").size();
  std::string body(big.size(), '\0');
  CHECK(ReadAllAt(fd, body.data(), body.size(), body_at));
  CHECK(body == big);
  std::string tail(std::string("|конец").size(), '\0');
  CHECK(ReadAllAt(fd, tail.data(), tail.size(), body_at + big.size()));
  CHECK(tail == "|конец");
  std::string past(2, '\0');
  CHECK_FALSE(ReadAllAt(fd, past.data(), past.size(), body_at + big.size() + tail.size() - 1));
  ::close(fd);
  CHECK_FALSE(WriteAll(fd, "x"));  // closed: an error, not a loop
}

}  // namespace
}  // namespace nastavnik
