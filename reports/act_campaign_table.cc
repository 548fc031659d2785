#include "reports/act_campaign_table.h"

#include <sstream>

#include "core/data_fields.h"
#include "core/markup_escape.h"
#include "reports/act_html_finding.h"

namespace pooltest {
namespace {

struct Phrase {
  const char* text[3];
};

const Phrase kHeading = {{"Қолдау қызметін тексеру науқаны", "Кампания проверки службы поддержки",
                          "The support campaign"}};
const Phrase kWindow = {{"Науқан кезеңі", "Период кампании", "Window"}};
const Phrase kDatabase = {{"Науқан дерекқоры", "База данных кампании", "Campaign database"}};
const Phrase kCopy = {{"Акт қалтасындағы көшірме және оның SHA-256",
                       "Копия в папке акта и её SHA-256", "Copy in the act's folder, SHA-256"}};
const Phrase kBin = {{"Тексерілген өтініш берушінің БСН", "БИН проверенного заявителя",
                      "BIN of the applicant tested"}};
const Phrase kScenario = {{"Науқан басталған сценарийдің SHA-256",
                           "SHA-256 сценария, с которым начата кампания",
                           "SHA-256 of the scenario the campaign started with"}};
const Phrase kChannel = {{"Тексерілген арна", "Проверенный канал", "Channel tested"}};
const Phrase kNoFingerprint = {{"науқан сәйкестендіру белгісін жазбаған",
                                "кампания не записала отпечаток",
                                "the campaign recorded no fingerprint"}};
const Phrase kReplies = {{"Жауаптарды кім жазды (арна бойынша)", "Кто писал ответы (по каналам)",
                          "Who wrote the replies (per channel)"}};
const Phrase kClassNames[3] = {{{"адам", "человек", "human"}},
                               {{"автоматты", "автоматический", "automatic"}},
                               {{"күмәнді", "сомнительный", "doubtful"}}};
const Phrase kExample = {{"мысалы, сұраныс", "например, запрос", "e.g. request"}};
const Phrase kUnbound = {{"Науқан бұл сценарийге сәйкес келмейді, сондықтан дәлел емес",
                          "Кампания не соответствует сценарию и не является доказательством",
                          "The campaign does not match the scenario and is no evidence"}};

std::string E(const std::string& s) { return EscapeMarkup(s); }

void Row(std::ostringstream& h, const char* label, const std::string& value_html) {
  h << "<tr><th>" << label << "</th><td>" << value_html << "</td></tr>\n";
}

// A channel's endpoints in one line: "desk (ticket_api): create_url …; poll_url …".
std::string ChannelLine(const nlohmann::json& ch) {
  std::string out = E(StringField(ch, "name")) + " (" + E(StringField(ch, "kind")) + "):";
  bool first = true;
  for (auto it = ch.begin(); it != ch.end(); ++it) {
    if (it.key() == "name" || it.key() == "kind" || !it->is_string() || it->empty()) continue;
    out += std::string(first ? " " : "; ") + E(it.key()) + " <span class=\"mono\">" +
           E(it->get<std::string>()) + "</span>";
    first = false;
  }
  return out;
}

// Per channel: the count of each class, and an example of each with its
// excerpt and reasons.
std::string RepliesHtml(const nlohmann::json& replies, int l) {
  if (!replies.is_object() || replies.empty()) return "";
  static const char* const kKeys[] = {"human", "automatic", "doubtful"};
  std::ostringstream h;
  h << "<p class=\"small\"><b>" << kReplies.text[l] << "</b></p>\n<table class=\"grid small\">\n";
  for (const auto& [channel, c] : replies.items()) {
    if (!c.is_object()) continue;
    for (int k = 0; k < 3; ++k) {
      const int n = c.value(kKeys[k], 0);
      h << "<tr><td class=\"mono\">" << E(channel) << "</td><td>" << kClassNames[k].text[l]
        << "</td><td class=\"num\">" << n << "</td><td>";
      const nlohmann::json ex =
          c.contains("examples") && c["examples"].is_object() && c["examples"].contains(kKeys[k])
              ? c["examples"][kKeys[k]]
              : nlohmann::json();
      if (ex.is_object()) {
        // The excerpt is the desk's own text, quoted in whatever language
        // it wrote; the reasons are the check's, in the part's language.
        h << kExample.text[l] << " " << ex.value("seq", 0) << ": <span class=\"q\">«"
          << E(StringField(ex, "excerpt")) << "»</span><ul>";
        if (ex.contains("reasons") && ex["reasons"].is_array())
          for (const nlohmann::json& why : ex["reasons"])
            h << "<li>" << act_html::PartHtml(why, static_cast<act_html::Lang>(l)) << "</li>";
        h << "</ul>";
      }
      h << "</td></tr>\n";
    }
  }
  h << "</table>\n";
  return h.str();
}

}  // namespace

std::string CampaignTableHtml(const nlohmann::json& c, int lang) {
  const int l = lang < 0 || lang > 2 ? 2 : lang;
  if (!c.is_object() || !c.contains("grid")) return "";
  std::ostringstream h;
  h << "<p class=\"small\"><b>" << kHeading.text[l] << "</b></p>\n<table class=\"kv small\">\n";
  const nlohmann::json w = c.contains("window") ? c["window"] : nlohmann::json();
  Row(h, kWindow.text[l], E(StringField(w, "start")) + " — " + E(StringField(w, "end")));
  Row(h, kDatabase.text[l], "<span class=\"mono\">" + E(StringField(c, "database")) + "</span>");
  const nlohmann::json copy = c.contains("copy") ? c["copy"] : nlohmann::json();
  Row(h, kCopy.text[l],
      "<span class=\"mono\">" + E(StringField(copy, "file")) +
          "</span> <span class=\"mono hash\">" + E(StringField(copy, "sha256")) + "</span>");
  const nlohmann::json fp = c.contains("fingerprint") ? c["fingerprint"] : nlohmann::json();
  if (!fp.is_object()) {
    Row(h, kBin.text[l], kNoFingerprint.text[l]);
  } else {
    Row(h, kBin.text[l], E(StringField(fp, "applicant_bin")));
    Row(h, kScenario.text[l],
        "<span class=\"mono hash\">" + E(StringField(fp, "scenario_sha256")) + "</span>");
    if (fp.contains("channels") && fp["channels"].is_array())
      for (const nlohmann::json& ch : fp["channels"])
        if (ch.is_object()) Row(h, kChannel.text[l], ChannelLine(ch));
  }
  if (c.contains("unbound") && c["unbound"].is_array() && !c["unbound"].empty()) {
    std::string list;
    for (const nlohmann::json& u : c["unbound"])
      list += "<li>" + act_html::PartHtml(u, static_cast<act_html::Lang>(l)) + "</li>";
    Row(h, kUnbound.text[l], "<ul>" + list + "</ul>");
  }
  h << "</table>\n";
  h << RepliesHtml(c.contains("replies") ? c["replies"] : nlohmann::json(), l);
  return h.str();
}

}  // namespace pooltest
