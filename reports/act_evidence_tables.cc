#include "reports/act_evidence_tables.h"

#include <cmath>
#include <cstdio>
#include <sstream>

#include "core/data_fields.h"
#include "core/markup_escape.h"
#include "reports/act_html_finding.h"
#include "reports/act_html_text.h"

namespace pooltest {
namespace {

using act_html::Lang;
using act_html::Phrase;

const Phrase kWhereAddresses = {{"Мекенжайлардың орналасқан жері: деректер базалары бойынша",
                                 "Местоположение адресов по базам данных",
                                 "Where each address is, by database"}};
const Phrase kSiteCol = {{"Кешен", "Комплекс", "Site"}};
const Phrase kAddressCol = {{"Мекенжай", "Адрес", "Address"}};
const Phrase kDatabaseCol = {{"Деректер базасы", "База данных", "Database"}};
const Phrase kCountryCol = {{"Ел", "Страна", "Country"}};
const Phrase kCityCol = {{"Елді мекен", "Населённый пункт", "Settlement"}};
const Phrase kNotFound = {{"табылмады", "не найден", "not found"}};
const Phrase kLookupFailed = {{"іздеу сәтсіз", "поиск не удался", "lookup failed"}};
const Phrase kDisputed = {{"дереккөздер келіспейді", "источники расходятся", "sources disagree"}};
const Phrase kNoLookup = {{"Геолокация ізделмеген мекенжайлар", "Адреса без запроса геолокации",
                           "Addresses never looked up"}};
const Phrase kLatency = {{"Физикалық кідіріс шектері (RTT)", "Физические границы задержки (RTT)",
                          "Physical latency bounds (RTT)"}};
const Phrase kSourceCol = {{"Өлшеу", "Измерение", "Measured by"}};
const Phrase kRttCol = {{"RTT, мс", "RTT, мс", "RTT, ms"}};
const Phrase kBoundCol = {{"Шек, км", "Граница, км", "Bound, km"}};
const Phrase kUsedCol = {{"Ескерілді", "Учтено", "Used"}};
const Phrase kYes = {{"иә", "да", "yes"}};
const Phrase kNo = {{"жоқ", "нет", "no"}};
const Phrase kBackupPlace = {{"Резервтік кешеннің елді мекені",
                              "Населённый пункт резервного комплекса", "The backup's settlement"}};
const Phrase kDeclared = {{"Мәлімделген", "Заявлен", "Declared"}};
const Phrase kObserved = {{"Деректер базалары бойынша", "По базам данных", "Observed"}};
const Phrase kGazetteer = {
    {"Елді мекендер тізімі бойынша", "По справочнику населённых пунктов", "In the gazetteer"}};
const Phrase kPrimaryPlace = {{"Негізгі кешеннің елді мекені",
                               "Населённый пункт основного комплекса", "The primary's settlement"}};
const Phrase kServing = {{"Майнерлерге қызмет көрсететін арналар", "Каналы, обслуживающие майнеров",
                          "Channels serving miners"}};
const Phrase kChannels = {{"Байланыс арналары", "Каналы связи", "Channels"}};
const Phrase kChannelCol = {{"Арна", "Канал", "Channel"}};
const Phrase kProviderCol = {
    {"Мәлімделген провайдер", "Заявленный провайдер", "Declared provider"}};
const Phrase kAsnCol = {{"ASN", "ASN", "ASN"}};
const Phrase kOrgCol = {{"Ұйым (ASN бойынша)", "Организация (по ASN)", "Organisation (by ASN)"}};
const Phrase kWorksCol = {{"Жұмыс істейді", "Работает", "Works"}};
const Phrase kUnknown = {{"белгісіз", "неизвестно", "unknown"}};
const Phrase kTcpOnly = {{"тек TCP", "только TCP", "TCP only"}};
const Phrase kFailover = {{"Арнаны ажырату сынағы", "Проверка отключения канала", "Failover step"}};
const Phrase kDocumentsHeading = {{"Ұсынылған құжат", "Представленный документ", "The document"}};
const Phrase kReferenceCol = {{"Нөмірі", "Номер", "Reference"}};
const Phrase kDateCol = {{"Күні", "Дата", "Date"}};
const Phrase kIssuerCol = {{"Берген орган", "Кем выдан", "Issuer"}};
const Phrase kFileCol = {{"Акт қалтасындағы файл", "Файл в папке акта", "File in the act folder"}};
const Phrase kHashCol = {{"SHA-256 мәлімделген мәнге сәйкес", "SHA-256 совпадает с заявленным",
                          "SHA-256 matches the declared"}};
const Phrase kRequests = {{"Осы сынақтағы қолдау сұраулары", "Запросы в поддержку в этом испытании",
                           "This run's support requests"}};
const Phrase kCreatedCol = {{"Сұрау қабылданды", "Запрос принят", "Request accepted"}};
const Phrase kReplyCol = {
    {"Адамның алғашқы жауабы, с", "Первый ответ человека, с", "First human reply, s"}};

std::string E(const std::string& s) { return EscapeMarkup(s); }

// A JSON value as a cell's text: strings as they are, numbers as JSON.
std::string Cell(const nlohmann::json& v) {
  if (v.is_string()) return E(v.get<std::string>());
  if (v.is_null()) return "—";
  return E(v.dump());
}

std::string Joined(const nlohmann::json& list) {
  if (!list.is_array()) return Cell(list);
  std::string s;
  for (const nlohmann::json& v : list) s += (s.empty() ? "" : ", ") + Cell(v);
  return s.empty() ? "—" : s;
}

std::string Fixed(std::optional<double> v, const char* format) {
  if (!v) return "—";
  char buf[32];
  std::snprintf(buf, sizeof buf, format, *v);
  return buf;
}

void Head(std::ostringstream& h, const Phrase& title, std::initializer_list<const Phrase*> cols,
          Lang l) {
  h << "<p class=\"small tt\"><b>" << title[l]
    << "</b></p>\n<table class=\"grid small\"><thead><tr>";
  for (const Phrase* c : cols) h << "<th>" << (*c)[l] << "</th>";
  h << "</tr></thead><tbody>\n";
}

void Tail(std::ostringstream& h) { h << "</tbody></table>\n"; }

// Address → each database's country and city; marked where a database found
// nothing, the lookup failed or the sources disagree.
void AddressTable(std::ostringstream& h, const nlohmann::json& f, Lang l) {
  const nlohmann::json& addresses = ArrayField(f, "addresses");
  if (addresses.empty()) return;
  Head(h, kWhereAddresses, {&kSiteCol, &kAddressCol, &kDatabaseCol, &kCountryCol, &kCityCol}, l);
  for (const nlohmann::json& a : addresses) {
    const nlohmann::json& dbs = ArrayField(a, "databases");
    const std::string lead = "<td>" + E(StringField(a, "site")) + "</td><td class=\"mono\">" +
                             E(StringField(a, "address")) + "</td>";
    if (BoolField(a, "lookup_failed") || dbs.empty()) {
      h << "<tr>" << lead << "<td colspan=\"3\" class=\"bad\">" << kLookupFailed[l]
        << "</td></tr>\n";
      continue;
    }
    // Marked where the sources disagree: the country, the city, or both.
    const bool country_disputed = BoolField(a, "country_disputed");
    const bool city_disputed = BoolField(a, "city_disputed");
    auto cell = [l](const std::string& text, bool disputed) {
      return std::string(disputed ? "<td class=\"bad\">" : "<td>") + E(text) +
             (disputed ? std::string(" (") + kDisputed[l] + ")" : "") + "</td>";
    };
    for (const nlohmann::json& d : dbs) {
      h << "<tr>" << lead << "<td>" << E(StringField(d, "database")) << "</td>";
      if (!BoolField(d, "found")) {
        h << "<td colspan=\"2\" class=\"bad\">" << kNotFound[l] << "</td></tr>\n";
        continue;
      }
      h << cell(StringField(d, "country"), country_disputed)
        << cell(StringField(d, "city"), city_disputed) << "</tr>\n";
    }
  }
  Tail(h);
  const nlohmann::json& missing = ArrayField(f, "declared_without_lookup");
  if (!missing.empty())
    h << "<p class=\"small\"><b>" << kNoLookup[l] << ":</b> " << Joined(missing) << "</p>\n";
}

// Each RTT sample: the distance it allows, and whether the check used it
// (a loopback or private address shows where the harness is, not the pool).
void LatencyTable(std::ostringstream& h, const nlohmann::json& latency, Lang l) {
  const nlohmann::json& samples = ArrayField(latency, "samples");
  if (samples.empty()) return;
  Head(h, kLatency, {&kAddressCol, &kSourceCol, &kRttCol, &kBoundCol, &kUsedCol}, l);
  for (const nlohmann::json& s : samples) {
    const bool used = BoolField(s, "usable");
    h << "<tr><td class=\"mono\">" << E(StringField(s, "address")) << "</td><td class=\"mono\">"
      << E(StringField(s, "source")) << "</td><td class=\"num\">"
      << Fixed(NumberField(s, "rtt_ms"), "%.2f") << "</td><td class=\"num\">"
      << Fixed(NumberField(s, "bound_km"), "%.0f") << "</td><td>" << (used ? kYes[l] : kNo[l])
      << "</td></tr>\n";
  }
  Tail(h);
}

// A gazetteer settlement ({id, name}) in the part's language from the act's
// names; the check's spelling when the act has no name for it.
std::string SettlementText(const nlohmann::json& s, const nlohmann::json& pool, Lang l) {
  if (!s.is_object()) return "—";
  const std::string name = act_html::SettlementName(pool, StringField(s, "id"), l);
  return E(name.empty() ? StringField(s, "name", "—") : name);
}

void BackupTable(std::ostringstream& h, const nlohmann::json& f, const nlohmann::json& pool,
                 Lang l) {
  // The declared name as the scenario spelled it, unless the gazetteer
  // matched it (then in the part's language).
  const std::string declared = act_html::SettlementName(
      pool, StringField(ObjectField(f, "declared_settlement_match"), "id"), l);
  h << "<table class=\"kv small\">\n"
    << "<tr><th>" << kBackupPlace[l] << ": " << kDeclared[l] << "</th><td>"
    << E(declared.empty() ? StringField(f, "declared_settlement", "—") : declared) << "</td></tr>\n"
    << "<tr><th>" << kBackupPlace[l] << ": " << kObserved[l] << "</th><td>"
    << E(StringField(f, "observed_city", "—")) << ", " << E(StringField(f, "observed_country", "—"))
    << "</td></tr>\n"
    << "<tr><th>" << kBackupPlace[l] << ": " << kGazetteer[l] << "</th><td>"
    << SettlementText(RawField(f, "backup_settlement"), pool, l) << "</td></tr>\n"
    << "<tr><th>" << kPrimaryPlace[l] << "</th><td>"
    << SettlementText(RawField(f, "primary_settlement"), pool, l) << "</td></tr>\n"
    << "<tr><th>" << kServing[l] << "</th><td>" << IntField(f, "serving") << "</td></tr>\n"
    << "</table>\n";
}

void ChannelTable(std::ostringstream& h, const nlohmann::json& f, Lang l) {
  const nlohmann::json& channels = ArrayField(f, "channels");
  if (channels.empty()) return;
  Head(h, kChannels, {&kChannelCol, &kAddressCol, &kProviderCol, &kAsnCol, &kOrgCol, &kWorksCol},
       l);
  for (const nlohmann::json& c : channels) {
    const bool works = BoolField(c, "works");
    const std::string org = BoolField(c, "organisation_unknown")
                                ? std::string(kUnknown[l])
                                : Joined(ArrayField(c, "organisations"));
    // A declared provider the ASN data does not name is marked (the note
    // under the finding says so in words).
    const nlohmann::json* matches = FieldOf(c, "provider_matches_organisation");
    const bool mismatch = matches && matches->is_boolean() && !matches->get<bool>();
    h << "<tr><td>" << E(StringField(c, "channel")) << "</td><td class=\"mono\">"
      << Joined(ArrayField(c, "addresses")) << "</td><td" << (mismatch ? " class=\"bad\"" : "")
      << ">" << E(StringField(c, "declared_provider", "—")) << (mismatch ? " ≠" : "")
      << "</td><td class=\"mono\">" << Joined(ArrayField(c, "asns")) << "</td><td>" << org
      << "</td><td" << (works ? "" : " class=\"bad\"") << ">"
      << (works                      ? kYes[l]
          : BoolField(c, "tcp_only") ? kTcpOnly[l]
                                     : kNo[l])
      << "</td></tr>\n";
  }
  Tail(h);
  const nlohmann::json& failover = ObjectField(f, "failover");
  if (!failover.empty())
    h << "<p class=\"small\"><b>" << kFailover[l] << ":</b> "
      << E(StringField(failover, "status", "—")) << "</p>\n";
}

void DocumentTable(std::ostringstream& h, const nlohmann::json& f, Lang l) {
  const nlohmann::json& docs = ArrayField(f, "documents");
  if (docs.empty()) return;
  Head(h, kDocumentsHeading, {&kReferenceCol, &kDateCol, &kIssuerCol, &kFileCol, &kHashCol}, l);
  for (const nlohmann::json& d : docs) {
    const bool matches = BoolField(d, "matches_declared");
    h << "<tr><td>" << E(StringField(d, "reference", "—")) << "</td><td class=\"nowrap\">"
      << E(StringField(d, "date", "—")) << "</td><td>" << E(StringField(d, "issuer", "—"))
      << "</td><td class=\"mono\">" << E(StringField(d, "file", "—")) << "</td><td"
      << (matches ? "" : " class=\"bad\"") << ">" << (matches ? kYes[l] : kNo[l])
      << "<br><span class=\"hash\">" << E(StringField(d, "sha256")) << "</span></td></tr>\n";
  }
  Tail(h);
}

void RequestTable(std::ostringstream& h, const nlohmann::json& f, Lang l) {
  const nlohmann::json& requests = ArrayField(f, "requests");
  if (requests.empty()) return;
  Head(h, kRequests, {&kChannelCol, &kCreatedCol, &kReplyCol}, l);
  for (const nlohmann::json& r : requests) {
    const std::optional<double> ms = NumberField(r, "first_human_reply_ms");
    h << "<tr><td>" << E(StringField(r, "channel")) << "</td><td>"
      << (BoolField(r, "created") ? kYes[l] : kNo[l]) << "</td><td class=\"num\">"
      << (ms ? Fixed(*ms / 1000, "%.1f") : std::string("—")) << "</td></tr>\n";
  }
  Tail(h);
}

}  // namespace

std::string EvidenceTablesHtml(const nlohmann::json& check, int lang, const nlohmann::json& pool) {
  const Lang l = lang == 0 ? act_html::kKk : lang == 1 ? act_html::kRu : act_html::kEn;
  const nlohmann::json& f = ObjectField(check, "figures");
  const std::string clause = StringField(check, "clause");
  std::ostringstream h;
  if (clause == "R4.1") {
    AddressTable(h, f, l);
    LatencyTable(h, ObjectField(f, "latency"), l);
  } else if (clause == "R4.3") {
    BackupTable(h, f, pool, l);
    AddressTable(h, f, l);
  } else if (clause == "R4.4") {
    ChannelTable(h, f, l);
  } else if (clause == "R4.2" || clause == "R4.7") {
    DocumentTable(h, f, l);
  } else if (clause == "R4.5" && RawField(f, "campaign").is_null()) {
    RequestTable(h, f, l);
  }
  return h.str();
}

}  // namespace pooltest
