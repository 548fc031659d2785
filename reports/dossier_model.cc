#include "reports/dossier_model.h"

#include <filesystem>
#include <fstream>
#include <iterator>

#include "core/data_fields.h"
#include "core/sha256.h"

namespace pooltest {
namespace {

namespace fs = std::filesystem;

// The 17 regions by the gazetteer's English name, with their names in the
// state language and in Russian as the decrees that formed or renamed them
// give them (Abai, Zhetysu, Ulytau since 2022).
struct RegionNames {
  const char* en;
  const char* kk;
  const char* ru;
};
constexpr RegionNames kRegions[] = {
    {"Abai", "Абай облысы", "область Абай"},
    {"Akmola", "Ақмола облысы", "Акмолинская область"},
    {"Aktobe", "Ақтөбе облысы", "Актюбинская область"},
    {"Almaty", "Алматы облысы", "Алматинская область"},
    {"Atyrau", "Атырау облысы", "Атырауская область"},
    {"East Kazakhstan", "Шығыс Қазақстан облысы", "Восточно-Казахстанская область"},
    {"Karaganda", "Қарағанды облысы", "Карагандинская область"},
    {"Kostanay", "Қостанай облысы", "Костанайская область"},
    {"Kyzylorda", "Қызылорда облысы", "Кызылординская область"},
    {"Mangystau", "Маңғыстау облысы", "Мангистауская область"},
    {"North Kazakhstan", "Солтүстік Қазақстан облысы", "Северо-Казахстанская область"},
    {"Pavlodar", "Павлодар облысы", "Павлодарская область"},
    {"Turkistan", "Түркістан облысы", "Туркестанская область"},
    {"Ulytau", "Ұлытау облысы", "область Ұлытау"},
    {"West Kazakhstan", "Батыс Қазақстан облысы", "Западно-Казахстанская область"},
    {"Zhambyl", "Жамбыл облысы", "Жамбылская область"},
    {"Zhetysu", "Жетісу облысы", "область Жетісу"},
};

// The site's settlement: the one the geolocation databases placed its
// addresses in (the observed one, what R4.1/R4.3 judged), else none.
void FillSettlement(const nlohmann::json& site, const nlohmann::json& names, DossierSite* out) {
  const nlohmann::json& ids = ObjectField(ObjectField(site, "observed"), "settlement_ids");
  if (ids.is_object()) {
    for (auto it = ids.begin(); it != ids.end(); ++it) {
      if (it->is_string()) {
        out->settlement_id = it->get<std::string>();
        break;
      }
    }
  }
  if (out->settlement_id.empty()) return;
  const nlohmann::json& n = ObjectField(names, out->settlement_id.c_str());
  out->name_kk = StringField(n, "kk");
  out->name_ru = StringField(n, "ru");
  out->kind = StringField(n, "kind");
  out->region_en = StringField(n, "region");
}

}  // namespace

std::string RegionName(const std::string& region_en, DossierLang l) {
  for (const RegionNames& r : kRegions)
    if (region_en == r.en) return Pick(l, r.kk, r.ru);
  return "";
}

std::vector<const nlohmann::json*> DossierModel::ChecksOf(const std::string& clause) const {
  std::vector<const nlohmann::json*> out;
  for (const nlohmann::json& c : ArrayField(act, "checks"))
    if (StringField(c, "clause") == clause) out.push_back(&c);
  return out;
}

Result<DossierModel> DossierModelFromAct(const std::string& act_dir) {
  const fs::path path = fs::path(act_dir) / "act.json";
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error{"cannot read " + path.string()};
  const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  DossierModel m;
  m.act = nlohmann::json::parse(bytes, nullptr, false);
  if (!m.act.is_object() || StringField(m.act, "format") != "pooltest-act/1")
    return Error{path.string() + " is not a pooltest act (format pooltest-act/1)"};
  m.act_dir = act_dir;
  m.act_sha256 = Sha256Hex(bytes);
  const nlohmann::json& applicant = ObjectField(m.act, "applicant");
  m.legal_name = StringField(applicant, "legal_name");
  m.bin = StringField(applicant, "bin");
  m.legal_address = StringField(applicant, "legal_address");
  m.act_number = StringField(ObjectField(m.act, "lab"), "act_number");
  m.act_date = StringField(ObjectField(m.act, "run"), "started_kz").substr(0, 10);
  m.demonstration = BoolField(ObjectField(m.act, "signature"), "demonstration");

  const nlohmann::json& pool = ObjectField(m.act, "pool");
  const nlohmann::json& names = ObjectField(pool, "settlement_names");
  const nlohmann::json& sites = ArrayField(pool, "sites");
  if (sites.is_array()) {
    for (const nlohmann::json& s : sites) {
      DossierSite site;
      site.id = StringField(s, "id");
      site.role = StringField(s, "role");
      FillSettlement(s, names, &site);
      const nlohmann::json& addresses = ArrayField(ObjectField(s, "observed"), "addresses");
      if (addresses.is_array())
        for (const nlohmann::json& a : addresses)
          if (a.is_string()) site.addresses.push_back(a.get<std::string>());
      m.sites.push_back(std::move(site));
    }
  }
  const nlohmann::json& conditions = ArrayField(m.act, "conditions");
  if (conditions.is_array())
    for (const nlohmann::json& c : conditions)
      m.verdicts[StringField(c, "clause")] = StringField(c, "verdict");
  const nlohmann::json& documents = ArrayField(m.act, "documents");
  if (documents.is_array()) {
    for (const nlohmann::json& d : documents) {
      m.documents.push_back(DossierDocument{StringField(d, "clause"), StringField(d, "reference"),
                                            StringField(d, "date"), StringField(d, "issuer"),
                                            StringField(d, "file"), StringField(d, "sha256"),
                                            StringField(d, "status")});
    }
  }
  return m;
}

}  // namespace pooltest
