#include "harness/cli/usage_hint.h"

#include "scenarios/did_you_mean.h"

namespace pooltest {
namespace {

std::vector<std::string> SubcommandNames(CLI::App& app) {
  std::vector<std::string> names;
  for (const CLI::App* sub : app.get_subcommands([](CLI::App*) { return true; }))
    names.push_back(sub->get_name());
  return names;
}

// "--name" for every long option of `app`, "--help" included.
std::vector<std::string> LongOptions(CLI::App& app) {
  std::vector<std::string> names;
  for (const CLI::Option* opt : app.get_options())
    for (const std::string& n : opt->get_lnames()) names.push_back("--" + n);
  return names;
}

bool Known(const std::vector<std::string>& names, const std::string& word) {
  for (const std::string& n : names)
    if (n == word) return true;
  return false;
}

std::string DidYouMean(const std::string& word, const std::vector<std::string>& names) {
  std::optional<std::string> near = ClosestMatch(word, names);
  return near ? "'" + word + "': did you mean '" + *near + "'?" : "";
}

}  // namespace

std::string UsageHint(CLI::App& app, const std::vector<std::string>& args) {
  // Down the chain of sub-commands ("registry add"): at each level that has
  // sub-commands, the next word must name one.
  CLI::App* sub = nullptr;
  CLI::App* level = &app;
  for (const std::string& a : args) {
    if (a.empty() || a[0] == '-') continue;
    const std::vector<std::string> subs = SubcommandNames(*level);
    if (subs.empty()) break;
    if (!Known(subs, a)) return DidYouMean(a, subs);
    sub = level->get_subcommand(a);
    level = sub;
  }
  if (sub == nullptr) return "";
  const std::vector<std::string> options = LongOptions(*sub);
  for (const std::string& a : args) {
    if (a.rfind("--", 0) != 0 || a.size() == 2) continue;
    const std::string name = a.substr(0, a.find('='));
    if (!Known(options, name)) return DidYouMean(name, options);
  }
  return "";
}

}  // namespace pooltest
