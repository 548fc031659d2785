// RFC 8785 JSON Canonicalization Scheme (JCS): the same JSON value always
// serialises to the same bytes, so a detached signature over act.json can be
// checked by anyone who re-reads it. Object members sorted by the UTF-16 code
// units of their names, no whitespace, numbers as ECMAScript's
// Number.prototype.toString writes the IEEE-754 double, strings with only the
// escapes JSON requires. Contract: fails (never throws) on NaN/Infinity and
// on strings that are not valid UTF-8, naming the JSON path at fault.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "core/result.h"

namespace pooltest {

Result<std::string> CanonicalJson(const nlohmann::json& value);

// ECMAScript Number::toString(x) for a finite double ("1e+21", "0.000001",
// "1e-7", "-0" -> "0"). Precondition: std::isfinite(x).
std::string EcmaNumber(double x);

}  // namespace pooltest
