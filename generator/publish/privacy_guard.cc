#include "publish/privacy_guard.h"

#include <tbb/parallel_for.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <sstream>
#include <tuple>

#include "load/encoding.h"
#include "publish/archive.h"
#include "util/strings.h"

namespace nastavnik {

namespace {

// Archives larger than this when unpacked are not read (a zip bomb); they are
// reported instead, since an unread file may hold anything.
constexpr size_t kMaxUnpackedBytes = 512u * 1024 * 1024;

using Found = GuardFinding;

// Line and column of byte `offset` in `text`, which starts at `start`.
SourcePos PositionOf(const SourcePos& start, std::string_view text, size_t offset) {
  SourcePos pos = start;
  if (pos.line <= 0) pos.line = 1;
  if (pos.column <= 0) pos.column = 1;
  size_t line_start = 0;
  for (size_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++pos.line;
      pos.column = 1;
      line_start = i + 1;
    }
  }
  pos.column += static_cast<int>(CodepointCount(text.substr(line_start, offset - line_start)));
  return pos;
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

bool LooksLikeText(std::string_view bytes) {
  return bytes.substr(0, 8192).find('\0') == std::string_view::npos;
}

// The start of the UTF-8 character at or before `i`.
size_t CharStart(std::string_view text, size_t i) {
  while (i > 0 && i < text.size() && (static_cast<unsigned char>(text[i]) & 0xC0) == 0x80) --i;
  return i;
}

// The name a hit found, as written in `text` (spaces collapsed), or as the
// scanner's words when markup or escapes are inside it.
std::string FoundForm(std::string_view text, const PiiHit& h) {
  if (h.kind != PiiKind::kName || h.length == 0 || h.offset + h.length > text.size()) return "";
  std::string_view span = text.substr(h.offset, std::min<size_t>(h.length, 200));
  if (span.find_first_of("<&\\") != std::string_view::npos) return Join(PiiWords(span), " ");
  std::string out;
  for (char c : span) {
    bool space = c == ' ' || c == '\n' || c == '\t' || c == '\r';
    if (!space) out += c;
    else if (!out.empty() && out.back() != ' ') out += ' ';
  }
  return out;
}

}  // namespace

void WindowedScan::Add(std::string_view piece) {
  buf_.append(piece);
  // A window is scanned once the margin after it is held.
  while (size() > begin_ + window_ + margin_) ScanWindow(false);
}

void WindowedScan::ScanText(std::string_view text, std::vector<PiiHit>& hits) {
  if (!valid_) return;  // no longer read: the text is not UTF-8
  if (!utf8_only_) index_.Scan(text, hits, memo_);
  else valid_ = index_.ScanUtf8(text, hits, memo_);
}

void WindowedScan::Finish() {
  if (begin_ == 0 && size() <= window_) {
    ScanText(buf_, hits_);
  } else {
    while (begin_ < size()) ScanWindow(true);
  }
  std::string().swap(buf_);
}

// Scans the window at begin_ with `margin_` bytes of text before and after it
// (fewer at the text's end, `at_end`), keeps the hits that start inside it.
void WindowedScan::ScanWindow(bool at_end) {
  const std::string_view text(buf_);  // offsets into it are shifted by base_
  const size_t known = size();
  const size_t end = at_end ? std::min(known, begin_ + window_) : begin_ + window_;
  const size_t from = base_ + CharStart(text, (begin_ > margin_ ? begin_ - margin_ : 0) - base_);
  const size_t to = at_end && end + margin_ >= known ? known : base_ + CharStart(text, end + margin_ - base_);
  found_.clear();
  ScanText(text.substr(from - base_, to - from), found_);
  for (PiiHit h : found_) {
    h.offset += from;
    if (h.offset >= begin_ && h.offset < end) hits_.push_back(h);
  }
  begin_ += window_;
  // The next window looks back `margin_` bytes, and to a character's start.
  const size_t keep = begin_ > margin_ + 8 ? begin_ - margin_ - 8 : 0;
  if (keep > base_) {
    buf_.erase(0, keep - base_);
    base_ = keep;
  }
}

bool ScanInWindows(const PiiIndex& index, std::string_view text, std::vector<PiiHit>& hits, size_t window,
                   size_t margin, bool utf8_only, PiiScanMemo* memo) {
  if (text.size() <= window) {
    if (utf8_only) return index.ScanUtf8(text, hits, memo);
    index.Scan(text, hits, memo);
    return true;
  }
  WindowedScan scan(index, hits, window, margin, memo);
  if (utf8_only) scan.Utf8Only();
  for (size_t i = 0; i < text.size() && scan.valid(); i += window) scan.Add(text.substr(i, window));
  scan.Finish();
  return scan.valid();
}

namespace {

bool ScanZip(const PiiIndex& index, const std::string& label, const std::string& name, std::string_view bytes,
             std::vector<Found>& out, std::vector<std::string>& unreadable, size_t& files, size_t& scanned,
             PiiScanMemo* memo);

// `memo`: the calling thread's, or null.
void ScanBytes(const PiiIndex& index, const std::string& label, const std::string& name, std::string_view bytes,
               int depth, std::vector<Found>& out, std::vector<std::string>& unreadable, size_t& files,
               size_t& scanned, PiiScanMemo* memo) {
  ++files;
  std::vector<PiiHit> hits;
  std::string decoded;  // unpacked or converted text; valid UTF-8 is scanned in place
  std::string_view text;
  if (LooksLikeZip(bytes) && depth == 0) {
    if (!ScanZip(index, label, name, bytes, out, unreadable, files, scanned, memo)) unreadable.push_back(name);
    return;
  }
  if (LooksLikeGzip(bytes)) {
    auto unpacked = Gunzip(bytes, kMaxUnpackedBytes);
    if (!unpacked) {
      unreadable.push_back(name);
      return;
    }
    decoded = std::move(*unpacked);
    text = decoded;
    ScanInWindows(index, text, hits, size_t{1} << 20, size_t{16} << 10, false, memo);
  } else if (ScanInWindows(index, bytes, hits, size_t{1} << 20, size_t{16} << 10, true, memo)) {
    text = bytes;  // UTF-8, scanned in the same pass that checked it
  } else if (LooksLikeText(bytes)) {
    hits.clear();
    decoded = ToUtf8(bytes, TextEncoding::kWindows1251);  // a CSV or TXT from a Russian Excel
    text = decoded;
    ScanInWindows(index, text, hits, size_t{1} << 20, size_t{16} << 10, false, memo);
  } else {
    return;  // an image, a PDF: not read
  }
  scanned += text.size();
  bool member = name.find('!') != std::string::npos;
  for (const auto& h : hits) {
    SourcePos pos{label + "/" + name, 0, 0};
    if (!member) pos = PositionOf({label + "/" + name, 1, 1}, text, h.offset);
    out.push_back({h.person, h.kind, pos, name, FoundForm(text, h)});
  }
}

// A zip archive's members, one at a time; false (nothing reported) when it
// cannot be read or unpacks to more than kMaxUnpackedBytes. A member up to
// kWholeMember is unpacked and scanned as any file; a larger one (the cases
// workbook's sheet: ≈ 2.5 KB a case) is scanned as it is unpacked
// (WindowedScan, which also checks it is UTF-8), never held: at 100,000
// cases it is 250 MB.
constexpr size_t kWholeMember = size_t{4} << 20;

bool ScanZip(const PiiIndex& index, const std::string& label, const std::string& name, std::string_view bytes,
             std::vector<Found>& out, std::vector<std::string>& unreadable, size_t& files, size_t& scanned,
             PiiScanMemo* memo) {
  auto members = ListZip(bytes);
  if (!members) return false;
  std::vector<Found> found;
  std::vector<std::string> bad;  // members that cannot be read (a corrupt gzip)
  size_t n = 0, total = 0;
  for (size_t i = 0; i < members->size(); ++i) {
    const std::string member = name + "!" + (*members)[i];
    // Held whole while small; past kWholeMember scanned as it comes.
    std::string whole;
    std::vector<PiiHit> hits;
    std::optional<WindowedScan> scan;
    bool gzip = false;
    size_t size = 0;
    bool ok = StreamZipMember(bytes, i, kMaxUnpackedBytes - total, [&](std::string_view chunk) {
      if (size == 0 && LooksLikeGzip(chunk)) gzip = true;
      size += chunk.size();
      if (scan) {
        if (!gzip && scan->valid()) scan->Add(chunk);
        return;
      }
      whole.append(chunk);
      if (whole.size() > kWholeMember) {
        scan.emplace(index, hits, size_t{1} << 20, size_t{16} << 10, memo);
        scan->Utf8Only();
        if (!gzip) scan->Add(whole);
        std::string().swap(whole);
      }
    });
    if (!ok) return false;
    total += size;
    if (scan && !gzip) scan->Finish();
    if (scan && (gzip || !scan->valid())) {
      // Not plain UTF-8: read whole, as any file (rare: a big gzip or a
      // Windows-1251 text inside an archive).
      scan.reset();
      if (!StreamZipMember(bytes, i, kMaxUnpackedBytes, [&](std::string_view chunk) { whole.append(chunk); }))
        return false;
    }
    if (!scan) {
      ScanBytes(index, label, member, whole, 1, found, bad, n, scanned, memo);
      continue;
    }
    ++n;
    scanned += size;
    for (const auto& h : hits)
      found.push_back({h.person, h.kind, SourcePos{label + "/" + member, 0, 0}, member, ""});
  }
  // Reported only once the whole archive could be read, as one unpacking.
  out.insert(out.end(), found.begin(), found.end());
  unreadable.insert(unreadable.end(), bad.begin(), bad.end());
  files += n;
  return true;
}

std::string Code(PiiKind k) {
  switch (k) {
    case PiiKind::kName: return "E075";
    case PiiKind::kBirthDate: return "E076";
    case PiiKind::kPhone:
    case PiiKind::kEmail: return "E077";
  }
  return "E075";
}

// What was found; a name in another form than the registry's is said to be
// one (not quoted: the value itself is never repeated, see the header).
std::string What(const Participant& p, PiiKind k, const std::string& form = "") {
  bool pupil = p.IsMentor() && p.category == "обучающийся";
  switch (k) {
    case PiiKind::kName:
      return std::string(pupil ? "фамилия и имя обучающегося" : "фамилия и имя наставляемого") +
             (form.empty() || IsRegistryNameForm(p, form) ? "" : " (в другом падеже или с инициалами)");
    case PiiKind::kBirthDate: return "дата рождения участника";
    case PiiKind::kPhone: return "телефон участника";
    case PiiKind::kEmail: return "адрес электронной почты участника";
  }
  return "";
}

std::string Hint(PiiKind k) {
  switch (k) {
    case PiiKind::kName:
      return "уберите фамилию и имя или замените их описанием без имени («ученица 7 класса», «молодой "
             "педагог»); имена наставляемых, особенно детей, на сайте не публикуются";
    case PiiKind::kBirthDate:
      return "удалите дату рождения; возраст можно указать обобщённо («обучающиеся 7–9 классов»)";
    case PiiKind::kPhone:
    case PiiKind::kEmail:
      return "укажите общий телефон или почту организации вместо личных контактов участника";
  }
  return "";
}

std::string RowOf(const Participant& p) {
  return p.pos.path + ":" + std::to_string(p.pos.line) + (p.id.empty() ? "" : ", код " + p.id);
}

std::string FilesList(const std::set<std::string>& files, const std::string& label) {
  std::string out;
  size_t shown = 0;
  for (const auto& f : files) {
    if (shown == 3) {
      out += " и ещё " + std::to_string(files.size() - shown);
      break;
    }
    out += (shown ? ", " : "") + label + "/" + f;
    ++shown;
  }
  return out;
}

// Sources in parallel; matches kept in the sources' order.
std::vector<Found> ScanSources(const PiiIndex& index, const std::vector<GuardSource>& sources) {
  std::vector<std::vector<Found>> per_source(sources.size());
  tbb::parallel_for(size_t(0), sources.size(), [&](size_t i) {
    const GuardSource& s = sources[i];
    std::vector<PiiHit> hits;
    index.Scan(s.text, hits);
    for (const auto& h : hits)
      per_source[i].push_back({h.person, h.kind, PositionOf(s.pos, s.text, h.offset), "", FoundForm(s.text, h)});
  });
  std::vector<Found> out;
  for (auto& found : per_source) out.insert(out.end(), found.begin(), found.end());
  return out;
}

}  // namespace

void PublicTreeScan::AddSources(const std::vector<GuardSource>& sources) {
  std::vector<Found> found = ScanSources(index_, sources);
  std::lock_guard<std::mutex> lock(mu_);
  source_found_.insert(source_found_.end(), found.begin(), found.end());
  sources_ += sources.size();
}

PublicTreeScan::PublicTreeScan(const PiiIndex& index, std::string tree_label)
    : index_(index), label_(std::move(tree_label)) {}

void PublicTreeScan::Add(const std::string& rel_path, std::string_view bytes) {
  std::vector<Found> found;
  std::vector<std::string> bad;
  size_t n = 0, scanned = 0;
  std::unique_ptr<PiiScanMemo>& memo = memos_.local();
  if (!memo) memo = std::make_unique<PiiScanMemo>(index_);
  ScanBytes(index_, label_, rel_path, bytes, 0, found, bad, n, scanned, memo.get());
  std::lock_guard<std::mutex> lock(mu_);
  files_.insert(rel_path);
  found_.insert(found_.end(), found.begin(), found.end());
  unreadable_.insert(unreadable_.end(), bad.begin(), bad.end());
  count_ += n;
  bytes_ += scanned;
}

bool PublicTreeScan::Has(const std::string& rel_path) const {
  std::lock_guard<std::mutex> lock(mu_);
  return files_.count(rel_path) != 0;
}

GuardStats GuardPublicTree(const PiiIndex& index, const std::vector<GuardSource>& sources,
                           const OutputTree* tree, const std::string& tree_label, Diagnostics& diags,
                           const PublicTreeScan* scanned) {
  GuardStats stats;
  std::vector<Found> in_sources;
  if (scanned) {
    std::lock_guard<std::mutex> lock(scanned->mu_);
    in_sources = scanned->source_found_;
    stats.sources += scanned->sources_;
  }
  std::vector<Found> more = ScanSources(index, sources);
  in_sources.insert(in_sources.end(), more.begin(), more.end());
  stats.sources += sources.size();

  std::vector<Found> in_output;
  std::vector<std::string> unreadable;
  if (tree) {
    std::vector<std::string> files;
    for (auto& f : tree->written())
      if (!scanned || !scanned->Has(f)) files.push_back(std::move(f));
    if (scanned) {
      std::lock_guard<std::mutex> lock(scanned->mu_);
      in_output = scanned->found_;
      unreadable = scanned->unreadable_;
      stats.files += scanned->count_;
      stats.bytes += scanned->bytes_;
    }
    std::mutex mu;
    tbb::parallel_for(size_t(0), files.size(), [&](size_t i) {
      std::vector<Found> found;
      std::vector<std::string> bad;
      size_t n = 0, bytes = 0;
      std::string data = ReadFile(tree->staging_dir() + "/" + files[i]);
      ScanBytes(index, tree_label, files[i], data, 0, found, bad, n, bytes, nullptr);
      std::lock_guard<std::mutex> lock(mu);
      in_output.insert(in_output.end(), found.begin(), found.end());
      unreadable.insert(unreadable.end(), bad.begin(), bad.end());
      stats.files += n;
      stats.bytes += bytes;
    });
  }
  stats.hits = in_sources.size() + in_output.size();

  // Output files each (person, kind) reached, for the source diagnostics.
  std::map<std::pair<size_t, PiiKind>, std::set<std::string>> reached;
  for (const auto& f : in_output) reached[{f.person, f.kind}].insert(f.file);
  std::set<std::pair<size_t, PiiKind>> explained;
  std::set<std::tuple<std::string, int, int, size_t, PiiKind>> seen;
  for (const auto& f : in_sources) {
    if (!seen.insert({f.pos.path, f.pos.line, f.pos.column, f.person, f.kind}).second) continue;
    const Participant& p = index.person(f.person);
    std::string msg = What(p, f.kind, f.form) + " из реестра участников (" + RowOf(p) +
                      "): это персональные данные, на сайте их публиковать нельзя";
    auto it = reached.find({f.person, f.kind});
    if (it != reached.end()) msg += "; попало бы в " + FilesList(it->second, tree_label);
    diags.Error(f.pos, Code(f.kind), msg, Hint(f.kind));
    explained.insert({f.person, f.kind});
  }
  // Matches no source explains: the first place in each output file.
  std::set<std::tuple<std::string, size_t, PiiKind>> reported;
  std::sort(in_output.begin(), in_output.end(), [](const Found& a, const Found& b) {
    return std::tie(a.file, a.pos.line, a.pos.column) < std::tie(b.file, b.pos.line, b.pos.column);
  });
  for (const auto& f : in_output) {
    if (explained.count({f.person, f.kind})) continue;
    if (!reported.insert({f.file, f.person, f.kind}).second) continue;
    const Participant& p = index.person(f.person);
    diags.Error(f.pos, Code(f.kind),
                "в файле " + tree_label + "/" + f.file + " найдены персональные данные: " + What(p, f.kind, f.form) +
                    " из реестра участников (" + RowOf(p) + "); сайт не опубликован",
                "значение попало на сайт не из текста материалов, а из реестра, site.yaml или шаблона: "
                "найдите его там и уберите; " + Hint(f.kind));
  }
  std::sort(unreadable.begin(), unreadable.end());
  for (const auto& name : unreadable) {
    diags.Error({tree_label + "/" + name, 0, 0}, "E078",
                "архив в публикуемой папке не удалось распаковать и проверить на персональные данные",
                "пересохраните файл (XLSX, DOCX) в офисной программе или уберите его из материалов");
  }
  return stats;
}

}  // namespace nastavnik
