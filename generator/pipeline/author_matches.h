#pragma once
// Which rows of the participants registry carry a name some case gives as an
// author (E089, CheckCases: LoadedSite::author_matches). LoadSite streams the
// registry beside the content, so rows may come before the cases' authors are
// known: such rows are kept in a compact form (their three name parts, role
// and birth date: ≈ 50 bytes a row, in 64 KB pieces, never one growing
// block) and matched, in registry order, once the authors are set. The
// result is the one a registry read after the content gives, whichever
// finished first.
//
// Thread safety: SetAuthors() once, from any thread; Add() and Finish() from
// one thread at a time (the registry's consumer side, then the loader).
#include <atomic>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "util/date.h"

namespace nastavnik {

// FoldKey of a name some case gives as an author → for each participant
// written so, in registry order: (is a mentee, birth date).
using AuthorMatches = std::map<std::string, std::vector<std::pair<bool, std::optional<Date>>>>;

class AuthorMatcher {
 public:
  // `out` receives the matches. `wait_for_authors` is called (on Add's
  // thread) when the rows kept would pass `max_pending_bytes` or a row is too
  // long to keep, and by Finish() when the authors are not set yet; it must
  // return once SetAuthors() has been called.
  AuthorMatcher(AuthorMatches& out, std::function<void()> wait_for_authors,
                size_t max_pending_bytes = size_t{4} << 20);

  // The folded names the cases give as authors (FoldKey of each).
  void SetAuthors(std::set<std::string> folded_authors);

  // One registry row, in registry order. `mentee` is asked only for a row
  // that is kept or matches.
  void Add(std::string_view surname, std::string_view name, std::string_view patronymic,
           const std::function<bool()>& mentee, const std::optional<Date>& birth_date);

  // Waits for the authors if needed and matches the rows kept.
  void Finish();

  // Rows kept so far and not matched yet.
  size_t pending_rows() const { return pending_.size(); }

 private:
  static constexpr size_t kChunk = size_t{64} << 10;
  struct Pending {  // a row kept: its names at chunks_[chunk][begin, end)
    uint32_t chunk;
    uint16_t begin, surname_end, name_end, end;
    uint32_t birth;  // year·512 + month·32 + day, 0 when none; bit 31: a mentee
  };
  bool Keep(std::string_view surname, std::string_view name, std::string_view patronymic, bool mentee,
            const std::optional<Date>& birth_date);
  void Match(std::string_view surname, std::string_view name, std::string_view patronymic,
             const std::function<bool()>& mentee, const std::optional<Date>& birth_date);
  void MatchPending();

  AuthorMatches& out_;
  std::function<void()> wait_for_authors_;
  size_t max_pending_bytes_;
  std::set<std::string> authors_;
  // Every key of PersonNameKeys begins or ends with the folded surname as
  // whole words, so a row whose surname is no such part of any author's key
  // is skipped without building its keys.
  std::set<std::string, std::less<>> author_ends_;
  std::atomic<bool> ready_{false};
  std::string folded_surname_;  // reused
  std::vector<std::string> chunks_;  // each reserved kChunk, never grown
  std::deque<Pending> pending_;
};

}  // namespace nastavnik
