#pragma once
// Removal of whole directory trees off the caller's critical path.
//
// Deleting a tree of thousands of folders can take seconds (more on disks
// mounted with `discard`), and by the time OutputTree removes one (a replaced
// internal tree, a kept public tree whose build failed: publish/output_tree.h)
// the published tree is already what it must be: nobody needs to wait for the
// old one to go except whoever later reads the output folder. So the removal runs in a
// child process (`rm -rf`, started with posix_spawn: no copy of this
// process's address space) and the one-shot commands wait for it before they
// exit. A user or a CI job that copies the output folder once `build` has
// returned must find only the result there, never a half-deleted tree.
//
// Thread safety: all functions may be called from any thread.
#include <string>

namespace nastavnik {

// Starts removing `dir` (which must not be used again) and returns at once.
// Falls back to removing it here when no child process can be started.
void RemoveTreeInBackground(const std::string& dir);

// Waits until every removal started so far has finished.
void WaitForTreeRemovals();

}  // namespace nastavnik
