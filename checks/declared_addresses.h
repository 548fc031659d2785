// What the scenario declares a site to be reached at, matched with the run's
// evidence: every channel address and stratum host of every site, each host
// name with its dns.resolve, each address with the geolocation and ASN
// lookups made for it. The location checks (R4.1, R4.3) and the channel
// check (R4.4) use it so that a declared address without evidence is named
// as unsettled, never silently left out of a verdict that judged only the
// addresses that happened to be looked up. Pure.
#pragma once

#include <string>
#include <vector>

#include "checks/check_input.h"

namespace pooltest {

// One IP address a site is declared to be reached at (an IP literal of the
// scenario, or an address a declared host name resolved to).
struct DeclaredAddress {
  std::string site;
  std::string channel;      // "" for a stratum endpoint's host outside the channels
  std::string address;      // the IP address
  std::string declared_as;  // the literal or host name in the scenario
};

// A declared host name that yielded no address in this run.
struct UnresolvedHost {
  std::string site;
  std::string host;
  std::string evidence;  // its dns.resolve observation id, "" if none was made
};

struct SiteDeclarations {
  std::vector<DeclaredAddress> addresses;  // in declaration order, unique per site
  std::vector<UnresolvedHost> unresolved;
};

// Every site's declared addresses (all sites, or the one named `site`).
SiteDeclarations DeclaredAddressesOf(const CheckInput& in, const std::string* site = nullptr);

// Names of the declared databases of `kind` that made no lookup (probe
// `probe`, e.g. "geo.lookup") of `address`; each database is matched by the
// lookup's data.database. Empty when every database looked it up.
std::vector<std::string> MissingLookups(const CheckInput& in, DataSource::Kind kind,
                                        const char* probe, const std::string& address);

// A declared address that some declared databases of a kind did not look up.
struct MissingLookup {
  DeclaredAddress declared;
  std::vector<std::string> databases;  // the databases that made no lookup of it
  std::string DatabaseList() const;    // "geo-a, geo-b"
};

// Every declared address (of all sites, or of `site`) with its missing
// lookups, in declaration order; addresses every database looked up are left out.
std::vector<MissingLookup> AddressesWithoutLookups(const CheckInput& in, DataSource::Kind kind,
                                                   const char* probe,
                                                   const std::string* site = nullptr);

// True for an IPv4 or IPv6 literal (IPv6 optionally in brackets).
bool IsAddressLiteral(const std::string& s);

}  // namespace pooltest
