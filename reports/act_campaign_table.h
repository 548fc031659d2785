// The support campaign behind R4.5 as the act shows it: the campaign's
// window, the database it was read from and the SHA-256 of the copy in the
// act's folder, the fingerprint it recorded (applicant BIN, each support
// channel's endpoints, the scenario's SHA-256), and, when the campaign does
// not match the scenario, each difference. Rendered from the check's
// figures.campaign in act.json only; empty when the figures name no
// finished campaign. `lang`: 0 Kazakh, 1 Russian, 2 English.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

namespace pooltest {

std::string CampaignTableHtml(const nlohmann::json& campaign, int lang);

}  // namespace pooltest
