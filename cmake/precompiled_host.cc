// The one source of the precompiled-header hosts (cmake/precompiled_headers.cmake):
// it compiles to nothing; the target exists so its PCH can be reused.
