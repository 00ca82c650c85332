#include "util/hash.h"

#include <doctest/doctest.h>

#include <set>

namespace nastavnik {

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
  std::set<std::string> digests;
  size_t inputs = 0;
  for (size_t len = 0; len <= 40; ++len) {
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
  CHECK(digests.size() == inputs);
  CHECK(Hasher().Add(uint64_t{1}).Add(uint64_t{2}).Hex() != Hasher().Add(uint64_t{2}).Add(uint64_t{1}).Hex());
}

}  // namespace nastavnik
