#pragma once
// Checks of best-practice cases that need more than one case's own front
// matter: the folder it sits in, the people registry, and whether it is still
// a draft. Field types, attachments and Markdown safety are checked elsewhere
// (validate/, pipeline/content_files, pipeline/build.cc RenderBodies).
#include <string>
#include <string_view>
#include <vector>

#include "diag/diagnostic.h"
#include "pipeline/loaded_site.h"
#include "util/date.h"

namespace nastavnik {

// The marker the case archetype (themes/default/archetypes/case.md) writes
// in every place a curator must fill in.
inline constexpr std::string_view kPlaceholderMarker = "ЗАПОЛНИТЕ";
// The offset of the first kPlaceholderMarker in `text` at or after `from`,
// npos when there is none.
size_t FindPlaceholder(std::string_view text, size_t from = 0);

// Reports, for every case in `site.docs`:
//  E088  the case lies in another organization's folder than its
//        `organization` says (the folder decides who reviews it, see
//        CODEOWNERS), or in a folder whose name the catalog's own pages use;
//  E089  an author who is, by the participants registry, a mentee or under
//        18 on `today` (authors are adult mentors; mentees are never named).
//        Names not in the registry are staff and allowed. A name matching
//        several people is an error only when all of them are mentees or
//        minors;
//  E041  a placeholder of the archetype (kPlaceholderMarker, anywhere in the
//        file, comments included) left in a case that is not a draft;
//  W080  a draft: checked but not published.
void CheckCases(const LoadedSite& site, Date today, Diagnostics& diags);
// The same checks of one case `d` (not necessarily in `site.docs`: a preview
// session's edit), against the rest of `site`.
void CheckCase(const LoadedSite& site, const ContentDoc& d, Date today, Diagnostics& diags);

// Keys a person's name may be written under in a case (FoldKey'd, sorted,
// unique): the full name, surname and name, surname with initials either side.
std::vector<std::string> PersonNameKeys(const std::string& surname, const std::string& name,
                                        const std::string& patronymic);

// Folder names under content/cases/ that the catalog's pages use
// (cases/page/2/, cases/form/…): no organization folder may be one of them.
bool IsReservedCaseFolder(std::string_view name);

}  // namespace nastavnik
