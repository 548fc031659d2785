#include "harness/cli/completion.h"

#include <algorithm>
#include <utility>

namespace pooltest {
namespace {

bool IsOptionWord(const std::string& w) { return w.size() > 1 && w[0] == '-'; }

CLI::App* FindSubcommand(CLI::App& app, const std::string& name) {
  for (CLI::App* sub : app.get_subcommands([](CLI::App*) { return true; }))
    if (sub->get_name() == name) return sub;
  return nullptr;
}

const CLI::Option* FindOption(const CLI::App& app, const std::string& word) {
  const std::string name = word.substr(0, word.find('='));
  for (const CLI::Option* opt : app.get_options()) {
    for (const std::string& n : opt->get_lnames())
      if (name == "--" + n) return opt;
    for (const std::string& n : opt->get_snames())
      if (name == "-" + n) return opt;
  }
  return nullptr;
}

bool TakesValue(const CLI::Option& opt) { return opt.get_type_size_max() > 0; }

// What a value of `opt` is, from its type name ("SCENARIO") or the values
// its validator lists ("TEXT:{start,resume}").
CompletionReply ValueOf(const CLI::Option& opt) {
  const std::string type = opt.get_type_name();
  CompletionReply r;
  const size_t open = type.find(":{");
  if (open != std::string::npos && type.back() == '}') {
    r.kind = "words";
    std::string list = type.substr(open + 2, type.size() - open - 3);
    for (size_t at = 0; at <= list.size();) {
      const size_t comma = std::min(list.find(',', at), list.size());
      if (comma > at) r.words.push_back(list.substr(at, comma - at));
      at = comma + 1;
    }
    return r;
  }
  static const std::pair<const char*, const char*> kKinds[] = {
      {"SCENARIO", "scenario"}, {"LAB", "yaml"}, {"CONFIG", "yaml"}, {"ACT_DIR", "act-dir"},
      {"ACT", "act"},           {"DIR", "dir"},  {"FILE", "file"}};
  for (const auto& [name, kind] : kKinds)
    if (type == name) r.kind = kind;
  return r;
}

CompletionReply OptionNames(const CLI::App& app) {
  CompletionReply r{"words", {}};
  for (const CLI::Option* opt : app.get_options()) {
    for (const std::string& n : opt->get_lnames()) r.words.push_back("--" + n);
    for (const std::string& n : opt->get_snames()) r.words.push_back("-" + n);
  }
  return r;
}

// The positional that the `index`-th positional word fills, if any.
const CLI::Option* Positional(const CLI::App& app, int index) {
  int seen = 0;
  for (const CLI::Option* opt : app.get_options()) {
    if (!opt->get_positional() || opt->nonpositional()) continue;
    seen += std::max(1, opt->get_expected_max());
    if (index < seen) return opt;
  }
  return nullptr;
}

}  // namespace

CompletionReply Complete(CLI::App& app, const std::vector<std::string>& words) {
  const std::string cur = words.empty() ? "" : words.back();
  const size_t prior = words.empty() ? 0 : words.size() - 1;
  CLI::App* sub = nullptr;
  size_t i = 0;
  for (; i < prior && sub == nullptr; ++i)
    if (!IsOptionWord(words[i])) sub = FindSubcommand(app, words[i]);
  if (sub == nullptr) {
    if (cur.rfind('-', 0) == 0) return OptionNames(app);
    CompletionReply r{"words", {}};
    for (const CLI::App* s :
         app.get_subcommands([](CLI::App* s) { return !s->get_group().empty(); }))
      r.words.push_back(s->get_name());
    return r;
  }
  // Walk the sub-command's words: an option taking a value eats the next
  // word (unless written --opt=value); every other word is a positional.
  const CLI::Option* pending = nullptr;
  int positionals = 0;
  bool only_positionals = false;
  for (; i < prior; ++i) {
    const std::string& w = words[i];
    if (pending != nullptr) {
      pending = nullptr;
    } else if (!only_positionals && w == "--") {
      only_positionals = true;
    } else if (!only_positionals && IsOptionWord(w)) {
      const CLI::Option* opt = FindOption(*sub, w);
      if (opt != nullptr && TakesValue(*opt) && w.find('=') == std::string::npos) pending = opt;
    } else {
      ++positionals;
    }
  }
  if (pending != nullptr) return ValueOf(*pending);
  if (!only_positionals && cur.rfind('-', 0) == 0) return OptionNames(*sub);
  const CLI::Option* positional = Positional(*sub, positionals);
  return positional != nullptr ? ValueOf(*positional) : CompletionReply{};
}

std::string FormatCompletion(const CompletionReply& reply) {
  std::string out = reply.kind + "\n";
  for (const std::string& w : reply.words) out += w + "\n";
  return out;
}

}  // namespace pooltest
