#include "harness/cli/sign_options.h"

#include <cstdlib>
#include <fstream>

namespace pooltest {

Result<std::optional<SigningIdentity>> LoadSigner(const std::string& p12,
                                                  const std::string& password_env,
                                                  const std::string& password_file) {
  if (p12.empty()) {
    if (!password_env.empty() || !password_file.empty()) {
      return Error{"--sign-password-env/--sign-password-file given without --sign-p12"};
    }
    return std::optional<SigningIdentity>();
  }
  if (!password_env.empty() && !password_file.empty()) {
    return Error{
        "give the PKCS#12 password either by --sign-password-env or by "
        "--sign-password-file, not both"};
  }
  std::string password;
  if (!password_env.empty()) {
    const char* v = std::getenv(password_env.c_str());
    if (v == nullptr) {
      return Error{"environment variable " + password_env +
                   " (--sign-password-env) is not set; export it with the PKCS#12 password"};
    }
    password = v;
  } else if (!password_file.empty()) {
    std::ifstream in(password_file, std::ios::binary);
    if (!in) return Error{"cannot read the password file '" + password_file + "'"};
    std::getline(in, password);
    if (!password.empty() && password.back() == '\r') password.pop_back();
  } else {
    return Error{"--sign-p12 needs --sign-password-env VAR or --sign-password-file FILE"};
  }
  Result<SigningIdentity> id = LoadPkcs12(p12, password);
  std::fill(password.begin(), password.end(), '\0');
  if (!id) return id.error();
  return std::optional<SigningIdentity>(std::move(*id));
}

}  // namespace pooltest
