# The Debian package, pooltest_<version>_amd64.deb, from the install rules
# (cmake/install.cmake): `bash ci/package.sh`. Library dependencies come
# from dpkg-shlibdeps over the installed binary; the programs pooltest runs
# and the data it reads are declared by hand below.
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME pooltest)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_CONTACT "pooltest maintainers <pooltest@localhost>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
    "conformance test harness for the accreditation of digital mining pools (Kazakhstan)")
set(CPACK_PACKAGE_DESCRIPTION
    "pooltest probes a candidate mining pool over the network (sites, channels, support, web UI) and writes the evidence, verdicts and a signed act. Includes a reference pool and `pooltest demo`.")
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)  # pooltest_<version>_<arch>.deb
set(CPACK_DEBIAN_PACKAGE_SECTION utils)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# Spawned or read at run time, not linked: Chromium prints act.pdf (the demo
# always asks for it) and renders UI pages; the act names DejaVu fonts; the
# date library reads the system's time-zone database; TLS checks need the
# CA bundle.
set(CPACK_DEBIAN_PACKAGE_DEPENDS "chromium, fonts-dejavu-core, tzdata, ca-certificates")
# pandoc writes the dossier's editable DOCX copies (pooltest dossier); without it
# the dossier has its HTML and PDF only and says so.
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "pandoc")
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "bash-completion")
# The build is RelWithDebInfo; the package carries the stripped binary.
set(CPACK_STRIP_FILES ON)
include(CPack)
