#include "probes/support/support_request.h"

namespace pooltest {

SupportMessage MakeSupportMessage(const std::string& token) {
  SupportMessage m;
  m.token = token;
  m.subject = "pooltest support check " + token;
  m.body =
      "This is an automated accreditation test request (R4.5, 24/7 support). Please reply to "
      "this message; reference " +
      token + ".";
  return m;
}

}  // namespace pooltest
