# Precompiled headers for every C++ target: the standard library, nlohmann
# json and (for the tests) GoogleTest are parsed once per tree instead of in
# each of ~300 translation units. On 14 files drawn at random, clang under
# ASan at -O0 took 32 s instead of 52 s; on by default for clang only (see
# POOLTEST_PCH in CMakeLists.txt for why not GCC).
#
# One PCH is built per set of compile options and reused by every target
# with that set (REUSE_FROM): a PCH is only valid with the flags it was made
# with, so the fuzz tree's libraries (-fsanitize=fuzzer-no-link) get their
# own, and the fuzz targets themselves none. Only headers that most files
# include and that never depend on a macro a target sets go in.
# POOLTEST_PCH=OFF builds without them (e.g. to check that every file
# includes what it uses).

set(POOLTEST_PCH_HEADERS
    <algorithm> <chrono> <cstddef> <cstdint> <filesystem> <functional> <map>
    <memory> <optional> <set> <sstream> <string> <string_view> <utility>
    <variant> <vector> <nlohmann/json.hpp>)

function(pooltest_collect_targets dir out)
  get_property(targets DIRECTORY ${dir} PROPERTY BUILDSYSTEM_TARGETS)
  get_property(subdirs DIRECTORY ${dir} PROPERTY SUBDIRECTORIES)
  foreach(sub ${subdirs})
    pooltest_collect_targets(${sub} sub_targets)
    list(APPEND targets ${sub_targets})
  endforeach()
  set(${out} ${targets} PARENT_SCOPE)
endfunction()

# The PCH host for one kind of target: an object library of one empty file
# with the same options, so its PCH fits every target that reuses it.
function(pooltest_pch_host name options with_gtest)
  add_library(${name} OBJECT ${PROJECT_SOURCE_DIR}/cmake/precompiled_host.cc)
  target_compile_options(${name} PRIVATE ${options})
  target_link_libraries(${name} PRIVATE nlohmann_json::nlohmann_json)
  if(with_gtest)
    target_link_libraries(${name} PRIVATE GTest::gtest)
    target_precompile_headers(${name} PRIVATE ${POOLTEST_PCH_HEADERS} <gtest/gtest.h>)
  else()
    target_precompile_headers(${name} PRIVATE ${POOLTEST_PCH_HEADERS})
  endif()
endfunction()

function(pooltest_precompile_all)
  pooltest_collect_targets(${PROJECT_SOURCE_DIR} targets)
  set(hosts "")
  foreach(t ${targets})
    get_target_property(type ${t} TYPE)
    if(NOT type MATCHES "^(EXECUTABLE|STATIC_LIBRARY|OBJECT_LIBRARY)$")
      continue()
    endif()
    get_target_property(sources ${t} SOURCES)
    list(FILTER sources INCLUDE REGEX "\\.cc$")
    if(NOT sources)
      continue()
    endif()
    get_target_property(options ${t} COMPILE_OPTIONS)
    if(NOT options)
      set(options "")
    endif()
    if("-fsanitize=fuzzer" IN_LIST options)
      continue()  # a fuzz target: one file, and libFuzzer's own flags
    endif()
    get_target_property(libs ${t} LINK_LIBRARIES)
    set(with_gtest OFF)
    if(libs MATCHES "GTest::|gtest")
      set(with_gtest ON)
    endif()
    string(MD5 key "${options}|${with_gtest}")
    string(SUBSTRING ${key} 0 8 key)
    set(host pooltest_pch_${key})
    if(NOT host IN_LIST hosts)
      pooltest_pch_host(${host} "${options}" ${with_gtest})
      list(APPEND hosts ${host})
    endif()
    target_precompile_headers(${t} REUSE_FROM ${host})
    # A file compiled with options of its own (e.g. qpdf's headers at
    # -std=c++17) cannot use the target's PCH.
    get_target_property(dir ${t} SOURCE_DIR)
    foreach(src ${sources})
      cmake_path(ABSOLUTE_PATH src BASE_DIRECTORY ${dir})
      get_source_file_property(src_options ${src} TARGET_DIRECTORY ${t} COMPILE_OPTIONS)
      if(src_options)
        set_source_files_properties(${src} TARGET_DIRECTORY ${t} PROPERTIES
                                    SKIP_PRECOMPILE_HEADERS ON)
      endif()
    endforeach()
  endforeach()
endfunction()
