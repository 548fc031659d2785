#include <iostream>

#include "harness/cli/commands.h"
#include "harness/cli/exit_codes.h"
#include "harness/cli/sign_options.h"
#include "reports/dossier_writer.h"

namespace pooltest {

// Exit 0: every document of the list is drafted or attached; 2: the dossier
// is written but a document is missing (the list says what to do); 1: the
// act does not verify (nothing written); 4: the act cannot be read or the
// dossier cannot be written; 3: the signing key cannot be loaded.
int DossierCommand(const DossierArgs& args) {
  Result<std::optional<SigningIdentity>> signer =
      LoadSigner(args.sign_p12, args.sign_password_env, args.sign_password_file);
  if (!signer) {
    std::cerr << "pooltest dossier: cannot sign the manifest: " << signer.error().message << "\n";
    return kExitScenarioError;
  }
  DossierOptions o;
  o.act_dir = args.act_dir;
  o.out_dir = args.out_dir;
  o.route = args.route == "office" ? DossierRoute::kOffice : DossierRoute::kPortal;
  o.request = args.request == "reissue" ? DossierRequest::kReissue : DossierRequest::kNew;
  o.verify.ca_file = args.ca_file;
  o.verify.tsa_ca_file = args.tsa_ca_file;
  o.unverified = args.unverified;
  o.rental_contract = args.rental_contract;
  o.signer = std::move(*signer);
  Result<DossierOutcome> r = WriteDossier(o);
  if (!r) {
    std::cerr << "pooltest dossier: " << r.error().message << "\n";
    return r.error().message.rfind(kDossierRefused, 0) == 0 ? kExitFailed : kExitHarnessError;
  }
  for (const std::string& w : r->warnings) std::cerr << "warning: " << w << "\n";
  if (args.json) {
    std::cout << r->dossier.dump(2) << "\n";
  } else {
    for (const nlohmann::json& d : r->dossier["documents"]) {
      std::cout << d["status"].get<std::string>() << "\t" << d["id"].get<std::string>() << "\n";
    }
    std::cout << (r->complete ? "COMPLETE" : "INCOMPLETE") << ": " << r->files.size()
              << " file(s) in " << args.out_dir << " (documents-kk.html lists them)\n";
  }
  return r->complete ? kExitPositive : kExitInconclusive;
}

}  // namespace pooltest
