#include "pipeline/author_matches.h"

#include "pipeline/case_checks.h"
#include "util/strings.h"
#include "util/trace.h"

namespace nastavnik {

AuthorMatcher::AuthorMatcher(AuthorMatches& out, std::function<void()> wait_for_authors, size_t max_pending_bytes)
    : out_(out), wait_for_authors_(std::move(wait_for_authors)), max_pending_bytes_(max_pending_bytes) {}

void AuthorMatcher::SetAuthors(std::set<std::string> folded_authors) {
  authors_ = std::move(folded_authors);
  for (const auto& key : authors_) {
    author_ends_.insert(key);
    for (size_t sp = key.find(' '); sp != std::string::npos; sp = key.find(' ', sp + 1)) {
      author_ends_.insert(key.substr(0, sp));
      author_ends_.insert(key.substr(sp + 1));
    }
  }
  ready_.store(true, std::memory_order_release);
}

void AuthorMatcher::Match(std::string_view surname, std::string_view name, std::string_view patronymic,
                          const std::function<bool()>& mentee, const std::optional<Date>& birth_date) {
  if (authors_.empty()) return;
  FoldKeyTo(surname, folded_surname_);
  if (!folded_surname_.empty() && !author_ends_.count(folded_surname_)) return;
  for (const auto& key : PersonNameKeys(std::string(surname), std::string(name), std::string(patronymic)))
    if (!key.empty() && authors_.count(key)) out_[key].push_back({mentee(), birth_date});
}

bool AuthorMatcher::Keep(std::string_view surname, std::string_view name, std::string_view patronymic, bool mentee,
                         const std::optional<Date>& birth_date) {
  const size_t size = surname.size() + name.size() + patronymic.size();
  // No real name is this long, and no real birth year this far: such a row
  // waits for the authors instead.
  if (size > kChunk / 16 || (birth_date && (birth_date->year < 1 || birth_date->year >= (1 << 21)))) return false;
  if (chunks_.empty() || chunks_.back().size() + size > kChunk) {
    if ((chunks_.size() + 1) * kChunk + pending_.size() * sizeof(Pending) > max_pending_bytes_) return false;
    chunks_.emplace_back();
    chunks_.back().reserve(kChunk);
  }
  std::string& text = chunks_.back();
  Pending p{};
  p.chunk = static_cast<uint32_t>(chunks_.size() - 1);
  p.begin = static_cast<uint16_t>(text.size());
  text.append(surname);
  p.surname_end = static_cast<uint16_t>(text.size());
  text.append(name);
  p.name_end = static_cast<uint16_t>(text.size());
  text.append(patronymic);
  p.end = static_cast<uint16_t>(text.size());
  if (birth_date)
    p.birth = static_cast<uint32_t>(birth_date->year * 512 + birth_date->month * 32 + birth_date->day);
  if (mentee) p.birth |= uint32_t{1} << 31;
  pending_.push_back(p);
  return true;
}

void AuthorMatcher::MatchPending() {
  Trace("authors: rows kept until the content was loaded ", std::to_string(pending_.size()));
  for (const Pending& p : pending_) {
    std::string_view text = chunks_[p.chunk];
    const bool mentee = (p.birth >> 31) != 0;
    const uint32_t packed = p.birth & ~(uint32_t{1} << 31);
    std::optional<Date> birth;
    if (packed != 0) birth = Date{static_cast<int>(packed / 512), static_cast<int>(packed / 32 % 16),
                                  static_cast<int>(packed % 32)};
    Match(text.substr(p.begin, p.surname_end - p.begin), text.substr(p.surname_end, p.name_end - p.surname_end),
          text.substr(p.name_end, p.end - p.name_end), [mentee] { return mentee; }, birth);
  }
  std::deque<Pending>().swap(pending_);
  std::vector<std::string>().swap(chunks_);
}

void AuthorMatcher::Add(std::string_view surname, std::string_view name, std::string_view patronymic,
                        const std::function<bool()>& mentee, const std::optional<Date>& birth_date) {
  if (!ready_.load(std::memory_order_acquire)) {
    if (Keep(surname, name, patronymic, mentee(), birth_date)) return;
    wait_for_authors_();
  }
  if (!pending_.empty()) MatchPending();
  Match(surname, name, patronymic, mentee, birth_date);
}

void AuthorMatcher::Finish() {
  if (!ready_.load(std::memory_order_acquire)) wait_for_authors_();
  if (!pending_.empty()) MatchPending();
}

}  // namespace nastavnik
