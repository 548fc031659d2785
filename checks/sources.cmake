add_library(pooltest_checks
  ${CMAKE_CURRENT_LIST_DIR}/check_result.cc
)
target_link_libraries(pooltest_checks PUBLIC pooltest_core)
