#include "util/hash.h"

#include <doctest/doctest.h>

#include <set>
#include <vector>

namespace nastavnik {

namespace {

// Whether "aaa…" of each length and every variant with one byte changed
// all hash differently.
bool EveryByteCounts(const std::vector<size_t>& lengths) {
  std::set<std::string> digests;
  size_t inputs = 0;
  for (size_t len : lengths) {
    std::string s(len, 'a');
    digests.insert(Hasher().Add(s).Hex());
    ++inputs;
    for (size_t pos = 0; pos < len; ++pos) {
      std::string changed = s;
      changed[pos] = 'b';
      digests.insert(Hasher().Add(changed).Hex());
      ++inputs;
    }
  }
  return digests.size() == inputs;
}

}  // namespace

TEST_CASE("Hasher: same input, same digest; any change, another digest") {
  CHECK(Hasher().Add("практика").Hex() == Hasher().Add("практика").Hex());
  CHECK(Hasher().Add("практика").Hex().size() == 32);
  CHECK(Hasher().Add("ab").Add("c").Hex() != Hasher().Add("a").Add("bc").Hex());
  CHECK(Hasher().Add("").Hex() != Hasher().Hex());
  // One flipped bit anywhere in a page-sized input changes the digest.
  std::string page(7000, 'x');
  std::set<std::string> digests{Hasher().Add(page).Hex()};
  for (size_t pos : {0, 7, 8, 3333, 6999}) {
    std::string changed = page;
    changed[pos] ^= 1;
    digests.insert(Hasher().Add(changed).Hex());
  }
  CHECK(digests.size() == 6);
}

TEST_CASE("Hasher: every byte of blocks and tails counts, and every length") {
  // Inputs of 0–40 bytes cover the 16-byte blocks, an 8-byte word and tails.
  std::vector<size_t> lengths;
  for (size_t len = 0; len <= 40; ++len) lengths.push_back(len);
  CHECK(EveryByteCounts(lengths));
  CHECK(Hasher().Add(uint64_t{1}).Add(uint64_t{2}).Hex() != Hasher().Add(uint64_t{2}).Add(uint64_t{1}).Hex());
}

TEST_CASE("Hasher: long inputs (four lanes of 16-byte blocks) count every byte, lane and order") {
  // 64–200 bytes: whole stripes of four lanes, then blocks, words and tails.
  CHECK(EveryByteCounts({63, 64, 65, 79, 80, 127, 128, 143, 200}));
  // Two lanes' blocks swapped: another digest.
  std::string x(128, 'a');
  std::string y = x;
  y[0] = 'b';
  y[16] = 'c';
  std::string z = x;
  z[0] = 'c';
  z[16] = 'b';
  CHECK(Hasher().Add(y).Hex() != Hasher().Add(z).Hex());
  // The state before a long input counts.
  CHECK(Hasher().Add("p").Add(x).Hex() != Hasher().Add("q").Add(x).Hex());
}

}  // namespace nastavnik
