// `nastavnik serve`: builds the site, serves it on 127.0.0.1 and rebuilds
// it when a source changes; open pages reload themselves. The only place
// that includes Poco's HTTP server.
#include <signal.h>
#include <time.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <memory>
#include <mutex>
#include <sstream>

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
#include "util/date.h"
#include "util/strings.h"

namespace nastavnik {

namespace {

using Poco::Net::HTTPResponse;

// What the server shows: the latest build's outcome. `generation` grows with
// every build, so open pages know when to reload.
struct PreviewState {
  std::mutex mu;
  long long generation = 0;
  bool failed = false;
  std::string report;  // the failed build's diagnostics, as printed
};

std::string ReadWhole(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

class PreviewHandler : public Poco::Net::HTTPRequestHandler {
 public:
  PreviewHandler(PreviewState& state, std::string public_dir) : state_(state), public_dir_(std::move(public_dir)) {}

  void handleRequest(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response) override {
    response.set("Cache-Control", "no-store");
    if (request.getMethod() != "GET" && request.getMethod() != "HEAD") {
      Send(response, HTTPResponse::HTTP_METHOD_NOT_ALLOWED, "text/plain; charset=utf-8", "Метод не поддерживается\n");
      return;
    }
    long long generation;
    bool failed;
    std::string report;
    {
      std::lock_guard<std::mutex> lock(state_.mu);
      generation = state_.generation;
      failed = state_.failed;
      report = state_.report;
    }
    const std::string& uri = request.getURI();
    if (uri == kPreviewGenerationPath) {
      Send(response, HTTPResponse::HTTP_OK, "text/plain; charset=utf-8", std::to_string(generation));
      return;
    }
    char* real = ::realpath(public_dir_.c_str(), nullptr);
    std::string root = real ? real : public_dir_;
    std::free(real);
    PreviewTarget target = ResolvePreviewPath(root, uri);
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
        std::string page = ReadWhole(root + "/404.html");
        if (page.empty()) page = "<!doctype html><title>Страница не найдена</title><p>Страница не найдена</p>";
        Send(response, HTTPResponse::HTTP_NOT_FOUND, "text/html; charset=utf-8",
             InjectReloadScript(std::move(page), generation));
        return;
      }
      case PreviewTarget::Kind::kFile: {
        std::string body = ReadWhole(target.file);
        std::string type = ContentTypeOf(target.file);
        if (StartsWith(type, "text/html")) body = InjectReloadScript(std::move(body), generation);
        Send(response, HTTPResponse::HTTP_OK, type, body, request.getMethod() == "HEAD");
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
  std::string public_dir_;
};

class PreviewHandlerFactory : public Poco::Net::HTTPRequestHandlerFactory {
 public:
  PreviewHandlerFactory(PreviewState& state, std::string public_dir)
      : state_(state), public_dir_(std::move(public_dir)) {}
  Poco::Net::HTTPRequestHandler* createRequestHandler(const Poco::Net::HTTPServerRequest&) override {
    return new PreviewHandler(state_, public_dir_);
  }

 private:
  PreviewState& state_;
  std::string public_dir_;
};

// One build; the outcome goes to the terminal and to `state`.
void Rebuild(const BuildOptions& options, PreviewState& state) {
  auto started = std::chrono::steady_clock::now();
  Diagnostics diags;
  BuildResult result;
  Status st = BuildSite(options, diags, &result);
  std::string report = RenderReport(diags.Sorted(), ReportFormat::kText, FileLineReader(options.site_dir));
  if (!st.ok()) report += "nastavnik: " + st.message() + "\n";
  bool failed = !st.ok() || diags.HasErrors();
  double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
  std::cerr << report;
  if (failed) {
    std::cerr << "Сайт не собран: исправьте ошибки выше; в браузере показан их список.\n";
  } else {
    char buf[160];
    std::snprintf(buf, sizeof buf, "Собрано за %.0f мс: страниц %zu, перерисовано %zu.\n", ms, result.pages,
                  result.rendered);
    std::cerr << buf;
  }
  std::lock_guard<std::mutex> lock(state.mu);
  ++state.generation;
  state.failed = failed;
  state.report = failed ? report : std::string();
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
  if (args.Has("--jobs")) {
    auto jobs = ParseJobs(args.Get("--jobs"));
    if (!jobs) {
      std::cerr << "nastavnik: --jobs: укажите число потоков от 1 до 256, например --jobs 2\n";
      return kExitUsage;
    }
    options.jobs = *jobs;
  }
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
  SiteWatcher watcher(options.site_dir);
  watcher.Scan();
  Rebuild(options, state);

  std::unique_ptr<Poco::Net::HTTPServer> server;
  try {
    Poco::Net::ServerSocket socket(Poco::Net::SocketAddress(bind, static_cast<Poco::UInt16>(port)));
    auto params = new Poco::Net::HTTPServerParams;
    params->setMaxThreads(8);
    params->setKeepAlive(false);
    server = std::make_unique<Poco::Net::HTTPServer>(
        new PreviewHandlerFactory(state, options.out_dir + "/public"), socket, params);
    server->start();
  } catch (const Poco::Exception& e) {
    std::cerr << "nastavnik: не удалось открыть " << bind << ":" << port << ": " << e.displayText()
              << "\nУкажите другой порт: --port 1314\n";
    return kExitUsage;
  }
  std::cerr << "Предпросмотр: http://" << bind << ":" << port
            << "/ — страницы обновляются сами после сохранения файла. Остановить: Ctrl+C.\n"
            << std::flush;

  // Poll for changes; rebuild once they settle (an editor writes a file in
  // several steps; a copied folder arrives file by file).
  constexpr long kPollMs = 100;
  constexpr int kQuietPolls = 1;
  int quiet = -1;  // polls without change since the last change; -1: nothing pending
  for (;;) {
    timespec timeout{0, kPollMs * 1000000L};
    int sig = sigtimedwait(&stop_signals, nullptr, &timeout);
    if (sig == SIGINT || sig == SIGTERM) break;
    if (watcher.Scan()) {
      quiet = 0;
    } else if (quiet >= 0 && ++quiet >= kQuietPolls) {
      quiet = -1;
      // The last scan saw the sources as this build reads them; an edit saved
      // during the build shows up in the next scan and triggers another one.
      // (The build writes only outside the watched folders.)
      Rebuild(options, state);
    }
  }
  server->stop();
  std::cerr << "Предпросмотр остановлен.\n";
  return kExitOk;
}

}  // namespace nastavnik
