// The lab's signing key for `pooltest run`: a PKCS#12 file whose password
// comes from an environment variable or a file — never from the command
// line (visible in `ps` and shell history) and never echoed into logs.
#pragma once

#include <optional>
#include <string>

#include "core/result.h"
#include "reports/act_signature.h"

namespace pooltest {

// nullopt when no --sign-p12 was given; an error names the option or file
// at fault (never the password).
Result<std::optional<SigningIdentity>> LoadSigner(const std::string& p12,
                                                  const std::string& password_env,
                                                  const std::string& password_file);

}  // namespace pooltest
