// `nastavnik serve`: builds the site, serves it on 127.0.0.1 and rebuilds
// it when a source changes; open pages reload themselves. The only place
// that includes Poco's HTTP server.
#include <signal.h>
#include <time.h>

#include <chrono>
#include <cstdlib>
#include <cstdio>
#include <iostream>
#include <memory>
#include <mutex>
#include <unordered_map>
#include <vector>

#include <Poco/Exception.h>
#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/SocketAddress.h>

#include "cli/commands.h"
#include "cli/preview_files.h"
#include "cli/site_watcher.h"
#include "diag/report.h"
#include "pipeline/build.h"
#include "pipeline/build_session.h"
#include "util/date.h"
#include "util/strings.h"
#include "util/trace.h"

namespace nastavnik {

namespace {

using Poco::Net::HTTPResponse;

// What the server shows: the latest build's outcome. `generation` grows with
// every rebuild; a page's version is the generation at which its file was
// last rewritten in place (`versions`, by file of the public tree), or
// `base`, the last generation that changed every page (a full build, a
// failed one, a theme's static file): an open page reloads when its own
// version changes, not when an edit elsewhere is written.
struct PreviewState {
  std::mutex mu;
  long long generation = 0;
  long long base = 0;
  std::unordered_map<std::string, long long> versions;
  bool failed = false;
  std::string report;  // the failed build's diagnostics, as printed

  long long VersionOf(const std::string& file) const {
    auto it = versions.find(file);
    return it == versions.end() ? base : it->second;
  }
  // Under `mu`: a new generation; `files` rewritten in place (public tree),
  // or every page when `all`.
  void Advance(bool all, const std::vector<std::string>& files) {
    ++generation;
    for (const auto& f : files) all = all || !EndsWith(f, ".html");
    if (all) {
      base = generation;
      versions.clear();
      return;
    }
    for (const auto& f : files) versions[f] = generation;
  }
};

class PreviewHandler : public Poco::Net::HTTPRequestHandler {
 public:
  PreviewHandler(PreviewState& state, PublishedFiles& files) : state_(state), files_(files) {}

  void handleRequest(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response) override {
    Trace("http: start ", request.getURI());
    response.set("Cache-Control", "no-store");
    if (request.getMethod() != "GET" && request.getMethod() != "HEAD") {
      Send(response, HTTPResponse::HTTP_METHOD_NOT_ALLOWED, "text/plain; charset=utf-8", "Метод не поддерживается\n");
      return;
    }
    char* real = ::realpath(files_.dir().c_str(), nullptr);
    std::string root = real ? real : files_.dir();
    std::free(real);
    const std::string& uri = request.getURI();
    const bool poll = uri == kPreviewGenerationPath || StartsWith(uri, std::string(kPreviewGenerationPath) + "?");
    PreviewTarget target = ResolvePreviewPath(root, poll ? PollPagePath(uri) : uri);
    std::string file;  // of the public tree
    if (target.kind == PreviewTarget::Kind::kFile && StartsWith(target.file, root + "/"))
      file = target.file.substr(root.size() + 1);
    long long generation;
    bool failed;
    std::string report;
    {
      std::lock_guard<std::mutex> lock(state_.mu);
      generation = state_.VersionOf(file);
      failed = state_.failed;
      report = state_.report;
    }
    Trace("http: version read ", request.getURI());
    if (poll) {
      Send(response, HTTPResponse::HTTP_OK, "text/plain; charset=utf-8", std::to_string(generation));
      return;
    }
    bool wants_page = target.kind == PreviewTarget::Kind::kRedirect ||
                      (target.kind == PreviewTarget::Kind::kFile && EndsWith(target.file, ".html")) ||
                      target.kind == PreviewTarget::Kind::kNotFound;
    if (failed && wants_page) {
      Send(response, HTTPResponse::HTTP_INTERNAL_SERVER_ERROR, "text/html; charset=utf-8",
           ErrorOverlayPage(report, generation));
      return;
    }
    switch (target.kind) {
      case PreviewTarget::Kind::kForbidden:
        Send(response, HTTPResponse::HTTP_FORBIDDEN, "text/plain; charset=utf-8", "Доступ запрещён\n");
        return;
      case PreviewTarget::Kind::kRedirect:
        response.set("Location", target.location);
        Send(response, HTTPResponse::HTTP_MOVED_PERMANENTLY, "text/plain; charset=utf-8", target.location + "\n");
        return;
      case PreviewTarget::Kind::kNotFound: {
        std::string page = files_.Read("404.html", root + "/404.html").value_or("");
        if (page.empty()) page = "<!doctype html><title>Страница не найдена</title><p>Страница не найдена</p>";
        Send(response, HTTPResponse::HTTP_NOT_FOUND, "text/html; charset=utf-8",
             InjectReloadScript(std::move(page), generation));
        return;
      }
      case PreviewTarget::Kind::kFile: {
        // A file of the tree is read through `files_`: never while a quick
        // rebuild writes it.
        std::string body = files_.Read(file, target.file).value_or("");
        Trace("http: file read ", request.getURI());
        std::string type = ContentTypeOf(target.file);
        if (StartsWith(type, "text/html")) body = InjectReloadScript(std::move(body), generation);
        Send(response, HTTPResponse::HTTP_OK, type, body, request.getMethod() == "HEAD");
        Trace("http: sent ", request.getURI());
        return;
      }
    }
  }

 private:
  static void Send(Poco::Net::HTTPServerResponse& response, HTTPResponse::HTTPStatus status, const std::string& type,
                   const std::string& body, bool head = false) {
    response.setStatus(status);
    response.setContentType(type);
    response.setContentLength(static_cast<std::streamsize>(body.size()));
    std::ostream& out = response.send();
    if (!head) out.write(body.data(), static_cast<std::streamsize>(body.size()));
  }

  PreviewState& state_;
  PublishedFiles& files_;
};

class PreviewHandlerFactory : public Poco::Net::HTTPRequestHandlerFactory {
 public:
  PreviewHandlerFactory(PreviewState& state, PublishedFiles& files) : state_(state), files_(files) {}
  Poco::Net::HTTPRequestHandler* createRequestHandler(const Poco::Net::HTTPServerRequest&) override {
    return new PreviewHandler(state_, files_);
  }

 private:
  PreviewState& state_;
  PublishedFiles& files_;
};

// One rebuild; the outcome goes to the terminal and to `state`.
void Rebuild(BuildSession& session, const SourceChanges& changes, PreviewState& state) {
  auto started = std::chrono::steady_clock::now();
  Trace("rebuild: start");
  BuildSession::Outcome out = session.Rebuild(changes.paths, changes.everything);
  Trace("rebuild: done");
  double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
  std::cerr << out.report;
  char buf[200];
  if (out.failed) {
    std::cerr << "Сайт не собран: исправьте ошибки выше; в браузере показан их список.\n";
  } else if (out.quick) {
    if (out.files_written > 0)
      std::snprintf(buf, sizeof buf, "Обновлено за %.0f мс: страниц перезаписано %zu, других файлов %zu.\n", ms,
                    out.pages_written, out.files_written);
    else
      std::snprintf(buf, sizeof buf, "Обновлено за %.0f мс: страниц перезаписано %zu.\n", ms, out.pages_written);
    std::cerr << buf;
  } else {
    std::snprintf(buf, sizeof buf, "Собрано за %.0f мс: страниц %zu, перерисовано %zu.\n", ms, out.result.pages,
                  out.result.rendered);
    std::cerr << buf;
  }
  if (std::getenv("NASTAVNIK_TIMINGS") && !out.quick) std::cerr << "  full build: " << out.quick_refusal << "\n";
  std::lock_guard<std::mutex> lock(state.mu);
  state.Advance(!out.quick || out.failed != state.failed, out.pages);
  state.failed = out.failed;
  state.report = out.failed ? out.report : std::string();
  Trace("rebuild: versions advanced");
}

// One step of a case edit's phase 2 (BuildSession::Continue); `since`: the
// end of the last edit's phase 1. Returns how long to wait for changes
// before the next step.
int ContinueBacklog(BuildSession& session, PreviewState& state, std::chrono::steady_clock::time_point since) {
  // Pages written per step: a new change waits no longer than this.
  constexpr std::chrono::milliseconds kChunkTime{25};
  Trace("phase 2: step");
  BuildSession::Step step = session.Continue(kChunkTime);
  Trace("phase 2: step done");
  if (!step.refusal.empty()) {
    if (std::getenv("NASTAVNIK_TIMINGS")) std::cerr << "  phase 2: " << step.refusal << "\n";
    SourceChanges everything;
    everything.everything = true;
    Rebuild(session, everything, state);
    return 0;
  }
  if (!step.pages.empty()) {
    std::lock_guard<std::mutex> lock(state.mu);
    state.Advance(false, step.pages);
  }
  if (step.finished) {
    double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - since).count();
    char buf[200];
    std::snprintf(buf, sizeof buf, "Остальные страницы обновлены за %.0f мс: перезаписано %zu.\n", ms, step.written);
    std::cerr << buf << std::flush;
  }
  return step.waiting ? 20 : 0;
}

}  // namespace

int RunServe(const ParsedArgs& args) {
  if (!args.positional.empty()) {
    std::cerr << "nastavnik: лишний аргумент «" << args.positional[0] << "»\nСправка: nastavnik help serve\n";
    return kExitUsage;
  }
  BuildOptions options;
  options.site_dir = args.Get("--site", ".");
  options.out_dir = args.Get("--out", options.site_dir + "/output");
  if (!ReadJobsOption(args, &options.jobs)) return kExitUsage;
  if (args.Has("--today")) {
    auto d = ParseDate(args.Get("--today"));
    if (!d) {
      std::cerr << "nastavnik: --today: «" << args.Get("--today") << "» — не дата; укажите ГГГГ-ММ-ДД\n";
      return kExitUsage;
    }
    options.today = *d;
  } else {
    options.today = TodayFromEnvironment();
  }
  options.build_epoch = SourceDateEpochOr(options.today.DaysSinceEpoch() * 86400LL);
  std::string bind = args.Get("--bind", "127.0.0.1");
  std::string port_text = args.Get("--port", "1313");
  if (port_text.empty() || port_text.size() > 5 || port_text.find_first_not_of("0123456789") != std::string::npos ||
      std::stoi(port_text) < 1 || std::stoi(port_text) > 65535) {
    std::cerr << "nastavnik: --port: укажите номер порта от 1 до 65535, например --port 1313\n";
    return kExitUsage;
  }
  int port = std::stoi(port_text);

  // SIGINT/SIGTERM are taken synchronously by the main loop below; blocked
  // before any thread starts, so every thread inherits the mask.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  PreviewState state;
  SiteWatcher watcher(options.site_dir, std::getenv("NASTAVNIK_WATCH_POLL") != nullptr);
  watcher.Start();  // before the first build reads the sources: no edit is missed
  BuildSession session(options);
  // A case edit's own page and lists reload before the rest is written.
  session.SetOnPagesWritten([&state](const std::vector<std::string>& files) {
    std::lock_guard<std::mutex> lock(state.mu);
    state.Advance(false, files);
    Trace("rebuild: first versions advanced");
  });
  SourceChanges everything;
  everything.everything = true;
  Rebuild(session, everything, state);

  std::unique_ptr<Poco::Net::HTTPServer> server;
  try {
    Poco::Net::ServerSocket socket(Poco::Net::SocketAddress(bind, static_cast<Poco::UInt16>(port)));
    auto params = new Poco::Net::HTTPServerParams;
    params->setMaxThreads(8);
    params->setKeepAlive(false);
    server = std::make_unique<Poco::Net::HTTPServer>(
        new PreviewHandlerFactory(state, session.published()), socket, params);
    server->start();
  } catch (const Poco::Exception& e) {
    std::cerr << "nastavnik: не удалось открыть " << bind << ":" << port << ": " << e.displayText()
              << "\nУкажите другой порт: --port 1314\n";
    return kExitUsage;
  }
  std::cerr << "Предпросмотр: http://" << bind << ":" << port
            << "/ — страницы обновляются сами после сохранения файла. Остановить: Ctrl+C.\n"
            << std::flush;

  // Wait for changes (a few milliseconds of quiet gather an editor's
  // write-and-rename into one change); the builds write only outside the
  // watched folders, so a build never triggers the next one.
  // A case edit's phase 2 runs a chunk at a time while no change waits.
  constexpr int kWaitMs = 100;
  // Phase 2 keeps both cores busy for seconds: it starts only after the
  // open pages had time to see the edit (the injected script polls every
  // 400 ms) and to load, so that those requests are answered at once.
  constexpr int kPhase2GraceMs = 600;
  const timespec no_wait{0, 0};
  auto phase1_done = std::chrono::steady_clock::now();
  int backlog_wait = 0;
  for (;;) {
    int sig = sigtimedwait(&stop_signals, nullptr, &no_wait);
    if (sig == SIGINT || sig == SIGTERM) break;
    SourceChanges changes = watcher.Wait(session.HasBacklog() ? backlog_wait : kWaitMs);
    if (!changes.empty()) {
      Rebuild(session, changes, state);
      phase1_done = std::chrono::steady_clock::now();
      backlog_wait = kPhase2GraceMs;
    } else if (session.HasBacklog()) {
      backlog_wait = ContinueBacklog(session, state, phase1_done);
    }
  }
  server->stop();
  std::cerr << "Предпросмотр остановлен.\n";
  return kExitOk;
}

}  // namespace nastavnik
