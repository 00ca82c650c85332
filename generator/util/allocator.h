#pragma once
// The allocator's adapter: jemalloc when the build links it (the default,
// NASTAVNIK_JEMALLOC), glibc's malloc otherwise (sanitizer and fuzz builds).
// Only this file's .cc names either one's own API; code that wants freed
// memory back says so here.
#include <cstddef>

namespace nastavnik {

// "jemalloc" or "glibc": which allocator serves malloc in this process.
const char* AllocatorName();

// Bytes freed by the program that the allocator still holds (its free lists,
// jemalloc's dirty pages), resident until given back or reused.
size_t AllocatorFreeBytes();

// Gives the memory the allocator holds free back to the system (every
// arena): the next allocations fault fresh pages in. For the few points where
// much was just freed and the peak is still ahead.
void ReleaseFreeMemory();

// ReleaseFreeMemory() when AllocatorFreeBytes() exceeds `bytes`: below it
// the following work reuses the memory, and giving it back would cost more
// (system calls, page faults) than it saves.
void ReleaseFreeMemoryAbove(size_t bytes);

}  // namespace nastavnik
