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

}  // namespace nastavnik
