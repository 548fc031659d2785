// Kazakhstan's regions as the act's map draws them: 17 regions and the 3
// cities of republican significance as they are since 2022 (Abai, Zhetysu,
// Ulytau included). Generated into kz_regions_data.cc by
// data/geo/make_kz_regions.py from a pinned public dataset (see
// data/geo/README.md for the source, its date and licence); never edited by
// hand. Coordinates are longitude/latitude in hundredths of a degree.
#pragma once

#include <cstddef>
#include <cstdint>

namespace pooltest {

struct KzRegion {
  const char* iso;   // ISO 3166-2, e.g. "KZ-10" (Abai)
  const char* name;  // English name as the dataset gives it
  int first_ring;    // rings [first_ring, end_ring) of KzRegionData::ring_ends
  int end_ring;
};

struct KzRegionData {
  const int16_t (*points)[2];  // {lon, lat} x 100
  size_t point_count;
  const int* ring_ends;  // ring i is points [ring_ends[i-1] (0 for i = 0), ring_ends[i])
  size_t ring_count;
  const KzRegion* regions;
  size_t region_count;
};

KzRegionData KzRegions();

}  // namespace pooltest
