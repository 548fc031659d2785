# Issue 13's probe sweep: the harness's sweep of N loopback stratum endpoints
# (N = 100, 1000, 10000) against a bare connect+subscribe+authorize loop and
# prometheus-blackbox-exporter at the same concurrency, and the sweep's peak
# RSS per N. A plain program (each figure is a whole sweep in a child
# process); ratios printed per N.
if(TARGET pooltest_runner AND TARGET pooltest_refpool_stratum)
  add_executable(sweep_bench ${CMAKE_CURRENT_LIST_DIR}/sweep_bench.cc
                             ${CMAKE_CURRENT_LIST_DIR}/sweep_baselines.cc)
  target_link_libraries(sweep_bench PRIVATE pooltest_runner pooltest_scenario
                        pooltest_refpool_stratum)
  set_target_properties(sweep_bench PROPERTIES
    RUNTIME_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/bench)
endif()
