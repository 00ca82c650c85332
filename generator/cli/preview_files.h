#pragma once
// What `nastavnik serve` sends for a request, without the HTTP library:
// mapping a URL path to a file of the built tree, content types, the reload
// script injected into previewed HTML and the error overlay. Pure functions,
// unit-tested; cli/serve_command.cc wires them to Poco's HTTP server.
#include <optional>
#include <string>
#include <string_view>

namespace nastavnik {

struct PreviewTarget {
  enum class Kind { kFile, kRedirect, kForbidden, kNotFound } kind = Kind::kNotFound;
  std::string file;      // kFile: absolute path of the file to send
  std::string location;  // kRedirect: the path with a trailing slash
};

// Maps a request path (as sent: percent-encoded, maybe with ?query) to a
// file under `root` (an absolute, canonical directory). Percent-encoding is
// decoded (Cyrillic names), a directory gives its index.html (and a redirect
// to add the trailing slash). Anything that would leave `root` — "..", an
// encoded "%2e%2e", a backslash, a NUL, a symlink pointing outside — is
// kForbidden.
PreviewTarget ResolvePreviewPath(const std::string& root, std::string_view request_path);

// "text/html; charset=utf-8" for "x.html", and so on; octet-stream otherwise.
std::string ContentTypeOf(std::string_view path);

// The path the injected script polls, with the page's own path as
// `?path=/cases/`; it answers the page's version: the generation at which
// its file was last rewritten (a full build, a failed one and a theme's
// static file change every page's).
inline constexpr const char* kPreviewGenerationPath = "/__nastavnik/generation";

// The page path a poll asks about ("/__nastavnik/generation?path=%2Fcases%2F"
// → "/cases/", still percent-encoded as a request path); empty when none.
std::string PollPagePath(std::string_view uri);

// `html` with a small script before </body> that reloads the page when its
// version (see kPreviewGenerationPath) is no longer `version`. Only responses
// of the preview server get it; built files never do.
std::string InjectReloadScript(std::string html, long long version);

// A whole HTML page showing a failed build's report (escaped) in place of
// the stale site; it reloads itself once the site builds again.
std::string ErrorOverlayPage(std::string_view report, long long generation);

}  // namespace nastavnik
