# R4.6 UI text: language identification accuracy on the labelled set, and
# megabytes of HTML per second through extraction + identification against
# gumbo parsing alone (the baseline, measured in the same run).
add_executable(language_accuracy_bench
  ${CMAKE_CURRENT_LIST_DIR}/language_accuracy_bench.cc
  ${PROJECT_SOURCE_DIR}/tests/web/language_set.cc)
target_compile_definitions(language_accuracy_bench PRIVATE
  POOLTEST_LANGUAGE_SET="${PROJECT_SOURCE_DIR}/tests/data/language_id_set.tsv")
target_link_libraries(language_accuracy_bench PRIVATE pooltest_probe_http)
set_target_properties(language_accuracy_bench PROPERTIES
  RUNTIME_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/bench)

add_executable(ui_text_bench ${CMAKE_CURRENT_LIST_DIR}/ui_text_bench.cc)
target_link_libraries(ui_text_bench PRIVATE
  pooltest_probe_http pooltest_refpool_web benchmark::benchmark)
set_target_properties(ui_text_bench PROPERTIES
  RUNTIME_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/bench)
