#pragma once
// Timestamped trace points for latency work (serve: from a file's write to a
// page served). With NASTAVNIK_TRACE set, Trace() writes one line
// "trace <CLOCK_MONOTONIC ns> <what>" to stderr in a single write(), so that
// lines of several threads never mix; Python's time.monotonic_ns() reads the
// same clock, so a client can merge its own events with the server's.
// Without the variable a trace point costs one load of a cached flag.
#include <cstdint>
#include <string_view>

namespace nastavnik {

bool TraceOn();
int64_t MonotonicNs();
// The trace line for `what` at `ns` (no newline), for tests.
std::string_view FormatTrace(int64_t ns, std::string_view what, char* buf, size_t size);
void Trace(std::string_view what);
// Trace(a + b) without building the string when tracing is off.
void Trace(std::string_view a, std::string_view b);

}  // namespace nastavnik
