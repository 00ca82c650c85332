#include "cli/preview_files.h"

#include "util/xml_text.h"

#include <sys/stat.h>

#include <cstdlib>
#include <filesystem>
#include <map>

#include "util/strings.h"

namespace nastavnik {

namespace {

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::optional<std::string> PercentDecode(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '%') {
      out += s[i];
      continue;
    }
    if (i + 2 >= s.size()) return std::nullopt;
    int hi = HexValue(s[i + 1]), lo = HexValue(s[i + 2]);
    if (hi < 0 || lo < 0) return std::nullopt;
    out += static_cast<char>(hi * 16 + lo);
    i += 2;
  }
  return out;
}

bool IsDirectory(const std::string& path) {
  struct stat st;
  return ::stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

bool IsRegularFile(const std::string& path) {
  struct stat st;
  return ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

// True when `path` (which exists) resolves, symlinks followed, to `root` or
// something inside it.
bool StaysInside(const std::string& root, const std::string& path) {
  char* real = ::realpath(path.c_str(), nullptr);
  if (!real) return false;
  std::string resolved(real);
  std::free(real);
  return resolved == root || StartsWith(resolved, root + "/");
}

}  // namespace

PreviewTarget ResolvePreviewPath(const std::string& root, std::string_view request_path) {
  PreviewTarget t;
  std::string_view path = request_path.substr(0, request_path.find_first_of("?#"));
  auto decoded = PercentDecode(path);
  if (!decoded || decoded->empty() || (*decoded)[0] != '/' ||
      decoded->find('\0') != std::string::npos || decoded->find('\\') != std::string::npos) {
    t.kind = PreviewTarget::Kind::kForbidden;
    return t;
  }
  for (const auto& part : Split(*decoded, '/')) {
    if (part == ".." || part == ".") {
      t.kind = PreviewTarget::Kind::kForbidden;
      return t;
    }
  }
  std::string full = root + *decoded;
  struct stat st;
  if (::lstat(full.c_str(), &st) == 0 && !StaysInside(root, full)) {
    t.kind = PreviewTarget::Kind::kForbidden;  // a symlink leading out, even to a folder
    return t;
  }
  if (IsDirectory(full)) {
    if (!EndsWith(*decoded, "/")) {
      t.kind = PreviewTarget::Kind::kRedirect;
      t.location = std::string(path) + "/";
      return t;
    }
    full += "index.html";
  }
  if (!IsRegularFile(full)) {
    // A link leading outside is forbidden even when its target is missing.
    if (::lstat(full.c_str(), &st) == 0 && !StaysInside(root, full)) t.kind = PreviewTarget::Kind::kForbidden;
    return t;
  }
  if (!StaysInside(root, full)) {
    t.kind = PreviewTarget::Kind::kForbidden;
    return t;
  }
  t.kind = PreviewTarget::Kind::kFile;
  t.file = full;
  return t;
}

std::string ContentTypeOf(std::string_view path) {
  static const std::map<std::string, std::string> kTypes = {
      {"css", "text/css; charset=utf-8"},
      {"csv", "text/csv; charset=utf-8"},
      {"docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"},
      {"gif", "image/gif"},
      {"htm", "text/html; charset=utf-8"},
      {"html", "text/html; charset=utf-8"},
      {"ico", "image/x-icon"},
      {"ics", "text/calendar; charset=utf-8"},
      {"jpeg", "image/jpeg"},
      {"jpg", "image/jpeg"},
      {"js", "text/javascript; charset=utf-8"},
      {"json", "application/json"},
      {"mjs", "text/javascript; charset=utf-8"},
      {"odp", "application/vnd.oasis.opendocument.presentation"},
      {"ods", "application/vnd.oasis.opendocument.spreadsheet"},
      {"odt", "application/vnd.oasis.opendocument.text"},
      {"pdf", "application/pdf"},
      {"png", "image/png"},
      {"svg", "image/svg+xml"},
      {"txt", "text/plain; charset=utf-8"},
      {"wasm", "application/wasm"},
      {"webmanifest", "application/manifest+json"},
      {"webp", "image/webp"},
      {"woff", "font/woff"},
      {"woff2", "font/woff2"},
      {"xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
      {"xml", "application/xml; charset=utf-8"},
  };
  size_t slash = path.rfind('/');
  size_t dot = path.rfind('.');
  if (dot == std::string_view::npos || (slash != std::string_view::npos && dot < slash))
    return "application/octet-stream";
  auto it = kTypes.find(LowerUtf8(path.substr(dot + 1)));
  return it == kTypes.end() ? "application/octet-stream" : it->second;
}

namespace {

std::string ReloadScript(long long generation) {
  // Polls rather than holding a connection open (server-sent events): every
  // open tab would pin one of the server's threads. Asks about its own page,
  // so that pages an edit did not change stay as they are.
  return std::string("<script>(function(){var g=") + std::to_string(generation) +
         ";function poll(){fetch('" + kPreviewGenerationPath +
         "?path='+encodeURIComponent(location.pathname),{cache:'no-store'}).then(function(r){return r.text();}).then(function(t){"
         "if(parseInt(t,10)!==g){location.reload();}else{setTimeout(poll,400);}})"
         ".catch(function(){setTimeout(poll,1000);});}setTimeout(poll,400);})();</script>";
}

}  // namespace

std::string PollPagePath(std::string_view uri) {
  size_t q = uri.find('?');
  if (q == std::string_view::npos) return "";
  for (std::string_view rest = uri.substr(q + 1); !rest.empty();) {
    size_t amp = rest.find('&');
    std::string_view part = rest.substr(0, amp);
    rest = amp == std::string_view::npos ? std::string_view() : rest.substr(amp + 1);
    if (!StartsWith(part, "path=")) continue;
    auto decoded = PercentDecode(part.substr(5));  // encodeURIComponent's, once
    return decoded ? *decoded : "";
  }
  return "";
}

std::string InjectReloadScript(std::string html, long long generation) {
  std::string script = ReloadScript(generation);
  size_t at = html.rfind("</body>");
  if (at == std::string::npos) return html + script;
  html.insert(at, script);
  return html;
}

std::string ErrorOverlayPage(std::string_view report, long long generation) {
  return "<!doctype html>\n<html lang=\"ru\"><head><meta charset=\"utf-8\">"
         "<title>Сайт не собран: ошибки в материалах</title>"
         "<style>body{font:16px/1.5 sans-serif;margin:2rem;background:#fff5f5;color:#222}"
         "h1{color:#b00020;font-size:1.4rem}pre{white-space:pre-wrap;background:#fff;border:1px solid #e0b4b4;"
         "padding:1rem;font:14px/1.4 monospace}</style></head><body>"
         "<h1>Сайт не собран: исправьте ошибки ниже</h1>"
         "<p>Страница обновится сама, как только ошибки будут исправлены и файл сохранён.</p>"
         "<pre id=\"nastavnik-errors\">" +
         XmlEscape(report) + "</pre>" + ReloadScript(generation) + "</body></html>\n";
}

}  // namespace nastavnik
