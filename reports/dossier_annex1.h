// Annex 1 of the Rules, the application form («Өтініш» / «Заявление»),
// prefilled from the act: the applicant's full legal name and BIN, the
// location in Kazakhstan of each hardware-software complex (settlement in
// the page's language with its region, and the addresses the act looked
// up), "accreditation" or "re-issue" as requested. The consent statements
// are the form's own words; the dates and the applicant's electronic
// signature line are left blank for the applicant. The Kazakh text is the
// original's (../shared/seeds/pool-accreditation-rules-142.txt, Annex 1);
// the Russian is a faithful translation of it, not the official Russian
// text of the order, which this project does not hold.
#pragma once

#include <string>

#include "reports/dossier_model.h"

namespace pooltest {

std::string Annex1Html(const DossierModel& m, DossierRequest request, DossierLang l);

}  // namespace pooltest
