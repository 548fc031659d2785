// Hand-made scenarios and observations for check unit tests: the shapes the
// real probes produce, built without a network.
#pragma once

#include <string>
#include <vector>

#include "checks/check_input.h"

namespace pooltest::testing {

// Primary "primary" in Astana (127.0.0.11 ch1 Kazakhtelecom, 127.0.0.12 ch2
// Transtelecom), backup "backup" in Almaty (127.0.0.21 ch1, 127.0.0.22 ch2),
// one geolocation and one ASN database, UI with "/" and "/help".
Scenario TwoSiteScenario();

// TwoSiteScenario narrowed to its primary site with one channel at `address`:
// for checks of one address, whose evidence is then complete.
Scenario OneAddressScenario(const std::string& address);

class Evidence {
 public:
  Observation& Add(Observation o);
  Observation& Geo(const std::string& db, const std::string& site, const std::string& channel,
                   const std::string& address, const std::string& country, const std::string& city);
  Observation& GeoUnknown(const std::string& db, const std::string& site,
                          const std::string& address);
  Observation& Asn(const std::string& site, const std::string& channel, const std::string& address,
                   int asn, const std::string& org);
  Observation& Handshake(const std::string& site, const std::string& channel,
                         const std::string& address, bool authorized);
  Observation& Tcp(const std::string& site, const std::string& channel, const std::string& address,
                   int connected);
  Observation& Page(const std::string& page, const std::string& lang, int status,
                    const std::string& html_lang, double share, std::vector<std::string> switcher);
  // A geo.lookup with the database's coordinates.
  Observation& GeoAt(const std::string& db, const std::string& site, const std::string& channel,
                     const std::string& address, const std::string& country,
                     const std::string& city, double latitude, double longitude);
  // An RTT observation (probe tcp.connect, latency.stratum or latency.import)
  // with one sample of `min_ms`, taken at `vantage`.
  Observation& Rtt(const std::string& probe, const std::string& site, const std::string& address,
                   const std::string& vantage, double min_ms);
  // The bundled gazetteer as the harness records it (gazetteer.load).
  Observation& GazetteerLoad();
  // A populated-places dataset as the harness records it (places.load).
  Observation& PlacesLoad(const nlohmann::json& doc);
  Observation& Failover(const std::string& site, const std::string& channel, bool served,
                        bool down_confirmed, ProbeStatus status = ProbeStatus::kOk);
  // A conforming pool's full evidence for TwoSiteScenario().
  void AddGoodPool(const Scenario& sc);

  const std::vector<Observation>& all() const { return obs_; }

 private:
  std::vector<Observation> obs_;
};

}  // namespace pooltest::testing
