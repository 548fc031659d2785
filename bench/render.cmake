# Issue 13's rendering row: page variants per second and summed Chromium RSS
# of the harness's renders (one browser, ui.render_concurrency tabs) against
# serial `chromium --headless --dump-dom` on the same 12 reference-pool
# pages. A plain program; ratios printed with min/median/max of 3 runs.
add_executable(render_bench ${CMAKE_CURRENT_LIST_DIR}/render_bench.cc)
target_link_libraries(render_bench PRIVATE pooltest_probe_http pooltest_refpool_web)
set_target_properties(render_bench PROPERTIES
  RUNTIME_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/bench)
