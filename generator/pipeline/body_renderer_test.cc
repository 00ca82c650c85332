#include "pipeline/body_renderer.h"

#include <doctest/doctest.h>

#include <map>
#include <string>

using namespace nastavnik;

namespace {

void AddSite(MemoryFileSystem& fs, int pages) {
  fs.Add("site.yaml", "title: Тест\n");
  fs.Add("data/organizations.csv", "Код;Полное наименование;Краткое наименование;Тип\nuo;Управление;УО;другое\n");
  for (int i = 0; i < pages; ++i)
    fs.Add("content/pages/p" + std::to_string(i) + ".md",
           "---\ntitle: Страница " + std::to_string(i) + "\n---\nТекст **" + std::to_string(i) +
               "**, ~~зачёркнуто~~ и [соседняя страница](p" + std::to_string((i + 1) % pages) + ".md).\n");
}

struct Rendered {
  std::map<std::string, std::string> html;  // by source
  std::string codes;                        // "path CODE\n" of each diagnostic, sorted
  bool texts_released = true;
};

// Loads the site with the bodies starting as soon as the content is loaded;
// `before_start` runs just before (on the content's thread).
Rendered Render(MemoryFileSystem& fs, bool lane_thread, const std::function<void()>& before_start = {}) {
  Diagnostics diags;
  BodyRenderer renderer(/*keep_texts=*/false, std::string(), diags);
  LoadOptions options;
  options.keep_texts = false;
  options.on_content_loaded = [&](const LoadedSite& loaded) {
    if (before_start) before_start();
    renderer.Start(loaded, lane_thread);
  };
  LoadedSite site = LoadSite(fs, diags, options);  // moved after Start: the renderer keeps what stays
  PersonalDataCheck privacy(site, Date{2023, 11, 1}, "public");
  renderer.SetScanner(privacy);
  renderer.Finish(site);
  Rendered out;
  for (const auto& d : site.docs) {
    out.html[d.path] = renderer.store->Html(d.path);
    out.texts_released = out.texts_released && d.text_released;
  }
  for (const auto& d : diags.Sorted()) out.codes += d.pos.path + " " + d.code + "\n";
  return out;
}

}  // namespace

TEST_CASE("Bodies rendered from the load on, on a thread of their own or not, are the same; texts are freed") {
  MemoryFileSystem fs;
  AddSite(fs, 120);
  Rendered lane = Render(fs, /*lane_thread=*/true);
  Rendered here = Render(fs, /*lane_thread=*/false);
  CHECK(lane.codes.empty());
  CHECK(lane.html == here.html);
  CHECK(lane.texts_released);
  REQUIRE(lane.html.size() == 120);
  CHECK(lane.html.at("content/pages/p7.md") ==
        "<p>Текст <strong>7</strong>, <del>зачёркнуто</del> и <a href=\"../p8/index.html\">соседняя страница</a>.</p>\n");
}

TEST_CASE("A file changed after it was loaded is reported once and its body left empty") {
  MemoryFileSystem fs;
  AddSite(fs, 3);
  Rendered r = Render(fs, /*lane_thread=*/true, [&] { fs.Add("content/pages/p1.md", "---\ntitle: другой\n---\nИной текст\n"); });
  CHECK(r.codes == "content/pages/p1.md E001\n");
  CHECK(r.html.at("content/pages/p1.md").empty());
  CHECK_FALSE(r.html.at("content/pages/p0.md").empty());
}
