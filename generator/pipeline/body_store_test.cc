#include "pipeline/body_store.h"

#include <doctest/doctest.h>

#include <tbb/parallel_for.h>

#include <atomic>
#include <filesystem>
#include <string>
#include <vector>

namespace nastavnik {

TEST_CASE("BodyStore gives back every body by source, from its file") {
  std::vector<std::string> sources = {"content/_index.md", "content/cases/a/b/index.md", "content/orders/x.md"};
  std::string dir = std::filesystem::temp_directory_path().string();
  BodyStore store(sources, dir);
  CHECK(store.spilled());
  store.Put(0, "<p>главная</p>\\n");
  store.Put(2, "<p>приказ</p>\\n");
  // A body never rendered (its file could not be read) is empty, as is an unknown source.
  CHECK(store.Html("content/_index.md") == "<p>главная</p>\\n");
  CHECK(store.Html("content/orders/x.md") == "<p>приказ</p>\\n");
  CHECK(store.Html("content/cases/a/b/index.md").empty());
  CHECK(store.Html("content/pages/none.md").empty());
  CHECK(store.status().ok());
  // A preview session's edit replaces a body in memory.
  CHECK(store.Replace("content/orders/x.md", "<p>новый</p>"));
  CHECK(store.Html("content/orders/x.md") == "<p>новый</p>");
  CHECK_FALSE(store.Replace("content/pages/none.md", "<p>x</p>"));
}

TEST_CASE("BodyStore: bodies put from many threads come back whole") {
  std::vector<std::string> sources;
  for (int i = 0; i < 2000; ++i) sources.push_back("content/d" + std::to_string(100000 + i) + ".md");
  BodyStore store(sources, "");
  auto body = [](size_t i) { return std::string(i % 97, static_cast<char>('a' + i % 26)) + std::to_string(i); };
  tbb::parallel_for(size_t{0}, sources.size(), [&](size_t i) { store.Put(i, body(i)); });
  size_t wrong = 0;
  for (size_t i = 0; i < sources.size(); ++i) wrong += store.Html(sources[i]) != body(i);
  CHECK(wrong == 0);
}

TEST_CASE("BodyStore: bodies read back while others are put, in written batches, in the batch, larger than a batch") {
  // Bodies of 0..40 KB, so that batches of 64 KB hold several or one; each
  // is read back as soon as it is put (from the batch or from the file),
  // and all again at the end (the last ones were never written).
  std::vector<std::string> sources;
  for (int i = 0; i < 300; ++i) sources.push_back("content/d" + std::to_string(100000 + i) + ".md");
  BodyStore store(sources, std::filesystem::temp_directory_path().string());
  REQUIRE(store.spilled());
  auto body = [](size_t i) {
    const size_t size = i % 10 == 9 ? (100 << 10) + i : (i * 137) % (40 << 10);
    std::string s(size, static_cast<char>('a' + i % 26));
    return s + std::to_string(i);
  };
  std::atomic<size_t> wrong{0};
  tbb::parallel_for(size_t{0}, sources.size(), [&](size_t i) {
    store.Put(i, body(i));
    if (store.Html(sources[i]) != body(i)) ++wrong;
  });
  for (size_t i = 0; i < sources.size(); ++i) wrong += store.Html(sources[i]) != body(i);
  CHECK(wrong.load() == 0);
  CHECK(store.status().ok());
}

TEST_CASE("BodyStore without a usable folder still works") {
  // Not a folder: the temporary folder is used instead.
  BodyStore store({"content/a.md"}, "/nonexistent/nastavnik-test");
  store.Put(0, "<p>a</p>");
  CHECK(store.Html("content/a.md") == "<p>a</p>");
}

}  // namespace nastavnik
