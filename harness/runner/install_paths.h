// Where pooltest's bundled read-only files live. An installed pooltest
// (PREFIX/bin/pooltest next to PREFIX/share/pooltest) finds them relative
// to its own executable, so the package works under any prefix; run from
// the build tree, it finds them where the build left them (the source tree
// and the build's data folder). POOLTEST_DATA in the environment overrides
// the data folder. Each call looks again: nothing is cached.
#pragma once

#include <string>

namespace pooltest {

// The folder laid out like the source tree's bundled files: scenarios/,
// data/calendars/, checks/data/, reports/schemas/.
std::string SourceDir();
// The reference pool's generated geolocation and ASN databases.
std::string DataDir();
// The bundled settlement gazetteer (R4.3) and GeoNames' populated places.
std::string GazetteerFile();
std::string PlacesFile();
std::string HarnessVersion();

}  // namespace pooltest
