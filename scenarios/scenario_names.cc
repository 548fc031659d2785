#include "scenarios/scenario.h"

namespace pooltest {

const char* ToString(SiteRole r) { return r == SiteRole::kPrimary ? "primary" : "backup"; }

const char* ToString(LanguageVariant::Method m) {
  switch (m) {
    case LanguageVariant::Method::kPathPrefix:
      return "path_prefix";
    case LanguageVariant::Method::kQuery:
      return "query";
    case LanguageVariant::Method::kSubdomain:
      return "subdomain";
    case LanguageVariant::Method::kAcceptLanguage:
      return "accept_language";
    case LanguageVariant::Method::kCookie:
      return "cookie";
    case LanguageVariant::Method::kFollow:
      return "follow";
  }
  return "path_prefix";
}

const char* ToString(DataSource::Kind k) {
  switch (k) {
    case DataSource::Kind::kGeolocation:
      return "geolocation";
    case DataSource::Kind::kAsn:
      return "asn";
    case DataSource::Kind::kGazetteer:
      return "gazetteer";
  }
  return "geolocation";
}

}  // namespace pooltest
