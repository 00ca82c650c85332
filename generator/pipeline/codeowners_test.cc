#include <doctest/doctest.h>

#include "pipeline/codeowners.h"

using namespace nastavnik;

TEST_CASE("CODEOWNERS: the department's curator owns everything, each curator its case folder") {
  SiteConfig config;
  config.issuer = "uo";
  std::vector<Organization> orgs(4);
  orgs[0].id = "gym-1";
  orgs[0].curator_github = "@curator-gym1";
  orgs[1].id = "sch-2";  // no curator on GitHub: the default owner reviews
  orgs[2].id = "sch-3";
  orgs[2].curator_github = "curator-sch3";
  orgs[3].id = "uo";
  orgs[3].curator_github = "uo-metodist";
  auto r = GenerateCodeowners(config, orgs);
  CHECK(r.warning.empty());
  // The catch-all comes first: GitHub applies the last matching line.
  size_t all = r.text.find("\n* @uo-metodist\n");
  size_t gym = r.text.find("\n/content/cases/gym-1/ @curator-gym1\n");
  size_t sch3 = r.text.find("\n/content/cases/sch-3/ @curator-sch3\n");
  REQUIRE(all != std::string::npos);
  REQUIRE(gym != std::string::npos);
  REQUIRE(sch3 != std::string::npos);
  CHECK(all < gym);
  CHECK(gym < sch3);
  CHECK(r.text.find("sch-2") == std::string::npos);
  CHECK(r.text.find("/content/cases/uo/") == std::string::npos);

  config.issuer = "sch-2";
  auto no_default = GenerateCodeowners(config, orgs);
  CHECK_FALSE(no_default.warning.empty());
  CHECK(no_default.text.find("\n* ") == std::string::npos);
}
