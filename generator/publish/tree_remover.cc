#include "publish/tree_remover.h"

#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <filesystem>
#include <mutex>
#include <vector>

extern char** environ;

namespace nastavnik {

namespace {

std::mutex g_mu;
std::vector<pid_t> g_running;  // children not yet reaped

// Reaps children that have finished so a long `serve` session does not
// collect zombies. REQUIRES: g_mu held.
void ReapFinishedLocked() {
  std::vector<pid_t> still;
  for (pid_t pid : g_running) {
    int status = 0;
    pid_t r = ::waitpid(pid, &status, WNOHANG);
    if (r == 0) still.push_back(pid);
  }
  g_running.swap(still);
}

}  // namespace

void RemoveTreeInBackground(const std::string& dir) {
  const char* argv[] = {"rm", "-rf", "--", dir.c_str(), nullptr};
  pid_t pid = -1;
  int rc = ::posix_spawn(&pid, "/bin/rm", nullptr, nullptr, const_cast<char* const*>(argv), environ);
  if (rc != 0) {
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
    return;
  }
  std::lock_guard<std::mutex> lock(g_mu);
  ReapFinishedLocked();
  g_running.push_back(pid);
}

void WaitForTreeRemovals() {
  std::vector<pid_t> running;
  {
    std::lock_guard<std::mutex> lock(g_mu);
    running.swap(g_running);
  }
  for (pid_t pid : running) {
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
  }
}

}  // namespace nastavnik
