#include "publish/search_index.h"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <vector>

extern char** environ;

namespace nastavnik {

namespace {

bool IsExecutable(const std::string& path) { return ::access(path.c_str(), X_OK) == 0; }

// Runs argv, waits, returns its exit code (or -1 with `output` telling why);
// stdout and stderr are captured together in `output`.
int RunCaptured(const std::vector<std::string>& args, std::string* output) {
  int pipe_fds[2];
  if (::pipe2(pipe_fds, O_CLOEXEC) != 0) {
    *output = std::strerror(errno);
    return -1;
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, pipe_fds[1], 1);
  posix_spawn_file_actions_adddup2(&actions, pipe_fds[1], 2);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  std::vector<char*> argv;
  for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  pid_t pid = 0;
  int rc = ::posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  ::close(pipe_fds[1]);
  if (rc != 0) {
    ::close(pipe_fds[0]);
    *output = std::strerror(rc);
    return -1;
  }
  char buf[4096];
  ssize_t n;
  while ((n = ::read(pipe_fds[0], buf, sizeof buf)) > 0 || (n < 0 && errno == EINTR)) {
    if (n > 0) output->append(buf, static_cast<size_t>(n));
  }
  ::close(pipe_fds[0]);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {}
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

// The last lines of a tool's output, for a message that fits a terminal.
std::string Tail(const std::string& text) {
  size_t pos = text.size();
  for (int lines = 0; lines < 6 && pos > 0; ++lines) {
    size_t nl = text.rfind('\n', pos - 1);
    if (nl == std::string::npos) return text;
    pos = nl;
  }
  return text.substr(pos);
}

}  // namespace

std::string FindPagefind(const std::string& site_dir, std::string* why) {
  if (const char* env = std::getenv("NASTAVNIK_PAGEFIND"); env && *env) {
    std::string value = env;
    if (value == "off") {
      *why = "поиск отключён переменной NASTAVNIK_PAGEFIND=off";
      return "";
    }
    if (IsExecutable(value)) return value;
    *why = "NASTAVNIK_PAGEFIND указывает на «" + value + "», а такой программы нет";
    return "";
  }
  std::string local = site_dir + "/node_modules/.bin/pagefind";
  if (IsExecutable(local)) return local;
  *why = "не установлен Pagefind (выполните make site или npm ci в папке сайта; нужен Node.js)";
  return "";
}

Status BuildSearchIndex(const std::string& site_dir, const std::string& staging_dir,
                        SearchIndexResult* result) {
  std::string why;
  std::string pagefind = FindPagefind(site_dir, &why);
  if (pagefind.empty()) {
    result->notice = "поиск по сайту не построен: " + why +
                     ". Сайт опубликован и работает, на странице «Поиск» сказано, что поиск недоступен.";
    return Status::Ok();
  }
  std::string output;
  // --quiet keeps warnings, so a failure explains itself.
  int code = RunCaptured({pagefind, "--site", staging_dir, "--output-subdir", "pagefind", "--quiet"},
                         &output);
  if (code == 127 || (code == -1 && output == std::strerror(ENOENT))) {
    // The npm wrapper is a Node.js script: no `node` means exit 127.
    result->notice = "поиск по сайту не построен: для Pagefind нужен Node.js, а команды node нет. "
                     "Сайт опубликован и работает без поиска.";
    return Status::Ok();
  }
  if (code != 0) {
    return Status::Error("Pagefind не смог построить поисковый индекс (код " + std::to_string(code) +
                         "):" + Tail("\n" + output));
  }
  result->indexed = true;
  return Status::Ok();
}

}  // namespace nastavnik
