# What `cmake --install` (and so the Debian package, cmake/package.cmake)
# puts where. PREFIX/share/pooltest is laid out like the source tree's
# bundled files, so harness/runner/install_paths.cc finds every file by the
# same relative path whether pooltest runs from the build tree or installed.
set(pooltest_share ${CMAKE_INSTALL_DATADIR}/pooltest)
set(pooltest_doc ${CMAKE_INSTALL_DOCDIR})

install(TARGETS pooltest RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})

# Read at run time: the demo's scenario, lab file and documents; the other
# examples and the scenario schema (for editors); the gazetteer (R4.3); the
# holiday calendars (campaign); the output schemas.
install(FILES
  scenarios/demo.yaml scenarios/demo-lab.yaml scenarios/full-accreditation.yaml
  scenarios/operator-precheck.yaml scenarios/operator-precheck.json scenarios/schema.json
  DESTINATION ${pooltest_share}/scenarios)
install(DIRECTORY scenarios/documents DESTINATION ${pooltest_share}/scenarios)
install(FILES checks/data/kz-settlements.json DESTINATION ${pooltest_share}/checks/data)
install(DIRECTORY data/calendars/kz DESTINATION ${pooltest_share}/data/calendars
        FILES_MATCHING PATTERN "*.json")
install(DIRECTORY reports/schemas DESTINATION ${pooltest_share}/reports
        FILES_MATCHING PATTERN "*.schema.json")
# The pinned fetch of the examples' real IP databases (${POOLTEST_LAB_DATA}),
# named by validate's hint when they are missing.
install(PROGRAMS ci/fetch-lab-data.sh DESTINATION ${pooltest_share}/ci)
# Written by the build (refpool/data, checks/CMakeLists.txt): the reference
# pool's databases, its ASN ranges and GeoNames' populated places.
install(DIRECTORY ${POOLTEST_DATA_DIR}/ DESTINATION ${pooltest_share}/data
        FILES_MATCHING PATTERN "refpool*.mmdb" PATTERN "asn-ranges.csv"
        PATTERN "kz-places.json")

# Documentation and the licences of the data that travels with pooltest.
install(FILES README.md data/ATTRIBUTION.md DESTINATION ${pooltest_doc})
install(FILES scenarios/README.md scenarios/lab-file.md DESTINATION ${pooltest_doc}/scenarios)
install(FILES data/geo/LICENSE-amcharts data/geo/README.md DESTINATION ${pooltest_doc}/geo)

# Man pages (generated, harness/cli/CMakeLists.txt) and shell completion.
install(FILES ${POOLTEST_MAN_DIR}/pooltest.1.gz DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
install(FILES ${POOLTEST_MAN_DIR}/pooltest-scenario.5.gz DESTINATION ${CMAKE_INSTALL_MANDIR}/man5)
install(FILES harness/cli/completion/pooltest.bash
        DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions RENAME pooltest)
install(FILES harness/cli/completion/_pooltest
        DESTINATION ${CMAKE_INSTALL_DATADIR}/zsh/vendor-completions)
